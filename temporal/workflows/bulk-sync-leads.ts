import { condition, continueAsNew, setHandler, workflowInfo } from "@temporalio/workflow";
import { RESYNC_DEFAULTS, bulkProgressQuery, type BulkProgress, type BulkSyncInput } from "../../web/src/lib/temporal/contract";
import { countOutcome, positive, runLeadChild } from "./lead-children";
import { startPassFailureAlert } from "./alerts";

/**
 * "Sync selected" and "Retry all failed": syncs an explicit list of leads through `lead-<id>`
 * children, at most `concurrency` at a time, exactly like the scheduled pass (same child step,
 * same window). The `bulkProgress` query reports done, failed and in flight since the chain
 * started, so the leads page can draw a progress bar after any reload. After `batchSize` children
 * it drains and continues as new with the leads left, so any number of leads fits in history.
 */
export async function bulkSyncLeadsWorkflow(input: BulkSyncInput): Promise<BulkProgress> {
  const concurrency = positive(input.concurrency, RESYNC_DEFAULTS.concurrency);
  const batchSize = positive(input.batchSize, RESYNC_DEFAULTS.batchSize);
  const progress: BulkProgress = input.progress
    ? { ...input.progress, failedLeadIds: [...input.progress.failedLeadIds], inFlight: 0 }
    : {
        trigger: input.trigger,
        total: input.leadIds.length,
        succeeded: 0,
        failed: 0,
        alreadyRunning: 0,
        inFlight: 0,
        startedAt: new Date().toISOString(),
        failedLeadIds: [],
      };
  setHandler(bulkProgressQuery, () => ({ ...progress, failedLeadIds: [...progress.failedLeadIds] }));

  async function syncOne(leadId: number): Promise<void> {
    progress.inFlight++;
    const outcome = await runLeadChild(leadId, input.trigger, { timing: input.timing });
    progress.inFlight--;
    countOutcome(progress, leadId, outcome);
  }

  for (const [i, leadId] of input.leadIds.entries()) {
    if (i > 0 && (i >= batchSize || workflowInfo().continueAsNewSuggested)) {
      // Drain first: the next run cannot await children started by this one.
      await condition(() => progress.inFlight === 0);
      await continueAsNew<typeof bulkSyncLeadsWorkflow>({ ...input, leadIds: input.leadIds.slice(i), progress });
    }
    if (progress.inFlight >= concurrency) await condition(() => progress.inFlight < concurrency);
    // Detached on purpose: the window, not this loop, waits for the children.
    void syncOne(leadId);
  }
  await condition(() => progress.inFlight === 0);
  if (progress.failed > 0) await startPassFailureAlert(progress.trigger, progress.total, progress);
  return progress;
}
