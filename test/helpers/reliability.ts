/**
 * Shared pieces of the reliability and workflow tests: starting a sync the way the server action
 * does, reading what a run's history says about retries, and the duplicate check on the fake.
 */
import type { Client, WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from "@temporalio/client";
import proto from "@temporalio/proto";
import { expect } from "vitest";
import {
  SYNC_WORKFLOW_TYPE,
  leadWorkflowId,
  type SyncLeadInput,
  type SyncLeadResult,
  type SyncTimingOverrides,
} from "../../web/src/lib/temporal/contract";
import type { FakeAttio, FakeStats } from "../../fake-attio/server";
import { ATTIO_RATE_LIMIT } from "../../fake-attio/rate-limit";

const { EventType } = proto.temporal.api.enums.v1;

/**
 * Test-sized timeouts: a killed worker's Attio attempt is retried after 2 s of missing
 * heartbeats instead of 10 s, retries start after 200 ms, and back-off stops growing at 3 s (a
 * chain of injected failures would otherwise wait 12.8 s and more). 3 s still exceeds the fake's
 * Retry-After (the next whole second), so 429s are retried at their date, as in production.
 */
export const FAST_TIMING: SyncTimingOverrides = {
  retryInitialIntervalMs: 200,
  retryMaximumIntervalMs: 3_000,
  heartbeatTimeoutMs: 2_000,
  attioAttemptTimeoutMs: 20_000,
};

export interface StartSyncOptions {
  timing?: SyncTimingOverrides;
  /**
   * A killed worker's in-flight workflow task is retried after this (server default 10 s). Only
   * the kill tests shorten it: it is a start option the action does not set.
   */
  workflowTaskTimeout?: string;
}

/** `client.workflow.start` with the options of `runLeadSync` (web/src/lib/sync/run-sync.ts), plus test timing. */
export function startSync(
  client: Client,
  taskQueue: string,
  leadId: number,
  opts: StartSyncOptions = {},
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  const input: SyncLeadInput = {
    leadId,
    trigger: "manual",
    requestedAt: new Date().toISOString(),
    ...(opts.timing ? { timing: opts.timing } : {}),
  };
  return client.workflow.start(SYNC_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: leadWorkflowId(leadId),
    args: [input],
    workflowIdConflictPolicy: "USE_EXISTING",
    workflowIdReusePolicy: "ALLOW_DUPLICATE",
    ...(opts.workflowTaskTimeout ? { workflowTaskTimeout: opts.workflowTaskTimeout } : {}),
  });
}

export async function syncResult(handle: WorkflowHandle): Promise<SyncLeadResult> {
  return (await handle.result()) as SyncLeadResult;
}

/** The run's history, protobuf-encoded: payloads (inputs, results, failures) appear as raw JSON bytes. */
export async function historyBytes(client: Client, workflowId: string, runId?: string): Promise<Buffer> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
}

export interface RunRecovery {
  /** Activities whose completing attempt was not the first (retried after a failure or a lost worker). */
  retriedActivities: number;
  /** Of those, retried after their last attempt timed out (a killed worker stops heartbeating). */
  retriedAfterTimeout: number;
  /** Workflow tasks that timed out or failed, e.g. the worker died while running one. */
  workflowTaskRetries: number;
}

/** What a run's history says about the failures it recovered from. */
export async function runRecovery(client: Client, workflowId: string, runId?: string): Promise<RunRecovery> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const out: RunRecovery = { retriedActivities: 0, retriedAfterTimeout: 0, workflowTaskRetries: 0 };
  for (const e of history.events ?? []) {
    // With a retry policy the server writes one Started event per activity, for the attempt
    // that closed it, carrying the attempt number and the previous attempt's failure.
    const started = e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED ? e.activityTaskStartedEventAttributes : null;
    if (started && (started.attempt ?? 1) > 1) {
      out.retriedActivities++;
      if (started.lastFailure?.timeoutFailureInfo) out.retriedAfterTimeout++;
    }
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT || e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
      out.workflowTaskRetries++;
  }
  return out;
}

/** Types of the events in a run's history, for "did this happen" checks. */
export async function historyEventTypes(client: Client, workflowId: string, runId?: string): Promise<number[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return (history.events ?? []).map((e) => Number(e.eventType));
}

export { EventType };

/** No person, company or note was written twice, by any of the fake's keys. */
export function expectNoDuplicates(fake: FakeAttio): void {
  expectNoDuplicatesIn(fake.stats());
}

function expectNoDuplicatesIn(stats: FakeStats): void {
  expect(stats.duplicates).toEqual({
    peopleByEmail: 0,
    peopleByLinkedin: 0,
    companiesByDomain: 0,
    companiesByName: 0,
    notesByContent: 0,
  });
}

/** After a backfill of `leads` leads: one person and one note each, no duplicate, never over Attio's limits. */
export function expectBackfillWithinAttioLimits(stats: FakeStats, leads: number): void {
  expect(stats.maxWritesInAnySecond).toBeLessThanOrEqual(ATTIO_RATE_LIMIT.writesPerSecond);
  expect(stats.maxReadsInAnySecond).toBeLessThanOrEqual(ATTIO_RATE_LIMIT.readsPerSecond);
  expect(stats.people).toBe(leads);
  expect(stats.notes).toBe(leads);
  expectNoDuplicatesIn(stats);
}

type FakeNote = { id: { note_id: string }; parent_record_id: string; content_markdown: string };

/** The fake's notes, typed loosely for assertions. */
export function fakeNotes(fake: FakeAttio): FakeNote[] {
  return fake.listNotes() as FakeNote[];
}

/** Requests the fake received for one method and path (a RegExp over the /v2 path). */
export function requestsTo(fake: FakeAttio, method: string, path: RegExp) {
  return fake.requests().filter((r) => r.method === method && path.test(r.path));
}

export interface WaitForOptions {
  timeoutMs?: number;
  everyMs?: number;
  /** Extra context for the timeout error, e.g. the run's history so far. */
  detail?: () => Promise<string> | string;
}

/** Resolves once `predicate` holds, checking every `everyMs` (5 ms); rejects after `timeoutMs` (40 s). */
export async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, opts: WaitForOptions = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 40_000);
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${opts.detail ? `\n${await opts.detail()}` : ""}`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 5));
  }
}

/** A run's history as event names with their offsets from the start, for failure messages. */
export async function describeRun(client: Client, workflowId: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const ms = (e: (typeof events)[number]) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
  const t0 = events.length ? ms(events[0]) : 0;
  return `history of ${workflowId}: ${events.map((e) => `+${ms(e) - t0}ms ${EventType[Number(e.eventType)]?.replace("EVENT_TYPE_", "")}`).join(", ")}`;
}
