/**
 * Lists and list entries (docs/attio-api.md section 11): an entry belongs to one parent record and
 * carries the list's own attribute values (a stage, an owner...).
 *
 * - `POST /v2/lists/{list}/entries` always adds an entry, so the same record can be added twice.
 * - `PUT /v2/lists/{list}/entries` asserts by parent record: no entry -> create; one -> the supplied
 *   attributes are overwritten (multiselects replaced, others untouched); several -> 400
 *   `multiple_match_results` (documented code).
 */
import { invalidRequest, notFound, recordNotFound, validationError } from "./errors";
import type { AttributeTarget } from "./attributes";
import type { AttributeDef, ObjectDef, Schema } from "./schema";
import { isPlainObject, isUuid, nowTimestamp, uuid } from "./util";
import { compileFilter } from "./filter";
import { parseWriteValues, readValue, type Actor, type ReferenceResolver, type StoredValue } from "./values";

export interface FakeList extends AttributeTarget {
  kind: "lists";
  apiSlug: string;
  name: string;
  parentObject: "people" | "companies";
  createdBy: Actor | { type: "workspace-member"; id: string };
}

export interface ListEntry {
  id: string;
  listId: string;
  parentObject: "people" | "companies";
  parentRecordId: string;
  createdAt: string;
  seq: number;
  values: Map<string, StoredValue[]>;
}

/** What an entry write needs from the workspace. */
export interface EntryContext {
  resolver: ReferenceResolver;
  schema: Schema;
  object(slugOrId: string): ObjectDef;
  recordExists(obj: ObjectDef, id: string): boolean;
  nextSeq(): number;
}

export function listToApi(workspaceId: string, l: FakeList): Record<string, unknown> {
  return {
    id: { workspace_id: workspaceId, list_id: l.id },
    api_slug: l.apiSlug,
    name: l.name,
    parent_object: [l.parentObject],
    workspace_access: "full-access",
    workspace_member_access: [],
    created_by_actor: { type: l.createdBy.type, id: l.createdBy.id },
    created_at: l.createdAt,
  };
}

export function entryToApi(workspaceId: string, list: FakeList, e: ListEntry): Record<string, unknown> {
  const entryValues: Record<string, unknown[]> = {};
  for (const attr of list.attributes) {
    if (attr.custom?.archived) continue;
    entryValues[attr.slug] = (e.values.get(attr.slug) ?? []).map((v) => readValue(attr, v));
  }
  return {
    id: { workspace_id: workspaceId, list_id: list.id, entry_id: e.id },
    parent_record_id: e.parentRecordId,
    parent_object: e.parentObject,
    created_at: e.createdAt,
    entry_values: entryValues,
  };
}

/** The list's attributes seen as an "object", so values.ts parses entry values like record values. */
function asObject(list: FakeList): ObjectDef {
  return { id: list.id, slug: list.parentObject, noun: "person", attributes: list.attributes.filter((a) => !a.custom?.archived) };
}

interface EntryWrite {
  parent: ObjectDef;
  parentRecordId: string;
  values: Map<AttributeDef, Record<string, string>[]>;
}

function parseEntryBody(list: FakeList, body: unknown, ctx: EntryContext): EntryWrite {
  const data = isPlainObject(body) ? body.data : undefined;
  if (!isPlainObject(data)) {
    throw validationError("Body payload validation error.", [{ code: "invalid_type", path: ["data"], message: "Required" }]);
  }
  if (!isUuid(data.parent_record_id)) {
    throw validationError("Body payload validation error.", [
      { code: "invalid_string", path: ["data", "parent_record_id"], message: "Invalid uuid" },
    ]);
  }
  if (typeof data.parent_object !== "string") {
    throw validationError("Body payload validation error.", [
      { code: "invalid_type", path: ["data", "parent_object"], message: "Required" },
    ]);
  }
  const parent = ctx.object(data.parent_object);
  if (parent.slug !== list.parentObject) {
    // Code unverified: a record of another object cannot join the list.
    throw invalidRequest("value_not_found", `List "${list.apiSlug}" accepts records of "${list.parentObject}" only.`);
  }
  if (!ctx.recordExists(parent, data.parent_record_id)) throw recordNotFound(data.parent_record_id);
  const values = parseWriteValues(asObject(list), data.entry_values ?? {}, ctx.schema, ctx.resolver);
  return { parent, parentRecordId: data.parent_record_id, values };
}

function apply(entry: ListEntry, values: EntryWrite["values"], actor: Actor, at: string): void {
  for (const [attr, incoming] of values) {
    const existing = entry.values.get(attr.slug) ?? [];
    const keep = (d: Record<string, string>) => existing.find((v) => JSON.stringify(v.data) === JSON.stringify(d));
    entry.values.set(
      attr.slug,
      incoming.map((d) => keep(d) ?? { data: d, active_from: at, actor }),
    );
  }
}

export function createEntry(list: FakeList, entries: ListEntry[], body: unknown, actor: Actor, ctx: EntryContext): ListEntry {
  const w = parseEntryBody(list, body, ctx);
  const entry: ListEntry = {
    id: uuid(),
    listId: list.id,
    parentObject: list.parentObject,
    parentRecordId: w.parentRecordId,
    createdAt: nowTimestamp(),
    seq: ctx.nextSeq(),
    values: new Map(),
  };
  apply(entry, w.values, actor, entry.createdAt);
  entries.push(entry);
  return entry;
}

