// Record requests shared by the company and people strategies: get, query, create, PATCH, and
// creation serialised by a claim on a normalised key.
import type { z } from "zod";
import { AttioError } from "./errors";
import { DEFAULT_FIELD_POLICY, type FieldPolicy } from "./field-policy";
import { attioRequest, type HttpConfig } from "./http";

export interface AttioRecordRef {
  id: string;
  webUrl: string | null;
}

export type Values = Record<string, unknown[]>;
export type RecordObject = "people" | "companies";

/**
 * Claims on normalised keys, so that only one sync creates the record of a key that Attio cannot
 * assert on (a company known by name only, a person known by LinkedIn URL or name). Implemented
 * on the database by the worker; the client only calls it.
 */
export interface RecordClaims {
  /**
   * The record id this key already maps to, or `mine: true` when this caller holds the claim and
   * must create (or find) the record and `settle` it. Throws a retryable error while another
   * sync holds an unsettled claim on the key.
   */
  acquire(key: string, owner: string): Promise<{ recordId: string | null; mine: boolean }>;
  settle(key: string, owner: string, recordId: string): Promise<void>;
  /** The mapped record is gone from Attio (deleted or merged): the next acquire starts over. */
  forget(key: string, recordId: string): Promise<void>;
}

export function clean(v: string | null | undefined): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

export function invalidInput(message: string): AttioError {
  return new AttioError(`Attio invalid_input: ${message}`, { status: null, code: "invalid_input", retryable: false });
}

export function toRef(record: { id: { record_id: string }; web_url: string | null }): AttioRecordRef {
  return { id: record.id.record_id, webUrl: record.web_url };
}

export function recordPath(object: RecordObject, recordId: string): string {
  return `/objects/${object}/records/${encodeURIComponent(recordId)}`;
}

export function isUniquenessConflict(err: unknown): boolean {
  return err instanceof AttioError && err.status === 400 && err.code === "uniqueness_conflict";
}

export async function nullOn404<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    // Deleted or merged away; not a merge still in progress (retryable: the record is coming).
    if (err instanceof AttioError && err.status === 404 && !err.retryable) return null;
    throw err;
  }
}

type DataSchema<R> = z.ZodType<{ data: R }>;
type ListSchema<R> = z.ZodType<{ data: R[] }>;

/** How a strategy resolves the lead's record besides its values: shared by companies and people. */
export interface ResolveOptions {
  /** Attio record id from a previous sync (or an earlier step of this run). */
  knownId?: string | null;
  /** The lead's key (company key or person key) is the one `knownId` was resolved for. */
  knownIsCurrent?: boolean;
  policy?: FieldPolicy;
  /**
   * Whether this lead owns the record it resolved to, given the record's id and the unique values
   * it holds (a person's emails, a company's domains); a lead that does not only fills blanks, so
   * leads sharing a record never flip it back and forth.
   */
  ownsRecord?: boolean | ((recordId: string, heldValues: string[]) => Promise<boolean>);
  claims?: RecordClaims;
  /** Who holds a claim (the run), so a retry of the same run resumes its own claim. */
  claimOwner?: string;
}

/**
 * What a strategy needs to resolve one object's record for a lead: the record requests bound to
 * the object's schemas, the policy in force, ownership as a function of the record id (a lead owns
 * what it resolves to unless told otherwise) and creation through the key's claim.
 */
export function recordResolver<R extends { id: { record_id: string } }>(
  http: HttpConfig,
  object: RecordObject,
  schemas: { one: DataSchema<R>; list: ListSchema<R> },
  opts: ResolveOptions,
) {
  const get = (recordId: string) => getRecord(http, object, recordId, schemas.one);
  return {
    get,
    queryFirst: (filter: Record<string, unknown>) => queryFirst(http, object, filter, schemas.list),
    query: (filter: Record<string, unknown>, limit: number) => queryRecords(http, object, filter, limit, schemas.list),
    create: (values: Values) => createRecord(http, object, values, schemas.one),
    patch: (recordId: string, values: Values) => patchRecord(http, object, recordId, values, schemas.one),
    policy: opts.policy ?? DEFAULT_FIELD_POLICY,
    ownsRecord: async (recordId: string, heldValues: string[]) =>
      typeof opts.ownsRecord === "function" ? opts.ownsRecord(recordId, heldValues) : (opts.ownsRecord ?? true),
    findOrCreateClaimed: (key: string, find: () => Promise<R | null>, create: () => Promise<R>) =>
      findOrCreateClaimed({ claims: opts.claims, key, owner: opts.claimOwner ?? "direct", get, find, create }),
  };
}

