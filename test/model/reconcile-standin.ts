/**
 * Stands in for `reconcileSyncedLeads` (web/src/lib/attio-inbound/reconcile.ts, being written on
 * main) until it lands, with the same signature: reads each synced lead's person, company and list
 * entry and applies what their webhooks would have, through apply.ts's per-record rules. A record
 * that no longer resolves is taken as deleted (a read cannot tell a merge from a delete).
 * system.ts imports it in one line; that line switches to the real module once it is on main.
 */
import {
  type ApplyDeps,
  type ApplyResult,
  applyDeletion,
  applyEntrySnapshot,
  applyPersonSnapshot,
} from "../../web/src/lib/attio-inbound/apply";

export async function reconcileSyncedLeads(
  deps: ApplyDeps,
  input: { afterLeadId: number; limit: number },
): Promise<{ scanned: number; applied: number; nextAfterLeadId: number | null }> {
  const leads = await deps.prisma.lead.findMany({
    where: { id: { gt: input.afterLeadId }, OR: [{ attioPersonId: { not: null } }, { attioCompanyId: { not: null } }] },
    orderBy: { id: "asc" },
    take: input.limit,
    select: { id: true, attioPersonId: true, attioCompanyId: true, attioEntryId: true },
  });
  let applied = 0;
  const count = (r: ApplyResult) => {
    if (r.outcome === "applied") applied++;
  };
  for (const lead of leads) {
    if (lead.attioCompanyId && !(await deps.attio.getCompanyRef(lead.attioCompanyId))) {
      count(await applyDeletion(deps, "companies", lead.attioCompanyId));
    }
    const personId = lead.attioPersonId;
    if (!personId) continue;
    if (!(await deps.attio.getPerson(personId))) {
      count(await applyDeletion(deps, "people", personId));
      continue;
    }
    count(await applyPersonSnapshot(deps, personId, new Date()));
    const list = deps.settings.list;
    if (!list) continue;
    const [entry] = await deps.attio.findListEntries(list, personId);
    const entryId = entry?.id ?? lead.attioEntryId;
    if (entryId) count(await applyEntrySnapshot(deps, { listId: list, entryId, parentRecordId: personId, deleted: !entry }));
  }
  return { scanned: leads.length, applied, nextAfterLeadId: leads.length < input.limit ? null : leads[leads.length - 1]!.id };
}
