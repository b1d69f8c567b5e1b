import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
// Types only: activity code (Prisma, fetch) must never be bundled into the workflow sandbox.
import type { AttioInboundActivities } from "../activities/attio-inbound";
import {
  ATTIO_EVENTS_BURSTS_PER_RUN,
  ATTIO_EVENTS_QUIET_MS,
  attioEventsSignal,
  type AttioRecordEventsInput,
} from "../../web/src/lib/temporal/contract";

/** Attio reads of two-way sync (this workflow and the reconcile pass): back off to a minute; a missing key is final. */
export const INBOUND_RETRY = {
  initialInterval: "1s",
  backoffCoefficient: 2,
  maximumInterval: "1m",
  nonRetryableErrorTypes: ["AttioConfigError"],
};

/**
 * The apply step reads Attio (one record or entry per burst) and writes the database. A merge
 * still in progress answers 404 `merge_in_progress`, which is retryable: the step waits it out.
 */
const { applyAttioEvents } = proxyActivities<AttioInboundActivities>({
  startToCloseTimeout: "2m",
  heartbeatTimeout: "30s",
  scheduleToCloseTimeout: "1h",
  retry: INBOUND_RETRY,
});

/** A burst is applied after at most this many quiet windows (1 min in production) or this many events. */
const MAX_BURST_QUIET_WINDOWS = 12;
const MAX_BURST_EVENTS = 500;

/**
 * One Attio record's inbound events (`attio-<object>-<recordId>`): the `attioEvents` signal
 * brings inbox ids; after a quiet window (a burst of one user's edits, Attio's own `system`
 * reactions) one activity applies them all. Ids seen before are ignored, so the intake and the
 * drain may both signal the same row. Ends when idle; continue-as-new after a bounded number of bursts.
 */
export async function attioRecordEventsWorkflow(input: AttioRecordEventsInput = {}): Promise<void> {
  const quietMs = input.quietMs ?? ATTIO_EVENTS_QUIET_MS;
  const seen = new Set<number>(input.pending ?? []);
  let pending: number[] = [...(input.pending ?? [])];
  let lastArrival = 0;
  setHandler(attioEventsSignal, (ids) => {
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      pending.push(id);
      lastArrival++;
    }
  });

  let bursts = input.bursts ?? 0;
  for (let inRun = 0; inRun < ATTIO_EVENTS_BURSTS_PER_RUN; inRun++) {
    // Wait for the first event (a run started by signalWithStart has it already), then for quiet.
    if (!(await condition(() => pending.length > 0, quietMs * 2))) return;
    // A record that never goes quiet is still applied: a burst ends after a bounded time or size.
    const burstEnds = Date.now() + quietMs * MAX_BURST_QUIET_WINDOWS;
    while (pending.length < MAX_BURST_EVENTS && Date.now() < burstEnds) {
      const before = lastArrival;
      await condition(() => lastArrival !== before, quietMs);
      if (lastArrival === before) break;
    }
    const inboxIds = pending;
    pending = [];
    try {
      await applyAttioEvents({ workflowId: workflowInfo().workflowId, inboxIds });
    } catch {
      // Out of retries (e.g. Attio down for an hour): the rows stay unapplied, and the drain's
      // later re-signal of them is taken again instead of ignored as seen.
      for (const id of inboxIds) seen.delete(id);
    }
    bursts++;
  }
  await continueAsNew<typeof attioRecordEventsWorkflow>({ pending, bursts, quietMs });
}
