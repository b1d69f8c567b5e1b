import type { PrismaClient } from "../../web/src/lib/db";
import { snapshotHash, toLeadSnapshot } from "../../web/src/lib/note/snapshot";
import { leadWithEvidence } from "../../web/src/lib/leads/lead-with-evidence";

export interface ResyncActivityDeps {
  prisma: PrismaClient;
}

export interface FindLeadsInput {
  /** Scan leads with an id strictly above this one, in id order. */
  afterLeadId: number;
  /** Leads scanned per call (a database page, not a count of changed leads). */
  limit: number;
}

export interface FindLeadsResult {
  /** Leads never synced, or whose snapshot differs from the one last sent, in id order. */
  leadIds: number[];
  scanned: number;
  unchanged: number;
  /** Highest id scanned (the next call's `afterLeadId`), or null when the table is exhausted. */
  nextAfterLeadId: number | null;
}

/**
 * Activities of the re-sync dispatcher, dependencies injected like the sync activities. They only
 * read the database: deciding that a lead is unchanged costs no Attio call at all.
 */
export function createResyncActivities(deps: ResyncActivityDeps) {
  return {
    /**
     * One page of leads in id order, keeping those that need a sync: never synced successfully
     * (no stored hash), or whose current snapshot hashes differently from the one last sent. The
     * hash is recomputed from the lead and its relations because editing a draft or a touchpoint
     * does not touch `Lead.updatedAt`.
     */
    async findLeadsNeedingSync(input: FindLeadsInput): Promise<FindLeadsResult> {
      const limit = Math.max(1, Math.floor(input.limit));
      const leads = await deps.prisma.lead.findMany({
        // Leads whose Attio stage paused them (e.g. Won, Lost; two-way sync) are not re-synced.
        where: { id: { gt: input.afterLeadId }, attioResyncPausedAt: null },
        orderBy: { id: "asc" },
        take: limit,
        include: leadWithEvidence,
      });
      const leadIds: number[] = [];
      for (const lead of leads) {
        if (!lead.attioSnapshotHash || snapshotHash(toLeadSnapshot(lead)) !== lead.attioSnapshotHash) leadIds.push(lead.id);
      }
      return {
        leadIds,
        scanned: leads.length,
        unchanged: leads.length - leadIds.length,
        nextAfterLeadId: leads.length < limit ? null : leads[leads.length - 1].id,
      };
    },
  };
}

export type ResyncActivities = ReturnType<typeof createResyncActivities>;
