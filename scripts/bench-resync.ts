/**
 * Re-sync benchmark: `npm run bench:resync -- [--workers 1,2,4] [--leads N] [--rate R] [--concurrency K] [--batch B] [--dump file.json] [--reconcile]`
 * (or `tsx scripts/bench-resync.ts ...`).
 *
 * Starts its own Temporal dev server (in memory, 1 task-queue partition) and, for each worker count
 * in --workers (default 1): a fresh SQLite database seeded with N generated leads (default 1,000),
 * the fake Attio in its own process with Attio's real limits (25 writes/s, 100 reads/s, 429 +
 * Retry-After beyond), and that many worker processes (`tsx temporal/worker.ts`) configured like
 * `npm run worker`: the task-queue activity rate limit R (default LEADSYNC_MAX_ACTIVITIES_PER_SECOND,
 * else RESYNC_ACTIVITIES_PER_SECOND), LEADSYNC_MAX_CONCURRENT_ACTIVITIES slots each, and the Attio
 * budget all of them share through the database (temporal/infra/attio-budget.ts). Then:
 *
 *   1. backfill: one dispatcher pass (resyncLeadsWorkflow, window K, B children per run) syncs every lead;
 *   2. unchanged re-sync: a second pass with nothing changed;
 *   3. with --reconcile: one pass of two-way sync's reconcile (attioReconcileWorkflow) over the synced
 *      leads: its duration, Attio reads per lead, and reads/s against Attio's read limit.
 *
 * Prints one JSON object with a run per worker count, and a summary table on stderr. The headline
 * is `ratioToBound`: leads/s achieved divided by the most Attio's write limit allows,
 * 25 / (writes per lead). Targets: >= 0.9, at most 25 writes in any second, 429s under 1% of
 * writes, zero failed syncs, zero duplicates, zero Attio calls for the unchanged pass. Throughput,
 * not latency, is measured, so the numbers are ratios against Attio's bound rather than absolute
 * times on this machine. `--dump` writes the last run's request log ([ms since start, method,
 * kind, status, path]) for a closer look.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client, Connection } from "@temporalio/client";
import { seedGeneratedLeads } from "../prisma/generated-leads";
import { workerConfigFromEnv } from "../temporal/env";
import {
  RESYNC_ACTIVITIES_PER_SECOND,
  RESYNC_DEFAULTS,
  RECONCILE_WORKFLOW_TYPE,
  type ReconcileTotals,
  RESYNC_WORKFLOW_TYPE,
  type ResyncLeadsInput,
  type ResyncLeadsResult,
} from "../web/src/lib/temporal/contract";
import { ATTIO_RATE_LIMIT } from "../fake-attio/rate-limit";
import { startFakeAttioProcess } from "../fake-attio/process";
import { createPrismaClient } from "../web/src/lib/db";
import { startTemporalDevServer } from "./lib/temporal-dev-server";
import { prebuildWorkflowBundle, startWorkerProcess } from "./lib/worker-process";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function argValue(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return args[i].includes("=") ? args[i].slice(name.length + 1) : args[i + 1];
}

function argNumber(args: string[], name: string, fallback: number): number {
  const raw = argValue(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number, got ${raw}`);
  return n;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

interface BenchOptions {
  leads: number;
  rate: number;
  concurrency: number;
  batchSize: number;
  maxConcurrentActivities: number;
  dump?: string;
  reconcile: boolean;
}

interface BenchContext {
  client: Client;
  temporalAddress: string;
  templateDb: string;
  bundlePath: string;
  tmp: string;
  log: (msg: string) => void;
}

/** One backfill plus one unchanged pass over `workers` worker processes, on a fresh database and fake Attio. */
async function runWith(workers: number, opts: BenchOptions, ctx: BenchContext) {
  const dbFile = path.join(ctx.tmp, `bench-${workers}.db`);
  fs.copyFileSync(ctx.templateDb, dbFile);
  const databaseUrl = `file:${dbFile}`;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  try {
    const prisma = createPrismaClient(databaseUrl);
    cleanups.unshift(() => prisma.$disconnect());
    ctx.log(`${workers} worker(s): seeding ${opts.leads} generated leads`);
    await seedGeneratedLeads(prisma, opts.leads);
    // Its own process, like the real Attio: its clock and rate limiter keep time however busy the workers are.
    const fake = await startFakeAttioProcess();
    cleanups.unshift(() => fake.stop());
    const taskQueue = `bench-resync-${randomUUID()}`;
    const env: Record<string, string> = {
      ATTIO_API_KEY: fake.token,
      ATTIO_BASE_URL: fake.baseUrl,
      ATTIO_TIMEOUT_MS: "15000",
      LEADSYNC_MAX_ACTIVITIES_PER_SECOND: String(opts.rate),
      LEADSYNC_MAX_CONCURRENT_ACTIVITIES: String(opts.maxConcurrentActivities),
    };
    // The shared budget (attio-budget.ts) reads these; unset = Attio's limits.
    for (const name of ["LEADSYNC_ATTIO_WRITES_PER_SECOND", "LEADSYNC_ATTIO_READS_PER_SECOND"]) {
      if (process.env[name]) env[name] = process.env[name]!;
    }
    const procs = await Promise.all(
      Array.from({ length: workers }, () =>
        startWorkerProcess({
          client: ctx.client,
          temporalAddress: ctx.temporalAddress,
          taskQueue,
          databaseUrl,
          env,
          bundlePath: ctx.bundlePath,
        }),
      ),
    );
    cleanups.unshift(() => Promise.all(procs.map((p) => p.stop())));

    let firstRunHistoryLength = 0;
    const pass = async (input: ResyncLeadsInput) => {
      const handle = await ctx.client.workflow.start(RESYNC_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `bench-resync-${randomUUID()}`,
        args: [input],
      });
      const result = (await handle.result()) as ResyncLeadsResult;
      // The first run of the chain holds a full batch: its history length shows the batch size is safe.
      firstRunHistoryLength = (await ctx.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe()).historyLength;
      return result;
    };

    ctx.log(
      `${workers} worker(s): backfill of ${opts.leads} leads, task-queue limit ${opts.rate} activities/s, window ${opts.concurrency}`,
    );
    const t0 = Date.now();
    const backfill = await pass({ concurrency: opts.concurrency, batchSize: opts.batchSize });
    const backfillSeconds = (Date.now() - t0) / 1000;
    const backfillHistoryLength = firstRunHistoryLength;
    const afterBackfill = await fake.stats();
    const requests = await fake.requests();
    if (opts.dump) {
      // For looking at how writes and 429s spread over time: [ms since start, method, kind, status].
      const rows = requests.map((r) => [r.at - t0, r.method, r.kind, r.status, r.path]);
      fs.writeFileSync(opts.dump, JSON.stringify(rows, null, 0));
    }
    const processed = requests.filter((r) => r.processed);
    const writes = processed.filter((r) => r.kind === "write").length;
    const reads = processed.filter((r) => r.kind === "read").length;
    const failedInDb = await prisma.lead.count({ where: { attioSyncStatus: "failed" } });
    const notSynced = await prisma.lead.count({ where: { NOT: { attioSyncStatus: "synced" } } });

    ctx.log(`${workers} worker(s): re-sync with nothing changed`);
    const requestsBefore = (await fake.stats()).requests;
    const t1 = Date.now();
    const unchanged = await pass({ concurrency: opts.concurrency, batchSize: opts.batchSize });
    const unchangedSeconds = (Date.now() - t1) / 1000;
    const unchangedCalls = (await fake.stats()).requests - requestsBefore;

    const reconcile = opts.reconcile ? await reconcilePass(ctx, fake, taskQueue, opts.leads) : undefined;

    const leadsPerSecond = opts.leads / backfillSeconds;
    const writesPerLead = writes / opts.leads;
    const boundLeadsPerSecond = ATTIO_RATE_LIMIT.writesPerSecond / writesPerLead;
    const d = afterBackfill.duplicates;
    return {
      workers,
      backfill: {
        seconds: round(backfillSeconds, 1),
        leadsPerSecond: round(leadsPerSecond),
        attioWritesPerSecond: round(writes / backfillSeconds),
        attioReadsPerSecond: round(reads / backfillSeconds),
        writesPerLead: round(writesPerLead, 3),
        readsPerLead: round(reads / opts.leads, 3),
        boundLeadsPerSecond: round(boundLeadsPerSecond),
        ratioToBound: round(leadsPerSecond / boundLeadsPerSecond, 3),
        maxWritesInAnySecond: afterBackfill.maxWritesInAnySecond,
        maxReadsInAnySecond: afterBackfill.maxReadsInAnySecond,
        status429: afterBackfill.status429,
        share429OfWrites: round(afterBackfill.status429 / Math.max(1, writes), 4),
        earlyRetries: afterBackfill.earlyRetries,
        dispatcherRuns: backfill.runs,
        firstRunHistoryEvents: backfillHistoryLength,
        started: backfill.started,
        succeeded: backfill.succeeded,
      },
      failedSyncs: backfill.failed + (failedInDb > backfill.failed ? failedInDb - backfill.failed : 0),
      leadsNotSynced: notSynced,
      duplicates: d.peopleByEmail + d.peopleByLinkedin + d.companiesByDomain + d.companiesByName + d.notesByContent,
      duplicatesDetail: d,
      attio: { people: afterBackfill.people, companies: afterBackfill.companies, notes: afterBackfill.notes },
      unchangedResync: {
        seconds: round(unchangedSeconds, 2),
        scanned: unchanged.scanned,
        unchanged: unchanged.unchanged,
        started: unchanged.started,
        attioCalls: unchangedCalls,
      },
      ...(reconcile ? { reconcile } : {}),
    };
  } finally {
    for (const fn of cleanups) {
      try {
        await fn();
      } catch {
        // best effort: the next cleanup still runs
      }
    }
  }
}

