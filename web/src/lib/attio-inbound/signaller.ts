// signalWithStart of the per-record workflow, shared by the webhook route and the worker's drain.
import type { Client } from "@temporalio/client";
import { ATTIO_EVENTS_WORKFLOW_TYPE, attioEventsSignal, type AttioRecordEventsInput } from "../temporal/contract";
import type { InboxSignaller } from "./inbox";

export interface SignallerOptions {
  taskQueue: string;
  /** Bound on one signal, so a Temporal server that is down fails fast instead of hanging ~20 s. */
  deadlineMs?: number;
  /** The workflow's quiet window (tests shorten it); production leaves the workflow's default. */
  quietMs?: number;
}

export function temporalInboxSignaller(client: Client, opts: SignallerOptions): InboxSignaller {
  const args: [AttioRecordEventsInput] = [opts.quietMs ? { quietMs: opts.quietMs } : {}];
  return async (workflowId, inboxIds) => {
    await client.withDeadline(Date.now() + (opts.deadlineMs ?? 3_000), () =>
      client.workflow.signalWithStart(ATTIO_EVENTS_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: opts.taskQueue,
        args,
        signal: attioEventsSignal,
        signalArgs: [inboxIds],
      }),
    );
  };
}
