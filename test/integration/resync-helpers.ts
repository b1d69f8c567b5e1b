/**
 * Helpers shared by the schedule and re-sync integration tests (not a test file itself).
 */
import type { Client } from "@temporalio/client";
import { describeSchedule, type ScheduleLastRun, type ScheduleServiceDeps } from "../../web/src/lib/schedule/service";
import { RESYNC_WORKFLOW_TYPE, type ResyncLeadsResult } from "../../web/src/lib/temporal/contract";
import { testSettings } from "../helpers/temporal";

/** Schedule service deps for a test: its own schedule id, the test worker's task queue. */
export function testScheduleDeps(client: Client, taskQueue: string, scheduleId: string): ScheduleServiceDeps {
  return { getClient: async () => client, settings: testSettings(taskQueue), scheduleId, deadlineMs: 10_000 };
}

/**
 * Waits (polling describe, the way the panel does) until the schedule has taken a pass other than
 * `previousWorkflowId` and that pass has closed. Returns the closed pass.
 */
export async function waitForSettledPass(
  deps: ScheduleServiceDeps,
  previousWorkflowId: string | null,
  timeoutMs = 45_000,
): Promise<ScheduleLastRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await describeSchedule(deps);
    const last = status.exists ? status.lastRun : null;
    if (last && last.workflowId !== previousWorkflowId && last.status !== "running" && last.status !== "unknown") return last;
    if (Date.now() > deadline)
      throw new Error(`no settled pass of ${deps.scheduleId} within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One scheduled re-sync pass (the dispatcher workflow the schedule starts), run to its end. */
export function runResyncPass(client: Client, taskQueue: string, workflowId: string): Promise<ResyncLeadsResult> {
  return client.workflow.execute(RESYNC_WORKFLOW_TYPE, {
    taskQueue,
    workflowId,
    args: [{ concurrency: 2, pageSize: 100, batchSize: 100 }],
  });
}
