// Applies one burst of a record's inbound events: reads the record (or entry) once, diffs it
// against what leadsync last wrote or read (AttioRecordState), and writes what the rules allow.
// Every row gets an outcome and a one-line detail. Safe to repeat: rows already stamped are
// skipped, and each write sets absolute values.
import type { AttioClient } from "../attio/client";
import { actorValueSchema, statusValueSchema } from "../attio/crm-schemas";
import { type FieldDirections, type PullableField, PULLABLE_FIELDS, pullsField } from "../attio/field-policy";
import { type PersonTrackedValues, trackedPersonValues } from "../attio/tracked-values";
import type { AttioCrmSettings } from "../attio-settings/schema";
import type { PrismaClient } from "../db";
import {
  applyEntryToLeads,
  applyPulledValues,
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
  settings: AttioCrmSettings;
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

export async function applyAttioEventRows(deps: ApplyDeps, workflowId: string, inboxIds: number[]): Promise<Record<string, number>> {
  const rows = await loadRows(deps.prisma, inboxIds);
  const counts: Record<string, number> = {};
  const stamp = async (subset: Row[], outcome: InboxOutcome, detail: string, leadId: number | null = null) => {
    counts[outcome] =
      (counts[outcome] ?? 0) +
      (await stampInbox(
        deps.prisma,
        subset.map((r) => r.id),
        outcome,
        detail,
        leadId,
      ));
  };
  const object = objectOf(workflowId);
  const of = (...types: string[]) => rows.filter((r) => types.includes(r.eventType));

  // 1. Merges first: the rest of the burst then finds the leads on the survivor.
  for (const row of of("record.merged")) {
    const objects: RecordObject[] = object ? [object] : ["people", "companies"];
    if (!row.recordId || !row.duplicateRecordId) {
      await stamp([row], "ignored", "A merge event without both record ids.");
      continue;
    }
    const survivor = await readRef(deps.attio, objects[0], row.recordId); // waits out merge_in_progress (retryable)
    const leadIds: number[] = [];
    for (const o of objects)
      leadIds.push(...(await repointMergedRecord(deps.prisma, o, row.duplicateRecordId, survivor ?? { id: row.recordId, webUrl: null })));
    if (leadIds.length === 0) await stamp([row], "ignored", "Merged in Attio; no lead pointed at the original.");
    else await stamp([row], "applied", `Merged in Attio: the lead now points at the merged ${noun(objects[0])}.`, leadIds[0]);
  }

  // 2. Deletions, confirmed by a read (an event may arrive after the record came back).
  for (const row of of("record.deleted")) {
    const objects: RecordObject[] = object ? [object] : ["people", "companies"];
    if (!row.recordId || (await readRef(deps.attio, objects[0], row.recordId))) {
      await stamp([row], "ignored", "Deleted in Attio, but the record still resolves.");
      continue;
    }
    const leadIds: number[] = [];
    for (const o of objects) leadIds.push(...(await markRecordDeleted(deps.prisma, o, row.recordId)));
    const next = deps.settings.recreateDeletedRecords
      ? "the next sync creates it again"
      : "the next sync does not create it again (setting)";
    if (leadIds.length === 0) await stamp([row], "ignored", "Deleted in Attio; no lead pointed at it.");
    else await stamp([row], "applied", `Deleted in Attio: the lead keeps its data; ${next}.`, leadIds[0]);
  }

  // 3. Attribute changes of a person: one read for the whole burst.
  const updates = of("record.updated", "record.created");
  if (updates.length) await applyPersonUpdates(deps, object, updates, stamp);

  // 4. List entries: one read per entry.
  const entryRows = of("list-entry.created", "list-entry.updated", "list-entry.deleted");
  const byEntry = new Map<string, Row[]>();
  for (const r of entryRows) byEntry.set(r.entryId ?? "", [...(byEntry.get(r.entryId ?? "") ?? []), r]);
  for (const [entryId, group] of byEntry) await applyEntry(deps, entryId, group, stamp);

  const rest = rows.filter((r) => !r.eventType.startsWith("record.") && !r.eventType.startsWith("list-entry."));
  if (rest.length) await stamp(rest, "ignored", "An event type two-way sync does not use.");
  return counts;
}

type Stamp = (subset: Row[], outcome: InboxOutcome, detail: string, leadId?: number | null) => Promise<void>;

async function applyPersonUpdates(deps: ApplyDeps, object: RecordObject | null, rows: Row[], stamp: Stamp): Promise<void> {
  const recordId = rows[0].recordId;
  if (object !== "people" || !recordId) return stamp(rows, "ignored", "Only people's fields are pulled; nothing to apply.");
  const leads = await leadsOfRecord(deps.prisma, "people", recordId);
  if (leads.length === 0) return stamp(rows, "ignored", "No lead is stored against this person.");
  const record = await deps.attio.getPerson(recordId);
  if (!record) return stamp(rows, "ignored", "The person no longer resolves (deleted or merged); its own event follows.");
  const fresh = trackedPersonValues(record);
  const state = await readRecordState(deps.prisma, recordId);
  // Without a state (synced before two-way sync existed), the lead's values are the baseline.
  const lead = leads[0];
  const prior: PersonTrackedValues = state ?? { name: lead.name, jobTitle: lead.role, linkedin: lead.linkedinUrl };
  const changed = PULLABLE_FIELDS.filter((f) => fresh[FIELD_COLUMN[f].key] !== prior[FIELD_COLUMN[f].key]);
  if (changed.length === 0) {
    if (!state) await writeRecordState(deps.prisma, "people", recordId, fresh);
    return stamp(
      rows,
      state ? "echo" : "ignored",
      state ? "Attio holds what leadsync last wrote (an echo): nothing to do." : "No pulled field changed.",
      lead.id,
    );
  }
  // Only the oldest lead of a shared person takes its values (as only it writes them, attio-steps.ts).
  const latest = rows[rows.length - 1].receivedAt;
  const columns: LeadPullColumns = {};
  const notes: string[] = [];
  for (const f of changed) {
    const { key, column, label } = FIELD_COLUMN[f];
    const value = fresh[key];
    if (!pullsField(deps.directions, f)) notes.push(`${label} changed in Attio (pushed field: the lead's value stays)`);
    else if (value === null) notes.push(`${label} emptied in Attio (the lead keeps its value)`);
    else if (deps.directions[f] === "both" && lead.updatedAt > latest)
      notes.push(`${label} changed in Attio, but the lead changed later (it wins)`);
    else {
      columns[column] = value;
      notes.push(`${label} pulled from Attio`);
    }
  }
  if (Object.keys(columns).length) await applyPulledValues(deps.prisma, lead.id, columns);
  await writeRecordState(deps.prisma, "people", recordId, fresh);
  await stamp(rows, Object.keys(columns).length ? "applied" : "ignored", `${notes.join("; ")}.`, lead.id);
}

async function applyEntry(deps: ApplyDeps, entryId: string, rows: Row[], stamp: Stamp): Promise<void> {
  const { settings } = deps;
  const last = rows[rows.length - 1];
  const listId = last.listId;
  if (!settings.list || !listId || !entryId) return stamp(rows, "ignored", "No list is configured on /settings/attio.");
  if (listId !== settings.list) {
    const lists = await deps.attio.listLists();
    if (!lists.some((l) => l.id === listId && l.slug === settings.list)) return stamp(rows, "ignored", "An entry of another list.");
  }
  const parent = last.parentRecordId;
  const leads = await deps.prisma.lead.findMany({
    where: { OR: [{ attioEntryId: entryId }, ...(parent ? [{ attioPersonId: parent }] : [])] },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  if (leads.length === 0) return stamp(rows, "ignored", "No lead is stored against this entry's person.");
  const leadIds = leads.map((l) => l.id);
  const entry = last.eventType === "list-entry.deleted" ? null : await deps.attio.getListEntry(listId, entryId).catch(gone);
  if (!entry) {
    await applyEntryToLeads(deps.prisma, leadIds, null);
    return stamp(rows, "applied", "Removed from the list in Attio: stage and owner cleared.", leadIds[0]);
  }
  const stageValue = settings.stageAttribute ? statusValueSchema.safeParse(entry.values[settings.stageAttribute]?.[0]) : null;
  const stage = stageValue?.success ? stageValue.data.status.title : null;
  const ownerValue = settings.ownerAttribute ? actorValueSchema.safeParse(entry.values[settings.ownerAttribute]?.[0]) : null;
  const ownerId = ownerValue?.success ? ownerValue.data.referenced_actor_id : null;
  const owner = ownerId ? ((await deps.attio.listWorkspaceMembers()).find((m) => m.id === ownerId)?.email ?? null) : null;
  const pauses = !!stage && settings.pauseResyncStages.some((s) => s.toLowerCase() === stage.toLowerCase());
  await applyEntryToLeads(deps.prisma, leadIds, { entryId, stage, owner, pauseReason: pauses ? `Stage "${stage}" in Attio` : null });
  const paused = pauses ? "; scheduled re-syncs paused" : "";
  await stamp(rows, "applied", `Stage ${stage ? `"${stage}"` : "(none)"}, owner ${owner ?? "(none)"} from Attio${paused}.`, leadIds[0]);
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
