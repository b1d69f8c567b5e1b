/**
 * Record merge, `POST /v2/objects/{object}/records/merge` (docs/attio-api.md section 11).
 *
 * The OpenAPI copy in /work/shared predates this (beta) endpoint, so its shape comes from Attio's
 * docs page "Merge two records": body `{"data":{"primary_record_id","secondary_record_id"}}`; the
 * merge produces a NEW record (its `new_record_id` matches neither input), where both records have
 * a value for an attribute the primary's wins; both originals stop resolving (404), so repeating
 * the request answers 404 (not idempotent).
 *
 * Behaviours the docs leave open, as the fake chooses them (each marked "open" below):
 * - the response envelope: `{"data":{"new_record_id":"…"}}` (field named by the docs, envelope as
 *   every other endpoint, section 1);
 * - multi-value attributes (emails, domains) are unioned, primary's values first;
 * - notes and references to either original (a person's company, a note's parent) move to the new
 *   record; the new record's creator is the merging actor;
 * - merging a record with itself is a 400 `validation_type`;
 * - by default the fake merges synchronously (200); with `POST /__fake/merges {"inProgressMs": n}`
 *   it answers 202 (same body) and the new record reads 404 `merge_in_progress` (and is left out of
 *   queries) for n ms of fake time; the two record.merged events are sent at once either way
 *   (open: Attio may send them when the merge completes). The endpoint's own 5 requests/s limit
 *   is not applied.
 */
import { invalidRequest, validationError, type ValidationIssue } from "./errors";
import type { ObjectDef } from "./schema";
import type { StoredRecord, Store } from "./store";
import { isPlainObject, isUuid, nowTimestamp, uuid } from "./util";
import { valueKey, type Actor, type StoredValue } from "./values";

export interface MergeRequest {
  primaryRecordId: string;
  secondaryRecordId: string;
}

/** Validates the request body (400 `validation_type` with one issue per bad field). */
export function parseMergeBody(body: unknown): MergeRequest {
  const data = isPlainObject(body) ? body.data : undefined;
  if (!isPlainObject(data)) {
    throw validationError("Body payload validation error.", [
      { code: "invalid_type", path: ["data"], message: "Required", expected: "object", received: typeof data },
    ]);
  }
  const issues: ValidationIssue[] = [];
  for (const key of ["primary_record_id", "secondary_record_id"]) {
    const v = data[key];
    if (typeof v !== "string") {
      issues.push({ code: "invalid_type", path: ["data", key], message: v === undefined ? "Required" : "Expected string" });
    } else if (!isUuid(v)) {
      issues.push({ code: "invalid_string", path: ["data", key], message: "Invalid uuid" });
    }
  }
  if (issues.length) throw validationError(`Body payload validation error: ${issues.map((i) => i.path.join(".")).join(", ")}.`, issues);
  return { primaryRecordId: data.primary_record_id as string, secondaryRecordId: data.secondary_record_id as string };
}

/** Merges two records of `obj` into a new one and returns it; both originals are gone afterwards. */
export function mergeRecords(store: Store, obj: ObjectDef, req: MergeRequest, actor: Actor): StoredRecord {
  const primary = store.record(obj, req.primaryRecordId); // 404 when unknown or already merged
  const secondary = store.record(obj, req.secondaryRecordId);
  if (primary.id === secondary.id) {
    // open: Attio's answer to merging a record with itself is undocumented.
    throw invalidRequest("validation_type", "primary_record_id and secondary_record_id must be different records.");
  }
  const at = nowTimestamp();
  const values = new Map<string, StoredValue[]>();
  for (const attr of obj.attributes) {
    const a = primary.values.get(attr.slug) ?? [];
    const b = secondary.values.get(attr.slug) ?? [];
    if (attr.multi) {
      // open: union, primary first; duplicates (same key) kept once.
      const keys = new Set(a.map((v) => valueKey(attr, v.data)));
      const union = [...a, ...b.filter((v) => !keys.has(valueKey(attr, v.data)))];
      if (union.length) values.set(attr.slug, union);
    } else if (a.length || b.length) {
      values.set(attr.slug, a.length ? a : b);
    }
  }
  const merged = store.insertRecord({ id: uuid(), object: obj.slug, createdAt: at, createdBy: actor, values });
  if (store.mergeInProgressMs > 0) store.markMerging(merged.id, store.now() + store.mergeInProgressMs);
  const gone = new Set([primary.id, secondary.id]);
  store.removeRecord(obj.slug, primary.id);
  store.removeRecord(obj.slug, secondary.id);
  repointReferences(store, gone, merged.id);
  return merged;
}

/** Record references and note parents pointing at a merged-away record now point at the new one (open). */
function repointReferences(store: Store, gone: Set<string>, newId: string): void {
  for (const object of ["people", "companies"] as const) {
    for (const rec of store.all(object)) {
      for (const [slug, vals] of rec.values) {
        if (!vals.some((v) => gone.has(v.data.target_record_id))) continue;
        const seen = new Set<string>();
        const next: StoredValue[] = [];
        for (const v of vals) {
          const moved = gone.has(v.data.target_record_id) ? { ...v, data: { ...v.data, target_record_id: newId } } : v;
          const key = `${moved.data.target_object}/${moved.data.target_record_id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          next.push(moved);
        }
        rec.values.set(slug, next);
      }
    }
  }
  for (const note of store.notes.all()) if (gone.has(note.parentRecordId)) note.parentRecordId = newId;
  // List entries of either original now hang on the new record (open: assumed, as for notes).
  for (const entry of store.crm.entries) if (gone.has(entry.parentRecordId)) entry.parentRecordId = newId;
}
