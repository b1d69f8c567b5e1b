// Applies one burst of a record's inbound events: reads the record (or entry) once, diffs it
// against what leadsync last wrote or read (AttioRecordState), and writes what the rules allow.
// Every row gets an outcome and a one-line detail. Safe to repeat: rows already stamped are
// skipped, and each write sets absolute values.
//
// The rules are also exported per record (applyMerge, applyDeletion, applyPersonSnapshot,
// applyEntrySnapshot) so a reconcile pass that reads records without events applies the same.
import type { AttioClient } from "../attio/client";
import type { ListEntryRef } from "../attio/crm";
import type { AttioPersonRecord } from "../attio/schemas";
import { actorValueSchema, statusValueSchema } from "../attio/crm-schemas";
import { type FieldDirections, type PullableField, PULLABLE_FIELDS, pullsField } from "../attio/field-policy";
import { type PersonTrackedValues, trackedPersonValues } from "../attio/tracked-values";
import type { CrmSettings } from "../crm-settings/schema";
import type { PrismaClient } from "../db";
import {
  applyEntryToLeads,
  applyPulledValues,
  type EntryOnLead,
  type InboxOutcome,
  type LeadPullColumns,
  leadsOfRecord,
  markRecordDeleted,
  readRecordState,
  type RecordObject,
  repointMergedRecord,
  stampInbox,
  writeRecordState,
} from "./inbound-state";

export interface ApplyDeps {
  prisma: PrismaClient;
  attio: AttioClient;
  settings: CrmSettings;
  directions: FieldDirections;
}

type Row = Awaited<ReturnType<typeof loadRows>>[number];

function loadRows(prisma: PrismaClient, ids: number[]) {
  return prisma.attioInboxEvent.findMany({ where: { id: { in: ids }, outcome: null }, orderBy: { id: "asc" } });
}

/** The object of a per-record workflow id (`attio-people-…`), or null for `records`/`entries`. */
function objectOf(workflowId: string): RecordObject | null {
  const m = /^attio-(people|companies)-/.exec(workflowId);
  return m ? (m[1] as RecordObject) : null;
}

const FIELD_COLUMN: Record<PullableField, { key: keyof PersonTrackedValues; column: keyof LeadPullColumns; label: string }> = {
  "person.name": { key: "name", column: "name", label: "name" },
  "person.jobTitle": { key: "jobTitle", column: "role", label: "job title" },
  "person.linkedin": { key: "linkedin", column: "linkedinUrl", label: "LinkedIn" },
};

export interface ApplyResult {
  outcome: InboxOutcome;
  /** One line: what changed, or why nothing did. */
  detail: string;
  leadId: number | null;
}

const result = (outcome: InboxOutcome, detail: string, leadId: number | null = null): ApplyResult => ({ outcome, detail, leadId });

export async function applyAttioEventRows(deps: ApplyDeps, workflowId: string, inboxIds: number[]): Promise<Record<string, number>> {
  const rows = await loadRows(deps.prisma, inboxIds);
  const counts: Record<string, number> = {};
  const stamp = async (subset: Row[], r: ApplyResult) => {
    const ids = subset.map((row) => row.id);
    counts[r.outcome] = (counts[r.outcome] ?? 0) + (await stampInbox(deps.prisma, ids, r.outcome, r.detail, r.leadId));
  };
  const object = objectOf(workflowId);
  const of = (...types: string[]) => rows.filter((r) => types.includes(r.eventType));

  // 1. Merges first: the rest of the burst then finds the leads on the survivor.
  for (const row of of("record.merged")) {
    const ok = row.recordId && row.duplicateRecordId;
    await stamp(
      [row],
      ok
        ? await applyMerge(deps, object, row.recordId!, row.duplicateRecordId!)
        : result("ignored", "A merge event without both record ids."),
    );
  }
  // 2. Deletions, confirmed by a read (an event may arrive after the record came back).
  for (const row of of("record.deleted")) {
    await stamp(
      [row],
      row.recordId ? await applyDeletion(deps, object, row.recordId) : result("ignored", "A delete event without a record id."),
    );
  }
  // 3. Attribute changes of a person: one read for the whole burst.
  const updates = of("record.updated", "record.created");
  if (updates.length) {
    const recordId = updates[0].recordId;
    const r =
      object === "people" && recordId
        ? await applyPersonSnapshot(deps, recordId, updates[updates.length - 1].receivedAt)
        : result("ignored", "Only people's fields are pulled; nothing to apply.");
    await stamp(updates, r);
  }
  // 4. List entries: one read per entry (the burst's last event says whether it still exists).
  const byEntry = new Map<string, Row[]>();
  for (const r of of("list-entry.created", "list-entry.updated", "list-entry.deleted")) {
    byEntry.set(r.entryId ?? "", [...(byEntry.get(r.entryId ?? "") ?? []), r]);
  }
  for (const [entryId, group] of byEntry) {
    const last = group[group.length - 1];
    const entry = { listId: last.listId, entryId, parentRecordId: last.parentRecordId, deleted: last.eventType === "list-entry.deleted" };
    await stamp(group, await applyEntrySnapshot(deps, entry));
  }

  const rest = rows.filter((r) => !r.eventType.startsWith("record.") && !r.eventType.startsWith("list-entry."));
  if (rest.length) await stamp(rest, result("ignored", "An event type two-way sync does not use."));
  return counts;
}

