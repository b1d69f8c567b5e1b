/**
 * Manages the periodic re-sync schedule (Temporal Schedule "leadsync-resync").
 *
 *   npm run schedule -- create [--every 6h] [--paused]   create it (or update the interval if it exists)
 *   npm run schedule -- update --every 30m               change the interval
 *   npm run schedule -- pause [--note "why"]             stop scheduled passes ("Re-sync now" still works)
 *   npm run schedule -- unpause [--note "why"]
 *   npm run schedule -- trigger                          run one pass now (skipped if one is running)
 *   npm run schedule -- describe [--json]                interval, state, next run, last run and outcome
 *   npm run schedule -- delete
 *
 * With --reconcile, each command acts on two-way sync's reconcile pass instead (Temporal Schedule
 * "leadsync-attio-reconcile", default every 24h, starting `attioReconcileWorkflow`).
 *
 * Reads .env like the worker (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE). The
 * schedule starts `resyncLeadsWorkflow` on the task queue, so a worker must poll it for passes to run.
 */
import type { Client } from "@temporalio/client";
import { loadDotEnv } from "../temporal/env";
import { getTemporalClient, temporalSettings } from "../web/src/lib/temporal/client";
import * as service from "../web/src/lib/schedule/service";

const USAGE = `usage: npm run schedule -- <command> [options]
commands:
  create [--every ${service.RESYNC_DEFAULT_EVERY}] [--paused]
  update --every <interval>      e.g. 6h, 30m, 1h30m, 1d
  pause [--note <text>]
  unpause [--note <text>]
  trigger
  describe [--json]
  delete
options:
  --reconcile                    act on the reconcile pass of two-way sync instead of the re-sync`;

interface Args {
  command: string;
  every?: string;
  note?: string;
  paused: boolean;
  json: boolean;
  reconcile: boolean;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h") throw new UsageError("");
  const args: Args = { command, paused: false, json: false, reconcile: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--every") args.every = value();
    else if (flag === "--note") args.note = value();
    else if (flag === "--paused") args.paused = true;
    else if (flag === "--json") args.json = true;
    else if (flag === "--reconcile") args.reconcile = true;
    else throw new UsageError(`unknown option ${arg}`);
  }
  return args;
}

class UsageError extends Error {}

function printStatus(status: service.ScheduleStatus): void {
  if (!status.exists) {
    console.log(`schedule ${status.scheduleId}: does not exist (create it with \`npm run schedule -- create\`)`);
    return;
  }
  const lines = [
    `schedule ${status.scheduleId}`,
    `  interval:  ${status.every ? `every ${status.every}` : "custom calendar"} (overlap ${status.overlap})`,
    `  state:     ${status.paused ? "paused" : "active"}${status.note ? ` (${status.note})` : ""}`,
    `  next run:  ${status.paused ? "none while paused" : (status.nextRunAt ?? "none")}`,
    `  passes:    ${status.actionsTaken} taken${status.running ? ", one running now" : ""}`,
  ];
  const last = status.lastRun;
  if (!last) lines.push("  last run:  never");
  else {
    lines.push(`  last run:  ${last.startedAt} ${last.status} (${last.workflowId})`);
    const t = last.result ?? last.progress;
    if (t && !("unchanged" in t)) {
      // The reconcile pass's totals (ReconcileTotals).
      const r = t as unknown as { scanned: number; changed: number; reads: number };
      lines.push(`             ${r.scanned} synced leads read, ${r.changed} changed, ${r.reads} Attio reads`);
    } else if (t) {
      lines.push(
        `             ${t.scanned} scanned, ${t.unchanged} unchanged, ${t.started} started, ${t.succeeded} synced, ${t.failed} failed, ${t.alreadyRunning} already syncing`,
      );
      if (t.failedLeadIds.length) lines.push(`             failed leads: ${t.failedLeadIds.join(", ")}`);
    }
    if (last.error) lines.push(`             error: ${last.error}`);
    lines.push(`             ${last.url}`);
  }
  console.log(lines.join("\n"));
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (err.message) console.error(`schedule: ${err.message}`);
    console.error(USAGE);
    return 2;
  }
  loadDotEnv();
  const settings = temporalSettings();
  let clientPromise: Promise<Client> | undefined;
  const deps: service.ScheduleServiceDeps = {
    pass: args.reconcile ? service.RECONCILE_PASS : service.RESYNC_PASS,
    getClient: () => (clientPromise ??= getTemporalClient(settings)),
    settings,
    deadlineMs: 10_000,
  };
  try {
    switch (args.command) {
      case "create": {
        const { created, status } = await service.createSchedule(deps, { every: args.every, paused: args.paused });
        console.log(created ? "created" : "already existed: interval and task queue updated");
        printStatus(status);
        break;
      }
      case "update":
        if (!args.every) throw new UsageError("update needs --every <interval>");
        printStatus(await service.updateScheduleInterval(deps, args.every));
        break;
      case "pause":
        printStatus(await service.pauseSchedule(deps, args.note));
        break;
      case "unpause":
        printStatus(await service.unpauseSchedule(deps, args.note));
        break;
      case "trigger": {
        const { alreadyRunning, status } = await service.triggerSchedule(deps);
        console.log(alreadyRunning ? "a pass is already running: trigger skipped" : "triggered: a pass starts now");
        printStatus(status);
        break;
      }
      case "describe": {
        const status = await service.describeSchedule(deps);
        if (args.json) console.log(JSON.stringify(status, null, 2));
        else printStatus(status);
        break;
      }
      case "delete":
        await service.deleteSchedule(deps);
        console.log(`deleted schedule ${deps.pass!.scheduleId}`);
        break;
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`schedule: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof service.ScheduleServiceError) {
      console.error(`schedule: ${err.message}`);
      if (err.kind === "failed" && err.cause instanceof Error) console.error(`  cause: ${err.cause.message}`);
      return 1;
    }
    throw err;
  } finally {
    // The client keeps a gRPC channel open; close it so the process can exit on its own.
    await clientPromise?.then((c) => c.connection.close()).catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error("schedule failed:", err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
