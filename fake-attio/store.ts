/**
 * In-memory workspace: people, companies and notes, with Attio's write semantics
 * (docs/attio-api.md sections 3 and 5): create / assert / PATCH (prepend) / PUT (replace), uniqueness
 * of `email_addresses` and `domains`, the person.company <-> company.team relationship, and notes.
 *
 * Everything is synchronous: one request's validation and mutation happen atomically, so the only
 * way to get duplicates is what real Attio allows too (non-unique attributes such as names).
 * Over 300 lines: records and their uniqueness indexes share one private state. Notes live in notes.ts.
 */
import { AttioError, invalidRequest, objectNotFound, recordNotFound, uniquenessConflict, validationError, valueNotFound } from "./errors";
import { Crm } from "./crm";
import { countDuplicates, type DuplicateCounts } from "./duplicates";
import { compileFilter, compileSorts, type QueryContext } from "./filter";
import { NoteStore } from "./notes";
import { findAttribute, findObject, getAttribute, type AttributeDef, type ObjectDef, type ObjectSlug, type Schema } from "./schema";
import { parseWriteValues, readValue, valueKey, type Actor, type ReferenceResolver, type StoredValue, type ValueData } from "./values";
import { isPlainObject, nowTimestamp, uuid } from "./util";

export interface StoredRecord {
  id: string;
  object: ObjectSlug;
  createdAt: string;
  createdBy: Actor;
  seq: number;
  /** Non-system attributes by slug. `team` is never stored: it is derived from people's `company`. */
  values: Map<string, StoredValue[]>;
}

export interface StoreOptions {
  workspaceId: string;
  workspaceSlug: string;
  autoCreateCompanyFromEmail: boolean;
  /** Seed the CRM side with a pipeline list (crm.ts); default true. */
  seedCrm?: boolean;
  /** The fake clock (clock.ts), for merges still in progress. */
  now: () => number;
}

/** PATCH prepends multiselect values, PUT replaces them; assert adds to the matching attribute only. */
type WriteMode = "create" | "patch" | "put" | "assert";

/** Free-mail domains never get an auto-created company (mirrors Attio's documented intent; list is ours). */
const PERSONAL_EMAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "hotmail.com",
  "outlook.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.de",
  "yandex.ru",
  "mail.ru",
]);

export class Store {
  private records: Record<ObjectSlug, Map<string, StoredRecord>> = { people: new Map(), companies: new Map() };
  /** > 0: a merge answers 202 and its new record reads 404 merge_in_progress for this long (control setting). */
  mergeInProgressMs = 0;
  /** Record id -> fake instant its merge completes (see markMerging). */
  private mergingUntil = new Map<string, number>();
  /** Notes hang on records (notes.ts); a record's delete removes its notes. */
  readonly notes: NoteStore;
  private seq = 0;
  readonly resolver: ReferenceResolver;
  private readonly queryContext: QueryContext;
  /** Members, lists, entries and custom attributes (crm.ts). */
  readonly crm: Crm;

  constructor(
    readonly schema: Schema,
    private readonly opts: StoreOptions,
  ) {
    this.crm = new Crm(schema, opts.workspaceId, opts.seedCrm ?? true);
    this.notes = new NoteStore(opts.workspaceId, {
      object: (slug) => this.object(slug),
      recordExists: (object, id) => this.records[object].has(id),
      nextSeq: () => this.nextSeq(),
    });
    this.resolver = {
      exists: (object, id) => this.records[object].has(id),
      findByUnique: (object, slug, key) => this.findByUnique(object, slug, key),
      memberIdByEmail: (email) => this.crm.memberIdByEmail(email),
      memberExists: (id) => this.crm.memberExists(id),
    };
    this.queryContext = {
      schema,
      values: (object, id, attr) => {
        const rec = this.records[object].get(id);
        return rec ? this.apiValues(rec, attr) : [];
      },
    };
  }

  clear(): void {
    this.records = { people: new Map(), companies: new Map() };
    this.mergingUntil.clear();
    this.mergeInProgressMs = 0;
    this.notes.clear();
    this.crm.clear();
  }

  nextSeq(): number {
    return ++this.seq;
  }

  object(slugOrId: string): ObjectDef {
    const obj = findObject(this.schema, slugOrId);
    if (!obj) throw objectNotFound(slugOrId);
    return obj;
  }

