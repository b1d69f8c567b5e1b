import { condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
// Types only: activity code (Prisma) must never be bundled into the workflow sandbox.
import type { ResyncActivities } from "../activities/resync";
import {
  RESYNC_DEFAULTS,
  emptyResyncTotals,
  resyncProgressQuery,
  type ResyncLeadsInput,
  type ResyncLeadsResult,
  type ResyncTotals,
} from "../../web/src/lib/temporal/contract";
import { countOutcome, positive, runLeadChild } from "./lead-children";
import { startPassFailureAlert } from "./alerts";

/** Patch ids: each marks a change that runs started by earlier code must not see on replay. */
export const RESYNC_PATCHES = {
  /** A pass that ends with failures starts a failure-alert workflow. */
  passAlert: "resync-pass-alert",
} as const;

const db = proxyActivities<ResyncActivities>({
  startToCloseTimeout: "1m",
  retry: { initialInterval: "1s", maximumInterval: "10s", maximumAttempts: 5 },
});

/**
 * The scheduled re-sync: pages through the leads in id order, skips those whose snapshot is
 * unchanged since the last sync (the activity compares hashes; no Attio call), and starts a
 * `lead-<id>` child run for each of the others, at most `concurrency` at a time. Children keep
 * the per-lead workflow id, so the lead page, its button and the Temporal UI see a scheduled
 * sync exactly like a click. After `batchSize` children (or when the server suggests it) the run
 * waits for its children and continues as new from where it stopped, so histories stay small
 * for any number of leads.
 */
export async function resyncLeadsWorkflow(input: ResyncLeadsInput = {}): Promise<ResyncLeadsResult> {
  const concurrency = positive(input.concurrency, RESYNC_DEFAULTS.concurrency);
  const pageSize = positive(input.pageSize, RESYNC_DEFAULTS.pageSize);
  const batchSize = positive(input.batchSize, RESYNC_DEFAULTS.batchSize);
  const totals: ResyncTotals = { ...(input.totals ?? emptyResyncTotals()) };
  totals.failedLeadIds = [...totals.failedLeadIds];
  totals.runs += 1;
  let afterLeadId = input.afterLeadId ?? 0;
  let inFlight = 0;
  let startedThisRun = 0;
  setHandler(resyncProgressQuery, () => ({ ...totals, failedLeadIds: [...totals.failedLeadIds], inFlight, afterLeadId }));

  /** Starts and awaits one lead's child run; never throws, so it can run detached from the loop. */
  async function syncOne(leadId: number): Promise<void> {
    inFlight++;
    const outcome = await runLeadChild(leadId, "schedule", { onStarted: () => totals.started++ });
    inFlight--;
    countOutcome(totals, leadId, outcome);
  }

  for (;;) {
    const page = await db.findLeadsNeedingSync({ afterLeadId, limit: pageSize });
    totals.scanned += page.scanned;
    totals.unchanged += page.unchanged;
    for (const leadId of page.leadIds) {
      if (inFlight >= concurrency) await condition(() => inFlight < concurrency);
      // Detached on purpose: the window, not this loop, waits for the children.
      void syncOne(leadId);
      startedThisRun++;
    }
    if (page.nextAfterLeadId === null) break;
    afterLeadId = page.nextAfterLeadId;
    if (startedThisRun >= batchSize || workflowInfo().continueAsNewSuggested) {
      // Drain first: the next run cannot await children started by this one, and the window
      // must stay bounded across the hand-over.
      await condition(() => inFlight === 0);
      await continueAsNew<typeof resyncLeadsWorkflow>({ ...input, afterLeadId, totals });
    }
  }
  await condition(() => inFlight === 0);
  if (totals.failed > 0 && patched(RESYNC_PATCHES.passAlert)) await startPassFailureAlert("schedule", totals.started, totals);
  return totals;
}
