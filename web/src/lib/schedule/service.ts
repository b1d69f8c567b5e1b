/**
 * Over 300 lines on purpose: the operations share one deadline, one error mapping and one status reader.
 *
 * The periodic passes' schedules: the re-sync (Temporal Schedule `leadsync-resync`, the default)
 * and two-way sync's reconcile pass (`leadsync-attio-reconcile`, RECONCILE_PASS): create, update,
 * pause, unpause, trigger, describe and delete. Used by `npm run schedule`, the leads page and
 * /settings/attio, so all read and change a schedule the same way.
 *
 * The schedule starts `resyncLeadsWorkflow` (by type name: the web app must not import workflow
 * code), which starts a `lead-<id>` child per changed lead. Every Temporal call here runs under
 * one deadline, so a Temporal server that is down costs the caller seconds, not minutes, and
 * every failure leaves as a ScheduleServiceError whose message is safe to show a person.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  WorkflowNotFoundError,
  type Client,
  type ScheduleDescription,
  type ScheduleOptionsStartWorkflowAction,
  type Workflow,
} from "@temporalio/client";
import type { QueryDefinition } from "@temporalio/common";
import {
  RECONCILE_DEFAULT_EVERY,
  RECONCILE_SCHEDULE_ID,
  RECONCILE_WORKFLOW_TYPE,
  reconcileProgressQuery,
  RESYNC_DEFAULT_EVERY,
  RESYNC_SCHEDULE_ID,
  RESYNC_WORKFLOW_TYPE,
  resyncProgressQuery,
  type ResyncLeadsInput,
  type ResyncLeadsResult,
  type ResyncProgress,
} from "../temporal/contract";
import { TemporalUnavailableError, temporalRunUrl, type TemporalSettings } from "../temporal/client";
import { GrpcCode, hasGrpcCode, innermostMessage, runStatus, type RunStatus } from "../temporal/errors";
import { formatInterval, parseInterval } from "./interval";

export { RESYNC_DEFAULT_EVERY, RESYNC_SCHEDULE_ID };

/** What a schedule runs: the workflow it starts, its default interval, and how a running pass reports progress. */
export interface SchedulePass {
  scheduleId: string;
  workflowType: string;
  defaultEvery: string;
  progressQuery: QueryDefinition<unknown, []>;
  /** How `not_found` tells a person to create it. */
  createHint: string;
}

export const RESYNC_PASS: SchedulePass = {
  scheduleId: RESYNC_SCHEDULE_ID,
  workflowType: RESYNC_WORKFLOW_TYPE,
  defaultEvery: RESYNC_DEFAULT_EVERY,
  progressQuery: resyncProgressQuery,
  createHint: "Create it with `npm run schedule -- create`.",
};

/** Two-way sync's reconcile pass (workflows/attio-reconcile.ts), created when webhooks are connected. */
export const RECONCILE_PASS: SchedulePass = {
  scheduleId: RECONCILE_SCHEDULE_ID,
  workflowType: RECONCILE_WORKFLOW_TYPE,
  defaultEvery: RECONCILE_DEFAULT_EVERY,
  progressQuery: reconcileProgressQuery,
  createHint: "Connect webhooks on /settings/attio, or run `npm run schedule -- create --reconcile`.",
};

export interface ScheduleServiceDeps {
  /** Which schedule (default: the re-sync). */
  pass?: SchedulePass;
  getClient: () => Promise<Client>;
  settings: TemporalSettings;
  /** Defaults to the pass's id; tests use their own ids on the shared dev server. */
  scheduleId?: string;
  /** Deadline for one service call, all of its Temporal requests together (default 5 s). */
  deadlineMs?: number;
  /** Input the schedule passes to each run (the re-sync's window, page and batch sizes; the reconcile's page size). */
  dispatcherInput?: ResyncLeadsInput | Record<string, unknown>;
}

export type ScheduleErrorKind = "not_found" | "unavailable" | "invalid" | "failed";

