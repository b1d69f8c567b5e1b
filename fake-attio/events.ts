/**
 * Webhook events of a write (docs/attio-api.md section 12): the workspace is snapshotted before a
 * write and compared after it, so every path that changes data (API routes of any token or member,
 * the in-process helpers a test calls as an Attio user) yields the events Attio would send.
 * Events carry ids and the actor, never values:
 * - `record.created|deleted`: `id:{workspace_id, object_id, record_id}`;
 * - `record.updated`: one per changed attribute, `id` + `attribute_id`;
 * - `record.merged`: one per original, `id.record_id` = the NEW record, `duplicate_object_id`,
 *   `duplicate_record_id` = that original (nothing else is emitted for a merge: assumed);
 * - `list-entry.created|deleted`: `id:{workspace_id, list_id, entry_id}`, `parent_object_id`,
 *   `parent_record_id`; `list-entry.updated`: one per changed attribute, + `id.attribute_id`;
 * - `note.created|deleted`, `note.updated` (title), `note-content.updated`:
 *   `id:{workspace_id, note_id}`, `parent_object_id`, `parent_record_id`.
 */
import type { ObjectSlug } from "./schema";
import type { Store } from "./store";
import type { Actor, StoredValue } from "./values";

export type WebhookEvent = Record<string, unknown> & { event_type: string; actor: { type: string; id: string | null } };

/**
 * Attribute -> its value array. The store never edits a value array in place: a write sets a new
 * array and keeps the StoredValue objects of values it did not change, so comparing the elements
 * by identity finds exactly the changed attributes without serialising the workspace.
 */
type ValuesShot = Map<string, StoredValue[]>;
interface RecordShot {
  object: ObjectSlug;
  attrs: ValuesShot;
}
interface EntryShot {
  listId: string;
  parentObject: ObjectSlug;
  parentRecordId: string;
  attrs: ValuesShot;
}
interface NoteShot {
  parentObject: ObjectSlug;
  parentRecordId: string;
  title: string;
  content: string;
}
export interface Snapshot {
  records: Map<string, RecordShot>;
  entries: Map<string, EntryShot>;
  notes: Map<string, NoteShot>;
}

/** A merge done by the write being diffed: its originals' disappearance is a merge, not a delete. */
export interface MergeDone {
  object: ObjectSlug;
  newRecordId: string;
  originals: string[];
}

export function snapshot(store: Store): Snapshot {
  const records = new Map<string, RecordShot>();
  for (const object of ["people", "companies"] as const) {
    for (const rec of store.all(object)) records.set(rec.id, { object, attrs: new Map(rec.values) });
  }
  const entries = new Map<string, EntryShot>();
  for (const e of store.crm.entries) {
    entries.set(e.id, { listId: e.listId, parentObject: e.parentObject, parentRecordId: e.parentRecordId, attrs: new Map(e.values) });
  }
  const notes = new Map<string, NoteShot>();
  for (const n of store.notes.all()) {
    notes.set(n.id, { parentObject: n.parentObject, parentRecordId: n.parentRecordId, title: n.title, content: n.contentMarkdown });
  }
  return { records, entries, notes };
}

function sameValues(a: StoredValue[] = [], b: StoredValue[] = []): boolean {
  return a === b || (a.length === b.length && a.every((v, i) => v === b[i]));
}

function changedKeys(a: ValuesShot, b: ValuesShot): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => !sameValues(a.get(k), b.get(k)));
}

/** Companies whose derived `team` changed: a person's `company` moved to or from them. */
function teamChanges(before: Snapshot, after: Snapshot): Set<string> {
  const out = new Set<string>();
  const companyOf = (shot: RecordShot | undefined) => shot?.attrs.get("company")?.[0]?.data.target_record_id;
  for (const id of new Set([...before.records.keys(), ...after.records.keys()])) {
    const b = before.records.get(id);
    const a = after.records.get(id);
    if ((a ?? b)?.object !== "people") continue;
    const from = companyOf(b);
    const to = companyOf(a);
    if (from === to) continue;
    if (from) out.add(from);
    if (to) out.add(to);
  }
  return out;
}

/** The events that turn `before` into `after`, in the order Attio would plausibly send them. */
export function diffEvents(store: Store, before: Snapshot, after: Snapshot, actor: Actor, merge?: MergeDone): WebhookEvent[] {
  const workspace_id = store.crm.workspaceId;
  const actorJson = { type: actor.type, id: actor.id };
  const objectId = (o: ObjectSlug) => store.schema[o].id;
  const attributeId = (o: ObjectSlug, slug: string) => store.schema[o].attributes.find((a) => a.slug === slug)?.id ?? slug;
  const listAttributeId = (listId: string, slug: string) =>
    store.crm.lists.find((l) => l.id === listId)?.attributes.find((a) => a.slug === slug)?.id ?? slug;
  const out: WebhookEvent[] = [];
  const record = (event_type: string, o: ObjectSlug, record_id: string, extra: Record<string, unknown> = {}) =>
    out.push({ event_type, id: { workspace_id, object_id: objectId(o), record_id, ...extra }, actor: actorJson });

  if (merge) {
    for (const original of merge.originals) {
      out.push({
        event_type: "record.merged",
        id: { workspace_id, object_id: objectId(merge.object), record_id: merge.newRecordId },
        duplicate_object_id: objectId(merge.object),
        duplicate_record_id: original,
        actor: actorJson,
      });
    }
    return out;
  }

  for (const [id, r] of after.records) if (!before.records.has(id)) record("record.created", r.object, id);
  const teams = teamChanges(before, after);
  for (const [id, r] of after.records) {
    const old = before.records.get(id);
    if (!old) continue;
    for (const slug of changedKeys(old.attrs, r.attrs))
      record("record.updated", r.object, id, { attribute_id: attributeId(r.object, slug) });
    if (teams.has(id)) record("record.updated", r.object, id, { attribute_id: attributeId(r.object, "team") });
  }
  for (const [id, r] of before.records) if (!after.records.has(id)) record("record.deleted", r.object, id);

  // List entries and notes hang off a parent record, which their events name beside their own ids.
  const childEvent = (event_type: string, ids: Record<string, unknown>, parent: { parentObject: ObjectSlug; parentRecordId: string }) =>
    out.push({
      event_type,
      id: { workspace_id, ...ids },
      parent_object_id: objectId(parent.parentObject),
      parent_record_id: parent.parentRecordId,
      actor: actorJson,
    });
  const entry = (event_type: string, id: string, e: EntryShot, extra: Record<string, unknown> = {}) =>
    childEvent(event_type, { list_id: e.listId, entry_id: id, ...extra }, e);
  for (const [id, e] of after.entries) {
    const old = before.entries.get(id);
    if (!old) entry("list-entry.created", id, e);
    else
      for (const slug of changedKeys(old.attrs, e.attrs))
        entry("list-entry.updated", id, e, { attribute_id: listAttributeId(e.listId, slug) });
  }
  for (const [id, e] of before.entries) if (!after.entries.has(id)) entry("list-entry.deleted", id, e);

  const note = (event_type: string, id: string, n: NoteShot) => childEvent(event_type, { note_id: id }, n);
  for (const [id, n] of after.notes) {
    const old = before.notes.get(id);
    if (!old) note("note.created", id, n);
    else {
      if (old.title !== n.title) note("note.updated", id, n);
      if (old.content !== n.content) note("note-content.updated", id, n);
    }
  }
  for (const [id, n] of before.notes) if (!after.notes.has(id)) note("note.deleted", id, n);
  return out;
}