/** One reconcile pass over the synced leads, nothing changed in Attio: what it costs in reads and time. */
async function reconcilePass(ctx: BenchContext, fake: Awaited<ReturnType<typeof startFakeAttioProcess>>, taskQueue: string, leads: number) {
  ctx.log("reconcile pass over the synced leads");
  const before = (await fake.requests()).length;
  const t0 = Date.now();
  const totals = (await ctx.client.workflow.execute(RECONCILE_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: `bench-reconcile-${randomUUID()}`,
    args: [{}],
  })) as ReconcileTotals;
  const seconds = (Date.now() - t0) / 1000;
  const requests = (await fake.requests()).slice(before);
  const reads = requests.filter((r) => r.kind === "read");
  const perSecond = new Map<number, number>();
  for (const r of reads) perSecond.set(Math.floor(r.at / 1000), (perSecond.get(Math.floor(r.at / 1000)) ?? 0) + 1);
  return {
    seconds: round(seconds, 1),
    scanned: totals.scanned,
    changed: totals.changed,
    attioReads: reads.length,
    attioWrites: requests.filter((r) => r.kind === "write").length,
    readsPerLead: round(reads.length / leads, 3),
    readsPerSecond: round(reads.length / seconds),
    ratioToReadBound: round(reads.length / seconds / ATTIO_RATE_LIMIT.readsPerSecond, 3),
    maxReadsInAnySecond: Math.max(0, ...perSecond.values()),
    status429: requests.filter((r) => r.status === 429).length,
  };
}

