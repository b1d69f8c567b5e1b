// The dispatchers' shared step: one `lead-<id>` child run, started and awaited. Used by the
// scheduled re-sync and by bulk syncs, so both start children exactly alike.
import { ParentClosePolicy, startChild } from "@temporalio/workflow";
import { leadWorkflowId, type SyncLeadInput, type SyncTimingOverrides, type SyncTrigger } from "../../web/src/lib/temporal/contract";
import { syncLeadWorkflow } from "./sync-lead";

export type LeadChildOutcome = "succeeded" | "failed" | "alreadyRunning";

/** How many failed lead ids a dispatcher keeps for its progress and alert. */
const MAX_FAILED_IDS = 20;

/** A dispatcher's running counts of its children's outcomes. */
export interface OutcomeTally {
  succeeded: number;
  alreadyRunning: number;
  failed: number;
  failedLeadIds: number[];
}

/** Counts one child's outcome; the first MAX_FAILED_IDS failed leads are named. */
export function countOutcome(tally: OutcomeTally, leadId: number, outcome: LeadChildOutcome): void {
  if (outcome === "succeeded") tally.succeeded++;
  else if (outcome === "alreadyRunning") tally.alreadyRunning++;
  else {
    tally.failed++;
    if (tally.failedLeadIds.length < MAX_FAILED_IDS) tally.failedLeadIds.push(leadId);
  }
}

/**
 * Starts the lead's child run and waits for it; never throws, so dispatchers can run it detached.
 * `onStarted` fires once the child is running (the re-sync counts starts).
 */
export async function runLeadChild(
  leadId: number,
  trigger: SyncTrigger,
  opts: { timing?: SyncTimingOverrides; onStarted?: () => void } = {},
): Promise<LeadChildOutcome> {
  try {
    const child = await startChild(syncLeadWorkflow, {
      workflowId: leadWorkflowId(leadId),
      // The dispatcher's clock: deterministic here, and recorded as the child's input.
      args: [
        { leadId, trigger, requestedAt: new Date().toISOString(), ...(opts.timing ? { timing: opts.timing } : {}) } satisfies SyncLeadInput,
      ],
      // A lead's sync must finish even if the dispatcher is terminated or its schedule deleted.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    opts.onStarted?.();
    await child.result();
    return "succeeded";
  } catch (err) {
    // A click (or another dispatcher) is syncing this lead right now: that run sends the current
    // snapshot. Otherwise a ChildWorkflowFailure (the child recorded the error on the lead), or
    // the start itself failed; either way the dispatcher goes on with the other leads.
    return isAlreadyStarted(err) ? "alreadyRunning" : "failed";
  }
}

/**
 * `startChild` rejects with WorkflowExecutionAlreadyStartedError when `lead-<id>` is running.
 * That class lives in @temporalio/common, which is not a direct dependency; its name is stable.
 */
function isAlreadyStarted(err: unknown): boolean {
  return err instanceof Error && err.name === "WorkflowExecutionAlreadyStartedError";
}

/** A whole number >= 1 from a dispatcher option, else the default. */
export function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}