/** The one error type this module throws; `message` is meant for people (CLI output, the panel). */
export class ScheduleServiceError extends Error {
  name = "ScheduleServiceError";
  constructor(
    readonly kind: ScheduleErrorKind,
    message: string,
    /** The underlying error, for the CLI's details; never shown in the web app. */
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type LastRunStatus = RunStatus;

export interface ScheduleLastRun {
  workflowId: string;
  /** When the schedule (or a trigger) took the action. */
  startedAt: string;
  status: LastRunStatus;
  closedAt: string | null;
  /** The pass's totals once it completed. */
  result: ResyncLeadsResult | null;
  /** Live totals while it runs (null when no worker answers the query in time). */
  progress: ResyncProgress | null;
  /** Why it failed, when it did. */
  error: string | null;
  /** The run in the Temporal Web UI (its latest run, after any continue-as-new). */
  url: string;
}

export type ScheduleStatus =
  | { exists: false; scheduleId: string }
  | {
      exists: true;
      scheduleId: string;
      /** "6h"; null when the schedule was given a calendar or cron spec by hand. */
      every: string | null;
      paused: boolean;
      note: string | null;
      overlap: string;
      nextRunAt: string | null;
      actionsTaken: number;
      /** A pass started by this schedule is running now. */
      running: boolean;
      lastRun: ScheduleLastRun | null;
    };

/** Body of `GET /api/schedule`, polled by the leads page panel. */
export type ScheduleStatusResponse = { ok: true; status: ScheduleStatus } | { ok: false; error: string; unavailable: boolean };

const DEFAULT_DEADLINE_MS = 5_000;
/** The live-progress query needs a worker to replay the run: give it less than the whole budget. */
const QUERY_BUDGET_MS = 1_500;

function scheduleIdOf(deps: ScheduleServiceDeps): string {
  return deps.scheduleId ?? passOf(deps).scheduleId;
}

const passOf = (deps: ScheduleServiceDeps) => deps.pass ?? RESYNC_PASS;

/** Validated interval in ms; throws an "invalid" error with the parser's message. */
export function intervalMs(every: string): number {
  const parsed = parseInterval(every);
  if (!parsed.ok) throw new ScheduleServiceError("invalid", parsed.error);
  return parsed.ms;
}

function action(deps: ScheduleServiceDeps): ScheduleOptionsStartWorkflowAction<Workflow> {
  return {
    type: "startWorkflow",
    workflowType: passOf(deps).workflowType,
    taskQueue: deps.settings.taskQueue,
    // Temporal appends "-<timestamp>" to it for every run, so runs stay distinct.
    workflowId: scheduleIdOf(deps),
    args: [deps.dispatcherInput ?? {}],
  };
}

/**
 * Creates the schedule (default every 6 h, overlap SKIP: a pass still running when the next one is
 * due makes that one skip). If it already exists, its interval and task queue are updated instead
 * and its paused state is kept, so `create` can be run on every start.
 */
export async function createSchedule(
  deps: ScheduleServiceDeps,
  opts: { every?: string; paused?: boolean } = {},
): Promise<{ created: boolean; status: ScheduleStatus }> {
  const every = intervalMs(opts.every ?? passOf(deps).defaultEvery);
  return run(deps, async (client) => {
    const scheduleId = scheduleIdOf(deps);
    let created = true;
    try {
      await client.schedule.create({
        scheduleId,
        spec: { intervals: [{ every }] },
        action: action(deps),
        policies: { overlap: ScheduleOverlapPolicy.SKIP },
        state: { paused: opts.paused ?? false, note: opts.paused ? "Created paused" : "Created by leadsync" },
      });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      created = false;
      await client.schedule.getHandle(scheduleId).update((prev) => ({
        ...prev,
        spec: { intervals: [{ every }] },
        action: { ...prev.action, taskQueue: deps.settings.taskQueue },
      }));
    }
    return { created, status: await describeWith(client, deps) };
  });
}

/** Changes the interval of an existing schedule; its paused state and history are kept. */
export async function updateScheduleInterval(deps: ScheduleServiceDeps, every: string): Promise<ScheduleStatus> {
  const ms = intervalMs(every);
  return run(deps, async (client) => {
    await client.schedule.getHandle(scheduleIdOf(deps)).update((prev) => ({ ...prev, spec: { intervals: [{ every: ms }] } }));
    return describeWith(client, deps);
  });
}

export async function pauseSchedule(deps: ScheduleServiceDeps, note = "Paused from leadsync"): Promise<ScheduleStatus> {
  return run(deps, async (client) => {
    await client.schedule.getHandle(scheduleIdOf(deps)).pause(note);
    return describeWith(client, deps);
  });
}

export async function unpauseSchedule(deps: ScheduleServiceDeps, note = "Resumed from leadsync"): Promise<ScheduleStatus> {
  return run(deps, async (client) => {
    await client.schedule.getHandle(scheduleIdOf(deps)).unpause(note);
    return describeWith(client, deps);
  });
}

/**
 * Starts a pass now, even when paused. With overlap SKIP (not the SDK's ALLOW_ALL default) a
 * trigger while a pass runs is dropped: two dispatchers would only race for the same leads.
 * `alreadyRunning` tells the caller that happened.
 */
export async function triggerSchedule(deps: ScheduleServiceDeps): Promise<{ alreadyRunning: boolean; status: ScheduleStatus }> {
  return run(deps, async (client) => {
    const handle = client.schedule.getHandle(scheduleIdOf(deps));
    const before = await handle.describe();
    const alreadyRunning = before.info.runningActions.length > 0;
    if (!alreadyRunning) await handle.trigger(ScheduleOverlapPolicy.SKIP);
    return { alreadyRunning, status: await describeWith(client, deps) };
  });
}

/** Deletes the schedule. A pass already running finishes; its `lead-<id>` children are unaffected. */
export async function deleteSchedule(deps: ScheduleServiceDeps): Promise<void> {
  await run(deps, async (client) => {
    await client.schedule.getHandle(scheduleIdOf(deps)).delete();
  });
}

/** The schedule's state for the panel and the CLI; `{ exists: false }` when there is none. */
export async function describeSchedule(deps: ScheduleServiceDeps): Promise<ScheduleStatus> {
  return run(deps, (client) => describeWith(client, deps));
}

// ---------------------------------------------------------------------------------------------

async function describeWith(client: Client, deps: ScheduleServiceDeps): Promise<ScheduleStatus> {
  const scheduleId = scheduleIdOf(deps);
  let d: ScheduleDescription;
  try {
    d = await client.schedule.getHandle(scheduleId).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return { exists: false, scheduleId };
    throw err;
  }
  const intervals = d.spec.intervals ?? [];
  // Cron strings come back as calendars, so this also rules out schedules edited to use cron.
  const onlyInterval = intervals.length === 1 && !d.spec.calendars?.length;
  const recent = d.info.recentActions;
  const last = recent.length ? recent[recent.length - 1] : null;
  return {
    exists: true,
    scheduleId,
    every: onlyInterval ? formatInterval(intervals[0].every) : null,
    paused: d.state.paused,
    note: d.state.note || null,
    overlap: d.policies.overlap ?? ScheduleOverlapPolicy.SKIP,
    nextRunAt: d.info.nextActionTimes[0]?.toISOString() ?? null,
    actionsTaken: d.info.numActionsTaken,
    running: d.info.runningActions.length > 0,
    lastRun: last ? await describeRun(client, deps, last.action.workflow.workflowId, last.takenAt) : null,
  };
}

/** Outcome of one pass: the latest run of its continue-as-new chain. */
async function describeRun(client: Client, deps: ScheduleServiceDeps, workflowId: string, takenAt: Date): Promise<ScheduleLastRun> {
  const run: ScheduleLastRun = {
    workflowId,
    startedAt: takenAt.toISOString(),
    status: "unknown",
    closedAt: null,
    result: null,
    progress: null,
    error: null,
    url: temporalRunUrl(workflowId, null, deps.settings),
  };
  // No run id: the handle follows the chain to its latest run.
  const handle = client.workflow.getHandle<(input: ResyncLeadsInput) => Promise<ResyncLeadsResult>>(workflowId);
  try {
    const described = await handle.describe();
    run.status = runStatus(described.status.name);
    run.closedAt = described.closeTime?.toISOString() ?? null;
  } catch (err) {
    // Retention may already have removed an old run; the schedule itself is still fine.
    if (err instanceof WorkflowNotFoundError) return run;
    throw err;
  }
  if (run.status === "completed") {
    // Read from history: no worker needed.
    run.result = await handle.result();
  } else if (run.status === "failed") {
    run.error = await handle.result().then(
      () => null,
      (err: unknown) => innermostMessage(err),
    );
  } else if (run.status === "running") {
    run.progress = await client
      .withDeadline(Date.now() + QUERY_BUDGET_MS, () => handle.query(passOf(deps).progressQuery as typeof resyncProgressQuery))
      .catch(() => null); // no worker polling right now: the status alone is still right
  }
  return run;
}

/** Runs `fn` with a connected client under one deadline; maps every failure to ScheduleServiceError. */
async function run<T>(deps: ScheduleServiceDeps, fn: (client: Client) => Promise<T>): Promise<T> {
  const scheduleId = scheduleIdOf(deps);
  let client: Client;
  try {
    client = await deps.getClient();
  } catch (err) {
    throw new ScheduleServiceError(
      "unavailable",
      err instanceof TemporalUnavailableError ? err.message : `Cannot reach the Temporal server at ${deps.settings.address}.`,
    );
  }
  try {
    return await client.withDeadline(Date.now() + (deps.deadlineMs ?? DEFAULT_DEADLINE_MS), () => fn(client));
  } catch (err) {
    throw toServiceError(err, scheduleId, deps);
  }
}

function toServiceError(err: unknown, scheduleId: string, deps: ScheduleServiceDeps): ScheduleServiceError {
  const { settings } = deps;
  if (err instanceof ScheduleServiceError) return err;
  if (err instanceof ScheduleNotFoundError) {
    return new ScheduleServiceError("not_found", `The schedule "${scheduleId}" does not exist. ${passOf(deps).createHint}`);
  }
  if (isUnavailable(err)) {
    return new ScheduleServiceError(
      "unavailable",
      `The Temporal server at ${settings.address} did not answer. Is it running? Start it with \`npm run dev\`.`,
    );
  }
  // Anything else (an unexpected server answer): a generic message; the details travel as `cause`.
  return new ScheduleServiceError("failed", "The schedule request failed unexpectedly.", { cause: err });
}

/** Deadline exceeded, connection refused or unavailable. */
function isUnavailable(err: unknown): boolean {
  return hasGrpcCode(err, GrpcCode.DEADLINE_EXCEEDED, GrpcCode.UNAVAILABLE);
}