/** A merge: leads, claims and echo state on `original` move to `survivor` (read first: waits out merge_in_progress). */
export async function applyMerge(deps: ApplyDeps, object: RecordObject | null, survivor: string, original: string): Promise<ApplyResult> {
  const objects: RecordObject[] = object ? [object] : ["people", "companies"];
  const ref = (await readRef(deps.attio, objects[0], survivor)) ?? { id: survivor, webUrl: null };
  const leadIds: number[] = [];
  for (const o of objects) leadIds.push(...(await repointMergedRecord(deps.prisma, o, original, ref)));
  if (leadIds.length === 0) return result("ignored", "Merged in Attio; no lead pointed at the original.");
  return result("applied", `Merged in Attio: the lead now points at the merged ${noun(objects[0])}.`, leadIds[0]);
}

/** A deletion, when the record no longer resolves: leads keep their data and drop the id. */
export async function applyDeletion(
  deps: ApplyDeps,
  object: RecordObject | null,
  recordId: string,
  /** The caller just read it and found it gone (the reconcile pass). */
  confirmedGone = false,
): Promise<ApplyResult> {
  const objects: RecordObject[] = object ? [object] : ["people", "companies"];
  if (!confirmedGone && (await readRef(deps.attio, objects[0], recordId)))
    return result("ignored", "Deleted in Attio, but the record still resolves.");
  const leadIds: number[] = [];
  for (const o of objects) leadIds.push(...(await markRecordDeleted(deps.prisma, o, recordId)));
  const next = deps.settings.recreateDeletedRecords ? "the next sync creates it again" : "the next sync does not create it again (setting)";
  if (leadIds.length === 0) return result("ignored", "Deleted in Attio; no lead pointed at it.");
  return result("applied", `Deleted in Attio: the lead keeps its data; ${next}.`, leadIds[0]);
}

/**
 * A person's current values against what leadsync last wrote or read: equal is an echo; changed
 * pulled fields go into the lead (`both`: unless the lead changed after `changedAt`).
 */
export async function applyPersonSnapshot(
  deps: ApplyDeps,
  recordId: string,
  changedAt: Date,
  /** Already read (the reconcile pass): saves the read. */
  read?: AttioPersonRecord,
): Promise<ApplyResult> {
  const leads = await leadsOfRecord(deps.prisma, "people", recordId);
  if (leads.length === 0) return result("ignored", "No lead is stored against this person.");
  const record = read ?? (await deps.attio.getPerson(recordId));
  if (!record) return result("ignored", "The person no longer resolves (deleted or merged); its own event follows.");
  const fresh = trackedPersonValues(record);
  const state = await readRecordState(deps.prisma, recordId);
  // Only the oldest lead of a shared person takes its values (as only it writes them, attio-steps.ts).
  const lead = leads[0];
  // Without a state (synced before two-way sync existed), the lead's values are the baseline.
  const prior: PersonTrackedValues = state ?? { name: lead.name, jobTitle: lead.role, linkedin: lead.linkedinUrl };
  const changed = PULLABLE_FIELDS.filter((f) => fresh[FIELD_COLUMN[f].key] !== prior[FIELD_COLUMN[f].key]);
  if (changed.length === 0) {
    if (state) return result("echo", "Attio holds what leadsync last wrote (an echo): nothing to do.", lead.id);
    await writeRecordState(deps.prisma, "people", recordId, fresh);
    return result("ignored", "No pulled field changed.", lead.id);
  }
  const columns: LeadPullColumns = {};
  const notes: string[] = [];
  for (const f of changed) {
    const { key, column, label } = FIELD_COLUMN[f];
    const value = fresh[key];
    if (!pullsField(deps.directions, f)) notes.push(`${label} changed in Attio (pushed field: the lead's value stays)`);
    else if (value === null) notes.push(`${label} emptied in Attio (the lead keeps its value)`);
    else if (deps.directions[f] === "both" && lead.updatedAt > changedAt)
      notes.push(`${label} changed in Attio, but the lead changed later (it wins)`);
    else {
      columns[column] = value;
      notes.push(`${label} pulled from Attio`);
    }
  }
  if (Object.keys(columns).length) await applyPulledValues(deps.prisma, lead.id, columns);
  await writeRecordState(deps.prisma, "people", recordId, fresh);
  return result(Object.keys(columns).length ? "applied" : "ignored", `${notes.join("; ")}.`, lead.id);
}