export function assertEntry(list: FakeList, entries: ListEntry[], body: unknown, actor: Actor, ctx: EntryContext): ListEntry {
  const w = parseEntryBody(list, body, ctx);
  const matches = entries.filter((e) => e.listId === list.id && e.parentRecordId === w.parentRecordId);
  if (matches.length > 1) {
    throw invalidRequest(
      "multiple_match_results",
      `Multiple entries in list "${list.apiSlug}" have parent record "${w.parentRecordId}": ${matches.map((e) => e.id).join(", ")}.`,
    );
  }
  if (matches.length === 0) return createEntry(list, entries, body, actor, ctx);
  apply(matches[0], w.values, actor, nowTimestamp());
  return matches[0];
}

export function findEntry(list: FakeList, entries: ListEntry[], entryId: string): ListEntry {
  const e = entries.find((x) => x.listId === list.id && x.id === entryId);
  if (!e) throw notFound(`List entry with ID "${entryId}" not found.`);
  return e;
}

/**
 * `POST /v2/lists/{list}/entries/query`. Filters: `parent_record_id` and `parent_object` (exact
 * match, the shorthand Attio documents for entries), and the list's attributes with the record
 * query's grammar (filter.ts: shorthand, `$eq`/`$in`/`$not_empty`..., `$and`/`$or`/`$not`; a
 * status or select is named by title or id, e.g. `{"stage": "Won"}`). Pages with limit/offset.
 */
export function queryEntries(list: FakeList, entries: ListEntry[], body: unknown, schema: Schema): ListEntry[] {
  const b = body === undefined ? {} : body;
  if (!isPlainObject(b)) throw validationError("The request body must be a JSON object.");
  const limit = b.limit ?? 500;
  const offset = b.offset ?? 0;
  if (typeof limit !== "number" || typeof offset !== "number" || limit < 0 || offset < 0) {
    throw validationError('"limit" and "offset" must be non-negative integers.');
  }
  const filter = b.filter ?? {};
  if (!isPlainObject(filter)) throw validationError("`filter` must be an object.");
  const { parent_record_id, parent_object, ...byAttribute } = filter;
  const mine = entries.filter((e) => e.listId === list.id);
  const byId = new Map(mine.map((e) => [e.id, e]));
  const matches = compileFilter(asObject(list), Object.keys(byAttribute).length ? byAttribute : undefined, {
    schema,
    values: (_object, entryId, attr) => (byId.get(entryId)?.values.get(attr.slug) ?? []).map((v) => v.data),
  });
  return mine
    .filter(
      (e) =>
        (parent_record_id === undefined || e.parentRecordId === parent_record_id) &&
        (parent_object === undefined || e.parentObject === parent_object) &&
        matches(e.id),
    )
    .sort((a, b2) => a.seq - b2.seq)
    .slice(offset, offset + limit);
}

/**
 * `PATCH /v2/lists/{list}/entries/{entry_id}` (multiselect values prepended) and `PUT` (replaced):
 * body `{"data":{"entry_values":{...}}}`; attributes not sent stay.
 */
export function updateEntry(
  list: FakeList,
  entry: ListEntry,
  body: unknown,
  mode: "patch" | "put",
  actor: Actor,
  ctx: EntryContext,
): ListEntry {
  const data = isPlainObject(body) ? body.data : undefined;
  if (!isPlainObject(data) || !isPlainObject(data.entry_values)) {
    throw validationError("Body payload validation error.", [
      { code: "invalid_type", path: ["data", "entry_values"], message: "Required" },
    ]);
  }
  const values = parseWriteValues(asObject(list), data.entry_values, ctx.schema, ctx.resolver);
  if (mode === "patch") {
    for (const [attr, incoming] of values) {
      if (!attr.multi) continue;
      const existing = (entry.values.get(attr.slug) ?? []).map((v) => v.data);
      const fresh = incoming.filter((d) => !existing.some((x) => JSON.stringify(x) === JSON.stringify(d)));
      values.set(attr, [...fresh, ...existing]);
    }
  }
  apply(entry, values, actor, nowTimestamp());
  return entry;
}

/** `DELETE /v2/lists/{list}/entries/{entry_id}`: 404 `not_found` when unknown. */
export function deleteEntry(list: FakeList, entries: ListEntry[], entryId: string): void {
  const e = findEntry(list, entries, entryId);
  entries.splice(entries.indexOf(e), 1);
}

/** `GET /v2/objects/{object}/records/{record_id}/entries`: the record's entries across lists, oldest first. */
export function recordEntriesToApi(
  lists: FakeList[],
  entries: ListEntry[],
  recordId: string,
  limit: number,
  offset: number,
): Record<string, unknown>[] {
  return entries
    .filter((e) => e.parentRecordId === recordId)
    .sort((a, b) => a.seq - b.seq)
    .slice(offset, offset + limit)
    .map((e) => ({
      list_id: e.listId,
      list_api_slug: lists.find((l) => l.id === e.listId)?.apiSlug ?? "",
      entry_id: e.id,
      created_at: e.createdAt,
    }));
}
