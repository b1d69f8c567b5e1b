/**
 * Re-sync benchmark: `npm run bench:resync -- [--leads N] [--rate R] [--concurrency K] [--batch B] [--dump file.json]`
 * (or `tsx scripts/bench-resync.ts ...`): throughput of a backfill and an unchanged pass against
 * Attio's real limits, as a ratio to the most those limits allow. Method, output and targets:
 * docs/benchmarks.md.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client, Connection } from "@temporalio/client";
import { DefaultLogger, NativeConnection, Runtime } from "@temporalio/worker";
import { seedGeneratedLeads } from "../prisma/seed-data";
import { createLeadsyncWorker } from "../temporal/create-worker";
import { workerSettingsFromEnv } from "../temporal/env";
import {
  RESYNC_ACTIVITIES_PER_SECOND,
  RESYNC_DEFAULTS,
  RESYNC_WORKFLOW_TYPE,
  type ResyncLeadsInput,
  type ResyncLeadsResult,
} from "../web/src/lib/temporal/contract";
import { ATTIO_RATE_LIMIT } from "../fake-attio/rate-limit";
import { startFakeAttioProcess } from "../fake-attio/process";
import { createPrismaClient } from "../web/src/lib/db";
import { startTemporalDevServer } from "./lib/temporal-dev-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function argNumber(args: string[], name: string, fallback: number): number {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return fallback;
  const raw = args[i].includes("=") ? args[i].slice(name.length + 1) : args[i + 1];
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number, got ${raw}`);
  return n;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function main() {
  const args = process.argv.slice(2);
  const leads = Math.floor(argNumber(args, "--leads", 1000));
  const envRate = Number(process.env.LEADSYNC_MAX_ACTIVITIES_PER_SECOND);
  const rate = argNumber(args, "--rate", Number.isFinite(envRate) && envRate > 0 ? envRate : RESYNC_ACTIVITIES_PER_SECOND);
  const concurrency = Math.floor(argNumber(args, "--concurrency", RESYNC_DEFAULTS.concurrency));
  const batchSize = Math.floor(argNumber(args, "--batch", RESYNC_DEFAULTS.batchSize));
  const workerConfig = workerSettingsFromEnv().worker;
  const log = (msg: string) => process.stderr.write(`bench-resync: ${msg}\n`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-bench-resync-"));
  const databaseUrl = `file:${path.join(tmp, "bench.db")}`;
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => fs.rmSync(tmp, { recursive: true, force: true })];
  try {
    log(`migrating a fresh database in ${tmp}`);
    execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
    const prisma = createPrismaClient(databaseUrl);
    cleanups.unshift(() => prisma.$disconnect());
    log(`seeding ${leads} generated leads`);
    await seedGeneratedLeads(prisma, leads);

    log("starting the Temporal dev server");
    const server = await startTemporalDevServer({ headless: true });
    cleanups.unshift(() => server.stop());
    // Its own process, like the real Attio: its clock and rate limiter keep time while the worker
    // process is busy (SQLite queries are synchronous), so pauses there cannot bend its counts.
    const fake = await startFakeAttioProcess();
    cleanups.unshift(() => fake.stop());

    Runtime.install({ logger: new DefaultLogger("ERROR") });
    const workerConnection = await NativeConnection.connect({ address: server.address });
    cleanups.unshift(() => workerConnection.close());
    const taskQueue = `bench-resync-${randomUUID()}`;
    const worker = await createLeadsyncWorker({
      connection: workerConnection,
      taskQueue,
      prisma,
      env: {
        ATTIO_API_KEY: fake.token,
        ATTIO_BASE_URL: fake.baseUrl,
        ATTIO_TIMEOUT_MS: "15000",
        // The worker's own pacing (temporal/activities/attio-pacer.ts) reads these; unset = Attio's limits.
        LEADSYNC_ATTIO_WRITES_PER_SECOND: process.env.LEADSYNC_ATTIO_WRITES_PER_SECOND,
        LEADSYNC_ATTIO_READS_PER_SECOND: process.env.LEADSYNC_ATTIO_READS_PER_SECOND,
      },
      // The same worker settings as `npm run worker` (temporal/env.ts), with the rate limit under test.
      workerOptions: { maxTaskQueueActivitiesPerSecond: rate, maxConcurrentActivityTaskExecutions: workerConfig.maxConcurrentActivities },
    });
    const running = worker.run();
    cleanups.unshift(async () => {
      worker.shutdown();
      await running;
    });

    const connection = await Connection.connect({ address: server.address });
    cleanups.unshift(() => connection.close());
    const client = new Client({ connection });
    let firstRunHistoryLength = 0;
    const pass = async (input: ResyncLeadsInput) => {
      const handle = await client.workflow.start(RESYNC_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `bench-resync-${randomUUID()}`,
        args: [input],
      });
      const result = (await handle.result()) as ResyncLeadsResult;
      // The first run of the chain holds a full batch: its history length shows the batch size is safe.
      firstRunHistoryLength = (await client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe()).historyLength;
      return result;
    };

    log(`backfill: ${leads} leads, task-queue limit ${rate} activities/s, window ${concurrency}`);
    const t0 = Date.now();
    const backfill = await pass({ concurrency, batchSize });
    const backfillSeconds = (Date.now() - t0) / 1000;
    const backfillHistoryLength = firstRunHistoryLength;
    const afterBackfill = await fake.stats();
    const log1 = await fake.requests();
    const dumpAt = args.indexOf("--dump");
    if (dumpAt >= 0 && args[dumpAt + 1]) {
      // For looking at how writes and 429s spread over time: [ms since start, method, kind, status].
      fs.writeFileSync(
        args[dumpAt + 1],
        JSON.stringify(
          log1.map((r) => [r.at - t0, r.method, r.kind, r.status, r.path]),
          null,
          0,
        ),
      );
    }
    const processed = log1.filter((r) => r.processed);
    const writes = processed.filter((r) => r.kind === "write").length;
    const reads = processed.filter((r) => r.kind === "read").length;
    const failedInDb = await prisma.lead.count({ where: { attioSyncStatus: "failed" } });
    const notSynced = await prisma.lead.count({ where: { NOT: { attioSyncStatus: "synced" } } });

    log("re-sync with nothing changed");
    const requestsBefore = (await fake.stats()).requests;
    const t1 = Date.now();
    const unchanged = await pass({ concurrency, batchSize });
    const unchangedSeconds = (Date.now() - t1) / 1000;
    const unchangedCalls = (await fake.stats()).requests - requestsBefore;

    const leadsPerSecond = leads / backfillSeconds;
    const writesPerLead = writes / leads;
    const boundLeadsPerSecond = ATTIO_RATE_LIMIT.writesPerSecond / writesPerLead;
    const d = afterBackfill.duplicates;
    const result = {
      leads,
      activitiesPerSecondLimit: rate,
      attioPacing: {
        writesPerSecond: process.env.LEADSYNC_ATTIO_WRITES_PER_SECOND ?? "25 (default)",
        readsPerSecond: process.env.LEADSYNC_ATTIO_READS_PER_SECOND ?? "100 (default)",
      },
      maxConcurrentActivities: workerConfig.maxConcurrentActivities,
      window: concurrency,
      batchSize,
      backfill: {
        seconds: round(backfillSeconds, 1),
        leadsPerSecond: round(leadsPerSecond),
        attioWritesPerSecond: round(writes / backfillSeconds),
        attioReadsPerSecond: round(reads / backfillSeconds),
        writesPerLead: round(writesPerLead, 3),
        readsPerLead: round(reads / leads, 3),
        boundLeadsPerSecond: round(boundLeadsPerSecond),
        ratioToBound: round(leadsPerSecond / boundLeadsPerSecond, 3),
        maxWritesInAnySecond: afterBackfill.maxWritesInAnySecond,
        maxReadsInAnySecond: afterBackfill.maxReadsInAnySecond,
        status429: afterBackfill.status429,
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
    };
    console.log(JSON.stringify(result, null, 2));
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