async function main() {
  const args = process.argv.slice(2);
  const envRate = Number(process.env.LEADSYNC_MAX_ACTIVITIES_PER_SECOND);
  const opts: BenchOptions = {
    leads: Math.floor(argNumber(args, "--leads", 1000)),
    rate: argNumber(args, "--rate", Number.isFinite(envRate) && envRate > 0 ? envRate : RESYNC_ACTIVITIES_PER_SECOND),
    concurrency: Math.floor(argNumber(args, "--concurrency", RESYNC_DEFAULTS.concurrency)),
    batchSize: Math.floor(argNumber(args, "--batch", RESYNC_DEFAULTS.batchSize)),
    maxConcurrentActivities: workerConfigFromEnv().worker.maxConcurrentActivities,
    dump: argValue(args, "--dump"),
    reconcile: args.includes("--reconcile"),
  };
  const workerCounts = (argValue(args, "--workers") ?? "1").split(",").map((w) => {
    const n = Number(w);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--workers needs a comma-separated list of positive whole numbers, got ${w}`);
    return n;
  });
  const log = (msg: string) => process.stderr.write(`bench-resync: ${msg}\n`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-bench-resync-"));
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => fs.rmSync(tmp, { recursive: true, force: true })];
  try {
    log(`migrating a template database in ${tmp}; starting the Temporal dev server; bundling the workflows`);
    const templateDb = path.join(tmp, "template.db");
    execFileSync("npx", ["prisma", "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${templateDb}` },
      stdio: "pipe",
    });
    const [server, bundle] = await Promise.all([startTemporalDevServer({ headless: true }), prebuildWorkflowBundle()]);
    cleanups.unshift(
      () => server.stop(),
      () => bundle.remove(),
    );
    const connection = await Connection.connect({ address: server.address });
    cleanups.unshift(() => connection.close());
    const ctx: BenchContext = {
      client: new Client({ connection }),
      temporalAddress: server.address,
      templateDb,
      bundlePath: bundle.path,
      tmp,
      log,
    };

    const runs = [];
    for (const workers of workerCounts) runs.push(await runWith(workers, opts, ctx));
    const attioPacing = {
      writesPerSecond: process.env.LEADSYNC_ATTIO_WRITES_PER_SECOND ?? "25 (default)",
      readsPerSecond: process.env.LEADSYNC_ATTIO_READS_PER_SECOND ?? "100 (default)",
    };
    console.log(JSON.stringify({ ...opts, activitiesPerSecondLimit: opts.rate, attioPacing, runs }, null, 2));
    log("workers  leads/s  ratio  writes/lead  max writes/s  429s  429 share  failed  duplicates");
    for (const r of runs) {
      const b = r.backfill;
      log(
        `${String(r.workers).padStart(7)}  ${String(b.leadsPerSecond).padStart(7)}  ${String(b.ratioToBound).padStart(5)}  ${String(b.writesPerLead).padStart(11)}  ${String(b.maxWritesInAnySecond).padStart(12)}  ${String(b.status429).padStart(4)}  ${String(b.share429OfWrites).padStart(9)}  ${String(r.failedSyncs).padStart(6)}  ${String(r.duplicates).padStart(10)}`,
      );
    }
  } finally {
    for (const fn of cleanups) {
      try {
        await fn();
      } catch {
        // best effort: the next cleanup still runs
      }
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error("bench-resync failed:", err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