  record(obj: ObjectDef, id: string): StoredRecord {
    const rec = this.records[obj.slug].get(id);
    if (!rec) throw recordNotFound(id);
    const until = this.mergingUntil.get(id);
    if (until !== undefined && this.opts.now() < until) {
      // docs/attio-api.md section 12: reads of a record still merging answer 404 merge_in_progress.
      throw new AttioError(404, "invalid_request_error", "merge_in_progress", `Record with ID "${id}" is still being merged.`);
    }
    return rec;
  }

  /** The fake clock's time (ms). */
  now(): number {
    return this.opts.now();
  }

  /** merge.ts: the new record of a 202 merge stays unreadable until the fake instant `until`. */
  markMerging(id: string, until: number): void {
    this.mergingUntil.set(id, until);
  }

  private merging(id: string): boolean {
    const until = this.mergingUntil.get(id);
    return until !== undefined && this.opts.now() < until;
  }

  all(object: ObjectSlug): StoredRecord[] {
    return [...this.records[object].values()];
  }

  // -------------------------------------------------------------------------------------------
  // Records: writes

  create(obj: ObjectDef, valuesInput: unknown, actor: Actor): StoredRecord {
    const parsed = parseWriteValues(obj, valuesInput, this.schema, this.resolver);
    return this.createParsed(obj, parsed, actor);
  }

  /**
   * Assert (section 3.4). Choices where real behaviour is unverified: the matching attribute
   * absent/empty in `values` -> 400 `missing_value`; values matching two different records ->
   * 400 `multiple_match_results` (a code listed for this endpoint by a generated Attio SDK).
   */
  assert(obj: ObjectDef, matchingAttribute: string | null, valuesInput: unknown, actor: Actor): StoredRecord {
    if (matchingAttribute === null || matchingAttribute === "") {
      throw validationError("The matching_attribute query parameter is required.", [
        { code: "invalid_type", path: ["matching_attribute"], message: "Required", expected: "string", received: "undefined" },
      ]);
    }
    const matching = findAttribute(obj, matchingAttribute);
    if (!matching) throw valueNotFound(`No attribute was found for matching_attribute slug/ID "${matchingAttribute}".`);
    if (!matching.unique) {
      throw invalidRequest(
        "matching_attribute_definition_not_unique",
        `The attribute with slug "${matching.slug}" is not unique. Assert requires a matching_attribute with a uniqueness constraint.`,
      );
    }
    const parsed = parseWriteValues(obj, valuesInput, this.schema, this.resolver);
    const supplied = parsed.get(matching) ?? [];
    if (supplied.length === 0) {
      throw invalidRequest("missing_value", `A value for the matching attribute "${matching.slug}" must be provided in "values".`);
    }
    const matches = new Set<string>();
    for (const v of supplied) for (const id of this.findByUnique(obj.slug, matching.slug, valueKey(matching, v))) matches.add(id);
    if (matches.size > 1) {
      throw invalidRequest(
        "multiple_match_results",
        `Multiple records match the values provided for matching_attribute "${matching.slug}": ${[...matches].join(", ")}.`,
      );
    }
    if (matches.size === 0) return this.createParsed(obj, parsed, actor);
    const rec = this.record(obj, [...matches][0]);
    this.applyWrite(obj, rec, parsed, "assert", actor, matching);
    return rec;
  }

  update(obj: ObjectDef, id: string, valuesInput: unknown, mode: "patch" | "put", actor: Actor): StoredRecord {
    const rec = this.record(obj, id);
    const parsed = parseWriteValues(obj, valuesInput, this.schema, this.resolver);
    this.applyWrite(obj, rec, parsed, mode, actor);
    return rec;
  }

  /** Deleting a record removes its notes and any references to it (real cascade unverified). */
  delete(obj: ObjectDef, id: string): void {
    this.record(obj, id);
    this.records[obj.slug].delete(id);
    this.notes.deleteOf(id);
    // Its list entries go too (assumed: Attio's UI shows none for a deleted record).
    this.crm.entries = this.crm.entries.filter((e) => e.parentRecordId !== id);
    for (const object of ["people", "companies"] as const) {
      for (const rec of this.records[object].values()) {
        for (const [slug, vals] of rec.values) {
          const kept = vals.filter((v) => v.data.target_record_id !== id);
          if (kept.length !== vals.length) rec.values.set(slug, kept);
        }
      }
    }
  }

  /** For merge.ts: stores a record built elsewhere, with the next creation sequence number. */
  insertRecord(rec: Omit<StoredRecord, "seq">): StoredRecord {
    const stored: StoredRecord = { ...rec, seq: ++this.seq };
    this.records[rec.object].set(stored.id, stored);
    return stored;
  }

