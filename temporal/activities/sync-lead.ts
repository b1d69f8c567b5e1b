import { ApplicationFailure } from "@temporalio/activity";
import { leadWithEvidence } from "../../web/src/lib/leads/lead-with-evidence";
import { buildSyncNote, syncMarker } from "../../web/src/lib/note/build-note";
import { snapshotHash, toLeadSnapshot } from "../../web/src/lib/note/snapshot";
import { SyncFailureType, type SyncTrigger } from "../../web/src/lib/temporal/contract";
import { MISSING_ATTIO_KEY_MESSAGE } from "../../web/src/lib/config";
import { createAttioCrmSteps } from "./attio-crm";
import { loadCrmSettings } from "../../web/src/lib/crm-settings/mapping-store";
import { type AttioStepDeps, createAttioSteps } from "./attio-steps";
import type { PersistSyncInput, PreparedSync, RunRef } from "./sync-types";
import { markRunFailed, markRunStarted, markRunSucceeded } from "../../web/src/lib/sync/run-state";

export type { PersistSyncInput, PreparedSync, RunRef, SyncNote, SyncRecordInput } from "./sync-types";

export interface SyncActivityDeps extends AttioStepDeps {
  /** The worker's Attio API key (or undefined): checked up front and redacted from notes. */
  attioApiKey: () => string | undefined;
}

/**
 * The sync activities, with their dependencies injected (the worker passes real ones; tests
 * pass a test database and a client aimed at the fake Attio).
 *
 * Every one of them may run more than once for the same run (a retry after a lost response, a
 * worker killed mid-call), so each is written to converge: the Attio client dedupes its writes,
 * the note carries a run-unique marker, and the database writes set absolute values.
 */
export function createSyncActivities(deps: SyncActivityDeps) {
  const activities = {
    ...createAttioSteps(deps),
    ...createAttioCrmSteps(deps),
    /** Marks the run started, loads the lead with its evidence and builds the snapshot note. */
    async prepareSync(input: RunRef & { leadId: number; syncedAt: string; trigger?: SyncTrigger }): Promise<PreparedSync> {
      await markRunStarted(deps.prisma, { ...input, startedAt: new Date(input.syncedAt) });
      const apiKey = deps.attioApiKey();
      if (!apiKey) {
        throw ApplicationFailure.create({ type: SyncFailureType.AttioConfigError, message: MISSING_ATTIO_KEY_MESSAGE, nonRetryable: true });
      }
      const [lead, fieldPolicy] = await Promise.all([
        deps.prisma.lead.findUnique({ where: { id: input.leadId }, include: leadWithEvidence }),
        deps.fieldPolicy(),
      ]);
      if (!lead) throw leadNotFound(`Lead ${input.leadId} does not exist (it may have been deleted).`);
      if (lead.attioDeletedAt && !(await loadCrmSettings(deps.prisma)).settings.recreateDeletedRecords) {
        throw ApplicationFailure.create({
          type: SyncFailureType.DeletedInAttio,
          message: `This lead's ${lead.attioDeletedKind ?? "record"} was deleted in Attio, and /settings/attio says not to create it again.`,
          nonRetryable: true,
        });
      }
      const snapshot = toLeadSnapshot(lead);
      const marker = syncMarker(input.workflowId, input.runId);
      // The key is passed as an extra secret: should a lead's text contain it, it is redacted
      // here, before the note reaches Temporal's history or Attio.
      const note = buildSyncNote(snapshot, { syncedAt: new Date(input.syncedAt), marker, secrets: [apiKey] });
      return {
        leadId: lead.id,
        name: lead.name,
        role: lead.role,
        email: lead.email,
        linkedinUrl: lead.linkedinUrl,
        companyName: lead.companyName,
        companyDomain: lead.companyDomain,
        fieldPolicy,
        note: { ...note, marker },
        snapshotHash: snapshotHash(snapshot),
      };
    },

    /** Stores the sync time, outcome and snapshot hash on the lead (the steps stored the ids) and closes the log row. */
    async recordSuccess(input: PersistSyncInput): Promise<void> {
      const stored = await markRunSucceeded(deps.prisma, { ...input, syncedAt: new Date(input.syncedAt) });
      // Without this check a lead deleted mid-run would end in a "completed" run that stored nothing.
      if (!stored) {
        throw leadNotFound(`Lead ${input.leadId} was deleted while it was being synced; the records already written to Attio were kept.`);
      }
    },

    /** Stores a failed outcome on the lead and its log row, so the list and the page show it without Temporal. */
    async recordFailure(input: RunRef & { leadId: number; error: string }): Promise<void> {
      await markRunFailed(deps.prisma, input);
    },
  };
  return {
    ...activities,
    // The names runs started before the rename still schedule (workflows/sync-lead.ts, SYNC_PATCHES).
    loadLeadAndBuildNote: activities.prepareSync,
    persistIds: activities.recordSuccess,
  };
}

export type SyncActivities = ReturnType<typeof createSyncActivities>;

function leadNotFound(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: SyncFailureType.LeadNotFound, message, nonRetryable: true });
}
