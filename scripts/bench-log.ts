/**
 * `npm run bench:log`: server render time of the sync log (`GET /syncs`) with 100 runs versus
 * 10,000 runs, against the production build (`next start web`, built beforehand with
 * `npx next build web`).
 *
 * Started here and torn down at the end: a Temporal dev server (in memory), two migrated temp
 * SQLite databases with 100 and 10,000 SyncRun rows (a month of clicks, scheduled, bulk and retry
 * runs, one in five failed, all closed, so the page's reconciliation finds nothing to ask
 * Temporal), and one `next start` per database. Each request reads the whole streamed HTML; the
 * two servers are measured in alternation.
 *
 * Also measured: a filtered page (failed scheduled runs of one week), a deep page (the "Older"
 * cursor near the end of the log), and the data layer alone in-process.
 *
 * Prints one JSON object on stdout:
 *   { p50_ms: {small, large}, ratio_p50, target, ok, filtered: {...}, deep_page: {...}, data_layer: {...} }
 * Target: ratio_p50 (10,000 / 100) at most 1.5.
 *
 *   npm run bench:log -- --requests 60 --warmup 15
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrismaClient, type PrismaClient } from "../web/src/lib/db";
import { listSyncRuns } from "../web/src/lib/sync-log/queries";
import { arg, measurePair, round, startNext, stopNext, timeInProcess, type Server } from "./lib/bench-web";
import { startTemporalDevServer } from "./lib/temporal-dev-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const REQUESTS = arg("requests", 60);
const WARMUP = arg("warmup", 15);
const SMALL = arg("small", 100);
const LARGE = arg("large", 10_000);
const TARGET = 1.5;
const MARKER = 'data-testid="sync-runs"';
const TRIGGERS = ["manual", "schedule", "bulk", "retry"];

const log = (...a: unknown[]) => console.error("bench-log:", ...a);

interface Db {
  url: string;
  prisma: PrismaClient;
}

/** `count` closed runs spread over the last 30 days, oldest first (ids grow with time, as in production). */
async function seededDatabase(dir: string, count: number): Promise<Db> {
  const url = `file:${path.join(dir, `runs-${count}.db`)}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  const prisma = createPrismaClient(url);
  const start = Date.now() - 30 * 86_400_000;
  const step = (30 * 86_400_000) / count;
  for (let i = 0; i < count; i += 500) {
    const data = [];
    for (let j = i; j < Math.min(count, i + 500); j++) {
      const startedAt = new Date(start + j * step);
      const failed = j % 5 === 0;
      const leadId = 1 + (j % 997);
      data.push({
        leadId,
        leadName: `Lead ${leadId}`,
        workflowId: `lead-${leadId}`,
        runId: `bench-${j}`,
        trigger: TRIGGERS[j % TRIGGERS.length]!,
        status: failed ? "failed" : "synced",
        startedAt,
        finishedAt: new Date(startedAt.getTime() + 1_200),
        error: failed ? "Attio refused the lead's data; correct the lead and sync again." : null,
        personUrl: failed ? null : `https://app.attio.com/people/${j}`,
        companyUrl: failed ? null : `https://app.attio.com/companies/${j}`,
      });
    }
    await prisma.syncRun.createMany({ data });
  }
  return { url, prisma };
}

async function dataLayer(db: Db) {
  const oldest = await db.prisma.syncRun.findFirstOrThrow({ orderBy: { id: "asc" } });
  return {
    first_page_ms: await timeInProcess(() => listSyncRuns(db.prisma, {})),
    filtered_ms: await timeInProcess(() => listSyncRuns(db.prisma, { outcome: "failed", trigger: "schedule" })),
    deep_page_ms: await timeInProcess(() => listSyncRuns(db.prisma, {}, { kind: "older", id: oldest.id + 60 })),
  };
}

async function main() {
  if (!fs.existsSync(path.join(root, "web/.next/BUILD_ID"))) {
    throw new Error("web/.next has no production build: run `npx next build web` first.");
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-bench-log-"));
  const temporal = await startTemporalDevServer({ headless: true });
  let small: Server | undefined;
  let large: Server | undefined;
  const dbs: Db[] = [];
  try {
    log(`seeding ${SMALL} and ${LARGE} sync runs`);
    const [smallDb, largeDb] = [await seededDatabase(tmp, SMALL), await seededDatabase(tmp, LARGE)];
    dbs.push(smallDb, largeDb);
    const env = (db: Db) => ({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporal.address, ATTIO_API_KEY: "unused" });
    [small, large] = await Promise.all([startNext(env(smallDb)), startNext(env(largeDb))]);

    log(`GET /syncs x${REQUESTS} on each (after ${WARMUP} warm-up requests)`);
    const page = await measurePair(small, large, "/syncs", REQUESTS, WARMUP, MARKER);
    const week = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const filtered = await measurePair(
      small,
      large,
      `/syncs?outcome=failed&trigger=schedule&from=${week}`,
      Math.ceil(REQUESTS / 2),
      5,
      MARKER,
    );
    // Near the oldest run of each log: the keyset cursor costs the same at any depth.
    const deepest = async (db: Db) => (await db.prisma.syncRun.findFirstOrThrow({ orderBy: { id: "asc" } })).id + 60;
    const [smallDeep, largeDeep] = [await deepest(smallDb), await deepest(largeDb)];
    const deep = {
      small: await measurePair(small, small, `/syncs?older=${smallDeep}`, Math.ceil(REQUESTS / 4), 3, MARKER),
      large: await measurePair(large, large, `/syncs?older=${largeDeep}`, Math.ceil(REQUESTS / 4), 3, MARKER),
    };
    log("timing the data layer in-process");
    const data = { small: await dataLayer(smallDb), large: await dataLayer(largeDb) };

    console.log(
      JSON.stringify(
        {
          runs: { small: SMALL, large: LARGE },
          requests: REQUESTS,
          p50_ms: page.p50_ms,
          p95_ms: page.p95_ms,
          ratio_p50: page.ratio_p50,
          target: TARGET,
          ok: page.ratio_p50 <= TARGET,
          filtered,
          deep_page_p50_ms: {
            small: deep.small.p50_ms.small,
            large: deep.large.p50_ms.small,
            ratio: round(deep.large.p50_ms.small / deep.small.p50_ms.small),
          },
          data_layer: data,
        },
        null,
        2,
      ),
    );
    if (page.ratio_p50 > TARGET) process.exitCode = 1;
  } finally {
    stopNext(small);
    stopNext(large);
    for (const db of dbs) await db.prisma.$disconnect();
    await temporal.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