  /** For merge.ts: removes a record without the delete cascade (its references are moved instead). */
  removeRecord(object: ObjectSlug, id: string): void {
    this.records[object].delete(id);
  }

  private createParsed(obj: ObjectDef, parsed: Map<AttributeDef, ValueData[]>, actor: Actor): StoredRecord {
    const rec: StoredRecord = {
      id: uuid(),
      object: obj.slug,
      createdAt: nowTimestamp(),
      createdBy: actor,
      seq: ++this.seq,
      values: new Map(),
    };
    // Validate (uniqueness) before the record becomes visible, so a failed create leaves no trace.
    this.applyWrite(obj, rec, parsed, "create", actor, undefined, () => this.records[obj.slug].set(rec.id, rec));
    if (obj.slug === "people" && this.opts.autoCreateCompanyFromEmail && !parsed.has(getAttribute(obj, "company"))) {
      this.autoLinkCompany(rec, actor);
    }
    return rec;
  }

  /**
   * Computes the new value lists, checks uniqueness against every other record, then mutates.
   * `commit` runs between validation and mutation (used by create to insert the record).
   */
  private applyWrite(
    obj: ObjectDef,
    rec: StoredRecord,
    parsed: Map<AttributeDef, ValueData[]>,
    mode: WriteMode,
    actor: Actor,
    matching?: AttributeDef,
    commit?: () => void,
  ): void {
    const next = new Map<string, StoredValue[]>();
    // One instant per write: values written together share their active_from (= created_at on create).
    const at = mode === "create" ? rec.createdAt : nowTimestamp();
    let teamChange: { ids: string[]; additive: boolean } | undefined;
    for (const [attr, incoming] of parsed) {
      const additive = attr.multi && (mode === "patch" || (mode === "assert" && attr === matching));
      if (attr.inverse && attr.multi) {
        // company.team is the inverse of person.company: applied to the people after validation.
        teamChange = { ids: incoming.map((d) => d.target_record_id), additive };
        continue;
      }
      const existing = rec.values.get(attr.slug) ?? [];
      const byKey = new Map(existing.map((v) => [valueKey(attr, v.data), v]));
      // Re-supplying an existing value keeps it (and its active_from) rather than re-creating it.
      const fresh = incoming.map((d) => byKey.get(valueKey(attr, d)) ?? { data: d, active_from: at, actor });
      if (additive) {
        // PATCH: new values are prepended to the existing ones, which keep their order (section 3.5).
        next.set(attr.slug, [...fresh.filter((v) => !existing.includes(v)), ...existing]);
      } else {
        next.set(attr.slug, fresh);
      }
    }

    for (const [slug, vals] of next) {
      const attr = getAttribute(obj, slug);
      if (!attr.unique) continue;
      const conflicts = new Set<string>();
      for (const v of vals) {
        for (const id of this.findByUnique(obj.slug, slug, valueKey(attr, v.data))) if (id !== rec.id) conflicts.add(id);
      }
      if (conflicts.size) throw uniquenessConflict(slug, [...conflicts]);
    }

    commit?.();
    for (const [slug, vals] of next) rec.values.set(slug, vals);
    if (teamChange) this.applyTeam(rec, teamChange.ids, teamChange.additive, actor, at);
  }

  /** Writing company.team sets (and, when replacing, clears) person.company (relationship sync). */
  private applyTeam(company: StoredRecord, personIds: string[], additive: boolean, actor: Actor, at: string): void {
    const wanted = new Set(personIds);
    for (const person of this.records.people.values()) {
      const current = person.values.get("company")?.[0];
      const pointsHere = current?.data.target_record_id === company.id;
      if (wanted.has(person.id) && !pointsHere) {
        person.values.set("company", [{ data: { target_object: "companies", target_record_id: company.id }, active_from: at, actor }]);
      } else if (!additive && pointsHere && !wanted.has(person.id)) {
        person.values.set("company", []);
      }
    }
  }

  /**
   * Optional emulation of Attio's "create or link a company from the email domain" side effect
   * (section 3.3/11; exact real behaviour unverified): only on person creation, only without an
   * explicit company, skipping free-mail domains; matches/creates by the email's root domain.
   */
  private autoLinkCompany(person: StoredRecord, actor: Actor): void {
    const email = (person.values.get("email_addresses") ?? []).find((v) => !PERSONAL_EMAIL_DOMAINS.has(v.data.email_root_domain));
    if (!email) return;
    const domain = email.data.email_root_domain;
    let companyId = this.findByUnique("companies", "domains", domain)[0];
    if (!companyId) {
      const label = domain.split(".")[0];
      const company = this.createParsed(
        this.schema.companies,
        new Map([
          [getAttribute(this.schema.companies, "name"), [{ value: label.charAt(0).toUpperCase() + label.slice(1) }]],
          [getAttribute(this.schema.companies, "domains"), [{ domain, root_domain: domain }]],
        ]),
        actor,
      );
      companyId = company.id;
    }
    person.values.set("company", [
      { data: { target_object: "companies", target_record_id: companyId }, active_from: nowTimestamp(), actor },
    ]);
  }

