// The reconcile pass (issue 20, item 4): what webhooks would have brought, read directly. It walks
// synced leads in id order, reads each lead's person and company once, then each person's entry in
// the list (found by parent, so an entry the lead never heard of counts too), and applies the same
// rules as an inbound event (apply.ts), so a day with the webhook down loses nothing.
//
// Reads only (Attio's read budget, shared with syncs through the worker's pacer): one per stored
// record and one entry query per person, plus one query when a stored id no longer resolves (to
// tell a merge from a delete). What changed is recorded as an inbound row, so the sync log and the lead page show it.
import type { AttioClient } from "../attio/client";
import { trackedValuesChangedAt } from "../attio/tracked-values";
import type { PrismaClient } from "../db";
import type { ReconcileLeadPageInput, ReconcileLeadPageResult } from "../temporal/contract";
import { type ApplyDeps, type ApplyResult, applyDeletion, applyEntrySnapshot, applyMerge, applyPersonSnapshot } from "./apply";

/** The inbound rows of a reconcile pass carry this event type (the sync log's "event" column). */
export const RECONCILE_EVENT_TYPE = "reconcile";

const LEAD_FIELDS = {
  id: true,
  email: true,
  companyDomain: true,
  attioPersonId: true,
  attioCompanyId: true,
  attioEntryId: true,
} as const;

export async function reconcileSyncedLeads(deps: ApplyDeps, input: ReconcileLeadPageInput): Promise<ReconcileLeadPageResult> {
  const limit = Math.max(1, Math.floor(input.limit));
  const leads = await deps.prisma.lead.findMany({
    where: { id: { gt: input.afterLeadId }, OR: [{ attioPersonId: { not: null } }, { attioCompanyId: { not: null } }] },
    orderBy: { id: "asc" },
    take: limit,
    select: LEAD_FIELDS,
  });
  const counted = countingReads(deps.attio);
  const pageDeps: ApplyDeps = { ...deps, attio: counted.attio };
  // Leads sharing a record (one person for two leads): its changes reach them all in one apply.
  const done = new Set<string>();
  const applied = new Map<number, ApplyResult[]>(leads.map((l) => [l.id, []]));
  const once = async (leadId: number, key: string | null, apply: () => Promise<ApplyResult | null>) => {
    if (!key || done.has(key)) return;
    done.add(key);
    const r = await apply();
    if (r?.outcome === "applied") applied.get(leadId)!.push(r);
  };
  // Records first, for the whole page: a merge re-points a lead to a person another lead of the
  // page is on, and that person's entries are read once, after every re-point.
  for (const lead of leads) {
    await once(lead.id, lead.attioPersonId && `people/${lead.attioPersonId}`, () => reconcilePerson(pageDeps, lead));
    await once(lead.id, lead.attioCompanyId && `companies/${lead.attioCompanyId}`, () => reconcileCompany(pageDeps, lead));
  }
  const list = deps.settings.list;
  if (list) {
    const now = await deps.prisma.lead.findMany({
      where: { id: { in: leads.map((l) => l.id) } },
      select: { id: true, attioEntryId: true, attioPersonId: true },
      orderBy: { id: "asc" },
    });
    for (const lead of now) {
      // A deleted person took its entry with it (the delete cleared the lead's entry too).
      if (!lead.attioPersonId) continue;
      await once(lead.id, `entries-of/${lead.attioPersonId}`, () => reconcileEntry(pageDeps, list, lead.attioPersonId!, lead.attioEntryId));
    }
  }
  let changed = 0;
  for (const [leadId, results] of applied) {
    if (results.length === 0) continue;
    changed++;
    await recordReconciled(deps.prisma, input.passId, leadId, results);
  }
  return {
    scanned: leads.length,
    changed,
    reads: counted.reads(),
    nextAfterLeadId: leads.length < limit ? null : leads[leads.length - 1].id,
  };
}

