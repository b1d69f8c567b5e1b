import { ParentClosePolicy, proxyActivities, startChild, workflowInfo } from "@temporalio/workflow";
// Types only: activity code must never be bundled into the workflow sandbox.
import type { AlertActivities } from "../activities/alerts";
import type { LeadFailureAlert, PassFailureAlert } from "../../web/src/lib/temporal/contract";

/** A webhook that is down is retried for up to an hour, backing off to 5 minutes. */
const alerts = proxyActivities<AlertActivities>({
  startToCloseTimeout: "30s",
  scheduleToCloseTimeout: "1h",
  retry: { initialInterval: "1s", backoffCoefficient: 2, maximumInterval: "5m", nonRetryableErrorTypes: ["AlertRejected"] },
});

export async function leadFailureAlertWorkflow(alert: LeadFailureAlert): Promise<string> {
  return alerts.alertSyncFailed(alert);
}

export async function passFailureAlertWorkflow(alert: PassFailureAlert): Promise<string> {
  return alerts.alertPassFailed(alert);
}

/**
 * Starts an alert workflow and leaves it running on its own (ABANDON): the caller's outcome never
 * waits for the webhook. Its id is the reporting run's id (unique, and the same on every replay),
 * so one run can never alert twice.
 * Never throws: a failed alert start must not change how the sync or pass ends.
 */
export async function startLeadFailureAlert(alert: LeadFailureAlert): Promise<void> {
  await startChild(leadFailureAlertWorkflow, {
    workflowId: `alert-${alert.runId}`,
    args: [alert],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  }).catch(() => undefined);
}

/** The calling dispatcher's pass over `total` leads had failures: alerts once, under this run's id. */
export async function startPassFailureAlert(
  kind: PassFailureAlert["kind"],
  total: number,
  tally: { failed: number; failedLeadIds: number[] },
): Promise<void> {
  const { workflowId, runId } = workflowInfo();
  const alert: PassFailureAlert = { kind, workflowId, total, failed: tally.failed, failedLeadIds: tally.failedLeadIds };
  await startChild(passFailureAlertWorkflow, {
    workflowId: `alert-${runId}`,
    args: [alert],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  }).catch(() => undefined);
}