/** A record by id, or null when it no longer exists (deleted or merged away in Attio). */
export async function getRecord<R>(http: HttpConfig, object: RecordObject, recordId: string, schema: DataSchema<R>): Promise<R | null> {
  const res = await nullOn404(attioRequest(http, { method: "GET", path: recordPath(object, recordId), schema }));
  return res?.data ?? null;
}

/** Up to `limit` records matching `filter`. */
export async function queryRecords<R>(
  http: HttpConfig,
  object: RecordObject,
  filter: Record<string, unknown>,
  limit: number,
  schema: ListSchema<R>,
): Promise<R[]> {
  const res = await attioRequest(http, { method: "POST", path: `/objects/${object}/records/query`, body: { filter, limit }, schema });
  return res.data;
}

export async function queryFirst<R>(
  http: HttpConfig,
  object: RecordObject,
  filter: Record<string, unknown>,
  schema: ListSchema<R>,
): Promise<R | null> {
  return (await queryRecords(http, object, filter, 1, schema))[0] ?? null;
}

export async function createRecord<R>(http: HttpConfig, object: RecordObject, values: Values, schema: DataSchema<R>): Promise<R> {
  const res = await attioRequest(http, { method: "POST", path: `/objects/${object}/records`, body: { data: { values } }, schema });
  return res.data;
}

/** PATCH on a record id: single values are replaced, multi-value attributes gain the values sent. */
export async function patchRecord<R>(
  http: HttpConfig,
  object: RecordObject,
  recordId: string,
  values: Values,
  schema: DataSchema<R>,
): Promise<R | null> {
  const res = await nullOn404(
    attioRequest(http, { method: "PATCH", path: recordPath(object, recordId), body: { data: { values } }, schema }),
  );
  return res?.data ?? null;
}

/**
 * What a claim key names, for failure text: the kind of record only. Keys hold a lead's normalised
 * name or LinkedIn URL, and failure text reaches the sync log and the alert webhook.
 */
export function describeClaimKey(key: string): string {
  const [object, kind] = key.split(":");
  const what = object === "company" ? "company" : object === "person" ? "person" : "record";
  if (kind === "linkedin") return `the ${what} known by its LinkedIn URL`;
  if (kind === "name") return `the ${what} known by name only`;
  return `the ${what}`;
}

/**
 * Finds or creates the record of a key Attio cannot assert on, creating at most one per key even
 * when several syncs race: the claim (when given) lets one creator through and makes the others
 * retry until its record id is known. `find` looks the record up in Attio (it may exist from
 * before leadsync, or from a creator that crashed before settling); `create` makes it.
 */
export async function findOrCreateClaimed<R extends { id: { record_id: string } }>(opts: {
  claims?: RecordClaims;
  key: string;
  owner: string;
  get: (recordId: string) => Promise<R | null>;
  find: () => Promise<R | null>;
  create: () => Promise<R>;
}): Promise<{ record: R; created: boolean }> {
  const { claims, key, owner } = opts;
  if (!claims) {
    const found = await opts.find();
    return found ? { record: found, created: false } : { record: await opts.create(), created: true };
  }
  for (let round = 0; round < 2; round++) {
    const claim = await claims.acquire(key, owner);
    if (claim.recordId) {
      const known = await opts.get(claim.recordId);
      if (known) return { record: known, created: false };
      await claims.forget(key, claim.recordId);
      continue;
    }
    const found = await opts.find();
    const record = found ?? (await opts.create());
    await claims.settle(key, owner, record.id.record_id);
    return { record, created: !found };
  }
  throw new AttioError(`The Attio record of ${describeClaimKey(key)} vanished twice while resolving it; the sync will retry.`, {
    status: null,
    code: "record_vanished",
    retryable: true,
  });
}