/** The person's values (pulled fields), or, when its id stopped resolving, a merge or a delete. */
async function reconcilePerson(deps: ApplyDeps, lead: { email: string | null; attioPersonId: string | null }): Promise<ApplyResult | null> {
  const personId = lead.attioPersonId!;
  const record = await deps.attio.getPerson(personId);
  if (record) {
    // Dated by Attio's own write time, so "both" keeps the later of the two edits, as an event would.
    return applyPersonSnapshot(deps, personId, trackedValuesChangedAt(record) ?? new Date(), record);
  }
  const survivor = lead.email ? await deps.attio.findPersonIdByEmail(lead.email) : null;
  if (survivor && survivor !== personId) return applyMerge(deps, "people", survivor, personId);
  return applyDeletion(deps, "people", personId, true);
}

/**
 * The person's entry in the list, found by its parent (one query, values included): the one the
 * lead is on when the person has several, else the first; none left clears the lead's stage.
 */
async function reconcileEntry(deps: ApplyDeps, list: string, personId: string, storedEntryId: string | null) {
  const entries = await deps.attio.findListEntries(list, personId);
  const entry = entries.find((e) => e.id === storedEntryId) ?? entries[0];
  if (entry) return applyEntrySnapshot(deps, { listId: list, entryId: entry.id, parentRecordId: personId, deleted: false }, entry);
  if (!storedEntryId) return null;
  return applyEntrySnapshot(deps, { listId: list, entryId: storedEntryId, parentRecordId: personId, deleted: true });
}

async function reconcileCompany(deps: ApplyDeps, lead: { companyDomain: string | null; attioCompanyId: string | null }) {
  const companyId = lead.attioCompanyId!;
  if (await deps.attio.getCompanyRef(companyId)) return null;
  const survivor = lead.companyDomain ? await deps.attio.findCompanyIdByDomain(lead.companyDomain) : null;
  if (survivor && survivor !== companyId) return applyMerge(deps, "companies", survivor, companyId);
  return applyDeletion(deps, "companies", companyId, true);
}

/**
 * One inbound row per changed lead and pass, keyed like a delivery (pass id + lead id), so a
 * retried page writes it once. Born applied: the drain and the per-record workflows never see it.
 */
async function recordReconciled(prisma: PrismaClient, passId: string, leadId: number, applied: ApplyResult[]) {
  const now = new Date();
  const detail = applied
    .map((r) => r.detail)
    .join(" ")
    .slice(0, 1_000);
  const row = {
    webhookId: RECONCILE_EVENT_TYPE,
    eventType: RECONCILE_EVENT_TYPE,
    actorType: "schedule",
    workflowId: passId,
    receivedAt: now,
    signalledAt: now,
    appliedAt: now,
    outcome: "applied",
    detail,
    leadId,
  };
  await prisma.attioInboxEvent.upsert({
    where: { deliveryKey_eventIndex: { deliveryKey: `reconcile:${passId}`, eventIndex: leadId } },
    create: { deliveryKey: `reconcile:${passId}`, eventIndex: leadId, ...row },
    update: {},
  });
}

/**
 * The client with a count of its reads; within a page each record is read once, and the
 * workspace's members and lists once (every entry's owner is looked up in them).
 */
function countingReads(attio: AttioClient): { attio: AttioClient; reads: () => number } {
  let reads = 0;
  const counted = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => {
    return (...args: A) => {
      reads++;
      return fn(...args);
    };
  };
  // A merge's survivor is read for each original that points at it: once is enough within a page.
  const byId = <R>(fn: (id: string) => Promise<R>) => {
    const seen = new Map<string, Promise<R>>();
    return (id: string) => {
      let p = seen.get(id);
      if (!p) {
        reads++;
        p = fn(id);
        p.catch(() => seen.delete(id));
        seen.set(id, p);
      }
      return p;
    };
  };
  const once = <R>(fn: () => Promise<R>) => {
    let p: Promise<R> | null = null;
    return () => {
      if (!p) {
        reads++;
        p = fn().catch((err) => {
          p = null;
          throw err;
        });
      }
      return p;
    };
  };
  return {
    attio: {
      ...attio,
      getPerson: byId(attio.getPerson),
      getCompanyRef: byId(attio.getCompanyRef),
      findPersonIdByEmail: counted(attio.findPersonIdByEmail),
      findCompanyIdByDomain: counted(attio.findCompanyIdByDomain),
      findListEntries: counted(attio.findListEntries),
      listWorkspaceMembers: once(() => attio.listWorkspaceMembers()),
      listLists: once(() => attio.listLists()),
    },
    reads: () => reads,
  };
}