  private findByUnique(object: ObjectSlug, slug: string, key: string): string[] {
    const attr = getAttribute(this.schema[object], slug);
    const out: string[] = [];
    for (const rec of this.records[object].values()) {
      if ((rec.values.get(slug) ?? []).some((v) => valueKey(attr, v.data) === key)) out.push(rec.id);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Records: reads

  /** Query (section 3.2). Body must be an object; limit default 500, offset default 0. */
  query(obj: ObjectDef, body: unknown): StoredRecord[] {
    if (!isPlainObject(body)) throw validationError("The request body must be a JSON object.");
    const limit = body.limit === undefined ? 500 : body.limit;
    const offset = body.offset === undefined ? 0 : body.offset;
    for (const [name, v] of [
      ["limit", limit],
      ["offset", offset],
    ] as const) {
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
        throw validationError(`"${name}" must be a non-negative integer.`, [
          { code: "invalid_type", path: [name], message: "Expected non-negative integer" },
        ]);
      }
    }
    if (body.filter !== undefined && !isPlainObject(body.filter)) {
      throw validationError("`filter` must be an object.");
    }
    const pred = compileFilter(obj, body.filter, this.queryContext);
    const cmp = compileSorts(obj, body.sorts, this.queryContext);
    // Without sorts: creation order (real order undocumented, section 3.2).
    let ids = [...this.records[obj.slug].values()]
      .sort((a, b) => a.seq - b.seq)
      .map((r) => r.id)
      .filter((id) => !this.merging(id))
      .filter(pred);
    if (cmp) ids = ids.sort((a, b) => cmp(a, b) || this.records[obj.slug].get(a)!.seq - this.records[obj.slug].get(b)!.seq);
    return ids.slice(offset as number, (offset as number) + (limit as number)).map((id) => this.records[obj.slug].get(id)!);
  }

  /** Active values of one attribute in API form (system attributes and `team` computed). */
  apiValues(rec: StoredRecord, attr: AttributeDef): Record<string, unknown>[] {
    const sys = { active_from: rec.createdAt, actor: rec.createdBy };
    switch (attr.slug) {
      case "record_id":
        return [readValue(attr, { ...sys, data: { value: rec.id } })];
      case "created_at":
        return [readValue(attr, { ...sys, data: { value: rec.createdAt } })];
      case "created_by":
        return [
          readValue(attr, { ...sys, data: { referenced_actor_type: rec.createdBy.type, referenced_actor_id: rec.createdBy.id ?? "" } }),
        ];
    }
    if (rec.object === "companies" && attr.slug === "team") {
      // Newest member first, consistent with PATCH prepending.
      const members: StoredValue[] = [];
      for (const p of this.records.people.values()) {
        const c = p.values.get("company")?.[0];
        if (c?.data.target_record_id === rec.id) {
          members.push({ data: { target_object: "people", target_record_id: p.id }, active_from: c.active_from, actor: c.actor });
        }
      }
      members.sort((a, b) => (a.active_from < b.active_from ? 1 : a.active_from > b.active_from ? -1 : 0));
      return members.map((v) => readValue(attr, v));
    }
    return (rec.values.get(attr.slug) ?? []).map((v) => readValue(attr, v));
  }

  toApi(rec: StoredRecord): Record<string, unknown> {
    const obj = this.schema[rec.object];
    const values: Record<string, unknown[]> = {};
    for (const attr of obj.attributes) values[attr.slug] = this.apiValues(rec, attr);
    return {
      id: { workspace_id: this.opts.workspaceId, object_id: obj.id, record_id: rec.id },
      created_at: rec.createdAt,
      web_url: `https://app.attio.com/${this.opts.workspaceSlug}/${obj.noun}/${rec.id}`,
      values,
    };
  }

  /** "Extra" records and notes per duplicate key, for stats(). */
  duplicates(): DuplicateCounts {
    return countDuplicates(this.all("people"), this.all("companies"), this.notes.all());
  }
}