/** A list entry's stage and owner onto its lead; a stage in pauseResyncStages pauses scheduled re-syncs. */
export async function applyEntrySnapshot(
  deps: ApplyDeps,
  entry: { listId: string | null; entryId: string; parentRecordId: string | null; deleted: boolean },
  /** Already read (the reconcile pass reads a person's entries in one query): saves the read. */
  readEntry?: ListEntryRef,
): Promise<ApplyResult> {
  const { settings } = deps;
  const { listId, entryId, parentRecordId } = entry;
  if (!settings.list || !listId || !entryId) return result("ignored", "No list is configured on /settings/attio.");
  if (listId !== settings.list) {
    const lists = await deps.attio.listLists();
    if (!lists.some((l) => l.id === listId && l.slug === settings.list)) return result("ignored", "An entry of another list.");
  }
  const leads = await deps.prisma.lead.findMany({
    where: { OR: [{ attioEntryId: entryId }, ...(parentRecordId ? [{ attioPersonId: parentRecordId }] : [])] },
    select: { id: true, attioEntryId: true },
    orderBy: { id: "asc" },
  });
  if (leads.length === 0) return result("ignored", "No lead is stored against this entry's person.");
  const leadIds = leads.map((l) => l.id);
  const read = entry.deleted ? null : (readEntry ?? (await deps.attio.getListEntry(listId, entryId).catch(gone)));
  if (!read) {
    // A lead on another entry of the person by now (a sync added it again) keeps that entry's stage.
    const onIt = leads.filter((l) => l.attioEntryId === entryId || l.attioEntryId === null).map((l) => l.id);
    if (onIt.length === 0) return result("ignored", "Removed from the list in Attio; the lead is on a newer entry of its person.");
    if (!(await applyEntryToLeads(deps.prisma, onIt, null))) return result("echo", "Not in the list, as the lead already shows.", onIt[0]);
    return result("applied", "Removed from the list in Attio: stage and owner cleared.", onIt[0]);
  }
  const shows = await entryShownOnLead(deps.attio, settings, read);
  const { stage, owner } = shows;
  const changed = await applyEntryToLeads(deps.prisma, leadIds, shows);
  const shown = `Stage ${stage ? `"${stage}"` : "(none)"}, owner ${owner ?? "(none)"}`;
  // The lead already shows it (leadsync's own entry write, or a pass re-reading it): nothing happened.
  if (!changed) return result("echo", `${shown}: as the lead already shows.`, leadIds[0]);
  const paused = shows.pauseReason ? "; scheduled re-syncs paused" : "";
  return result("applied", `${shown} from Attio${paused}.`, leadIds[0]);
}

/**
 * What a lead shows of an entry: its stage, its owner's email (one read of the members, when it
 * has an owner) and whether the stage pauses scheduled re-syncs. Shared with the sync's CRM step,
 * so a lead synced onto an existing entry shows it at once.
 */
export async function entryShownOnLead(attio: AttioClient, settings: CrmSettings, entry: ListEntryRef): Promise<EntryOnLead> {
  const stageValue = settings.stageAttribute ? statusValueSchema.safeParse(entry.values[settings.stageAttribute]?.[0]) : null;
  const stage = stageValue?.success ? stageValue.data.status.title : null;
  const ownerValue = settings.ownerAttribute ? actorValueSchema.safeParse(entry.values[settings.ownerAttribute]?.[0]) : null;
  const ownerId = ownerValue?.success ? ownerValue.data.referenced_actor_id : null;
  const owner = ownerId ? ((await attio.listWorkspaceMembers()).find((m) => m.id === ownerId)?.email ?? null) : null;
  const pauses = !!stage && settings.pauseResyncStages.some((s) => s.toLowerCase() === stage.toLowerCase());
  return { entryId: entry.id, stage, owner, pauseReason: pauses ? `Stage "${stage}" in Attio` : null };
}

async function readRef(attio: AttioClient, object: RecordObject, recordId: string) {
  if (object === "people") {
    const p = await attio.getPerson(recordId);
    return p && { id: p.id.record_id, webUrl: p.web_url };
  }
  return attio.getCompanyRef(recordId);
}

const noun = (o: RecordObject) => (o === "people" ? "person" : "company");

/** An entry that answers 404 was removed meanwhile (a later event says so too). */
function gone(err: unknown): null {
  if ((err as { status?: number }).status === 404 && !(err as { retryable?: boolean }).retryable) return null;
  throw err;
}
