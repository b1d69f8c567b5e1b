import { ApplicationFailure } from "@temporalio/activity";
import { leadWithEvidence } from "../../web/src/lib/leads/lead-with-evidence";
import { buildSyncNote, syncMarker } from "../../web/src/lib/note/build-note";
import { snapshotHash, toLeadSnapshot } from "../../web/src/lib/note/snapshot";
import { SyncFailureType, type SyncTrigger } from "../../web/src/lib/temporal/contract";
import { createAttioCrmSteps } from "./attio-crm";
import { loadAttioSettings } from "../../web/src/lib/attio-settings/store";
import { type AttioStepDeps, createAttioSteps } from "./attio-steps";
import type { PersistSyncInput, PreparedSync, RunRef } from "./sync-types";
import { logRunFailed, logRunStarted, logRunSucceeded } from "./sync-log";

export type { PersistSyncInput, PreparedSync, RunRef, SyncNote, SyncRecordInput } from "./sync-types";

export interface SyncActivityDeps extends AttioStepDeps {
  /** The worker's Attio API key (or undefined): checked up front and redacted from notes. */
  attioApiKey: () => string | undefined;
}

const MISSING_KEY_ON_WORKER = "ATTIO_API_KEY is not set on the worker. Add it to .env (see .env.example) and restart the worker.";

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
    /** Loads the lead with its evidence, marks it running and builds the snapshot note. */
    async prepareSync(input: RunRef & { leadId: number; syncedAt: string; trigger?: SyncTrigger }): Promise<PreparedSync> {
      await logRunStarted(deps.prisma, { ...input, startedAt: input.syncedAt });
      const apiKey = deps.attioApiKey();
      if (!apiKey) {
        throw ApplicationFailure.create({ type: SyncFailureType.AttioConfigError, message: MISSING_KEY_ON_WORKER, nonRetryable: true });
      }
      const lead = await deps.prisma.lead.findUnique({ where: { id: input.leadId }, include: leadWithEvidence });
      if (!lead) throw leadNotFound(`Lead ${input.leadId} does not exist (it may have been deleted).`);
      if (lead.attioDeletedAt && !(await loadAttioSettings(deps.prisma)).settings.recreateDeletedRecords) {
        throw ApplicationFailure.create({
          type: SyncFailureType.DeletedInAttio,
          message: `This lead's ${lead.attioDeletedKind ?? "record"} was deleted in Attio, and /settings/attio says not to create it again.`,
          nonRetryable: true,
        });
      }
      await deps.prisma.lead.update({
        where: { id: lead.id },
        data: {
          attioSyncStatus: "running",
          attioSyncError: null,
          attioLastRunAt: new Date(input.syncedAt),
          attioLastWorkflowId: input.workflowId,
          attioLastRunId: input.runId,
        },
      });
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
        knownPersonId: lead.attioPersonId,
        knownCompanyId: lead.attioCompanyId,
        note: { ...note, marker },
        snapshotHash: snapshotHash(snapshot),
      };
    },

    /** Stores the Attio IDs, sync time, outcome and snapshot hash on the lead. */
    async recordSuccess(input: PersistSyncInput): Promise<void> {
      const { count } = await deps.prisma.lead.updateMany({
        where: { id: input.leadId },
        data: {
          attioPersonId: input.person.id,
          attioPersonUrl: input.person.webUrl,
          attioCompanyId: input.company?.id ?? null,
          attioCompanyUrl: input.company?.webUrl ?? null,
          attioSyncedAt: new Date(input.syncedAt),
          attioSyncStatus: "synced",
          attioSyncError: null,
          attioLastWorkflowId: input.workflowId,
          attioLastRunId: input.runId,
          attioSnapshotHash: input.snapshotHash,
          // Created again (or found) in Attio: no longer "deleted in Attio".
          attioDeletedAt: null,
          attioDeletedKind: null,
        },
      });
      // Without this check a lead deleted mid-run would end in a "completed" run that stored nothing.
      if (count === 0) {
        throw leadNotFound(`Lead ${input.leadId} was deleted while it was being synced; the records already written to Attio were kept.`);
      }
      await logRunSucceeded(deps.prisma, input);
    },

    /** Stores a failed outcome on the lead, so the list and the page show it without Temporal. */
    async recordFailure(input: RunRef & { leadId: number; error: string }): Promise<void> {
      await deps.prisma.lead.updateMany({
        where: { id: input.leadId },
        data: {
          attioSyncStatus: "failed",
          attioSyncError: input.error.slice(0, 2_000),
          attioLastWorkflowId: input.workflowId,
          attioLastRunId: input.runId,
        },
      });
      await logRunFailed(deps.prisma, input);
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
