/**
 * `npm run bench:list`: server render time of the leads list (`GET /leads`) with 100 leads versus
 * 10,000 leads, against the production build (`next start web`, built beforehand with
 * `npx next build web`).
 *
 * Everything is started here and torn down at the end: a Temporal dev server (in memory; the
 * page's schedule panel asks it for the re-sync schedule), two migrated temp SQLite databases
 * seeded with `seedGeneratedLeads` (100 and 10,000 leads), and one `next start` per database.
 * Each request reads the whole streamed HTML. The two servers are measured in alternation, so
 * load from other processes on the machine hits both alike.
 *
 * Also measured, for the record: the first page of a search, the last page (the deepest keyset
 * page), and in-process the data layer alone (`listLeads`) and its counts, since counting rows
 * is the part of pagination whose cost grows with the table.
 *
 * Prints one JSON object on stdout:
 *   { p50_ms: {small, large}, ratio_p50, target, ok, search: {...}, last_page: {...}, data_layer: {...} }
 * Target: ratio_p50 (10,000 / 100) at most 1.5.
 *
 *   npm run bench:list -- --requests 60 --warmup 15
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedGeneratedLeads } from "../prisma/seed-data";
import { createPrismaClient, type PrismaClient } from "../web/src/lib/db";
import { listLeads, searchCondition } from "../web/src/lib/leads/queries";
import { freePort, waitForPort } from "./lib/ports";
import { startTemporalDevServer } from "./lib/temporal-dev-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

const REQUESTS = arg("requests", 60);
const WARMUP = arg("warmup", 15);
const SMALL = arg("small", 100);
const LARGE = arg("large", 10_000);
const TARGET = 1.5;

const log = (...a: unknown[]) => console.error("bench-list:", ...a);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const round = (x: number) => Math.round(x * 100) / 100;

interface Db {
  url: string;
  prisma: PrismaClient;
}

async function seededDatabase(dir: string, count: number): Promise<Db> {
  const url = `file:${path.join(dir, `leads-${count}.db`)}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  const prisma = createPrismaClient(url);
  await seedGeneratedLeads(prisma, count);
  return { url, prisma };
}

interface Server {
  url: string;
  proc: ChildProcess;
}

async function startNext(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const proc = spawn(path.join(root, "node_modules/.bin/next"), ["start", "web", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      LEADSYNC_SKIP_DOTENV: "1",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  await waitForPort(port, "127.0.0.1", 60_000);
  return { url: `http://127.0.0.1:${port}`, proc };
}

function stopNext(server: Server | undefined) {
  if (!server || server.proc.exitCode !== null) return;
  try {
    process.kill(-server.proc.pid!, "SIGTERM");
  } catch {
    /* already gone */
  }
}

/** Milliseconds from sending the request to the last byte of the streamed page. */
async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers: { accept: "text/html" } });
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200 || !body.includes('table class="leads"')) throw new Error(`GET ${url} answered ${res.status}`);
  return ms;
}

/** Times `path` on both servers, alternating which goes first in each round. */
async function measurePair(small: Server, large: Server, pathname: string, requests: number, warmup: number) {
  for (let i = 0; i < warmup; i++) {
    await timedGet(small.url + pathname);
    await timedGet(large.url + pathname);
  }
  const s: number[] = [];
  const l: number[] = [];
  for (let i = 0; i < requests; i++) {
    if (i % 2 === 0) {
      s.push(await timedGet(small.url + pathname));
      l.push(await timedGet(large.url + pathname));
    } else {
      l.push(await timedGet(large.url + pathname));
      s.push(await timedGet(small.url + pathname));
    }
  }
  const small50 = percentile(s, 50);
  const large50 = percentile(l, 50);
  return {
    p50_ms: { small: round(small50), large: round(large50) },
    p95_ms: { small: round(percentile(s, 95)), large: round(percentile(l, 95)) },
    ratio_p50: round(large50 / small50),
  };
}

async function timeInProcess(fn: () => Promise<unknown>, runs = 200): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return round(percentile(samples, 50));
}

async function dataLayer(db: Db) {
  const count = (q: string) => db.prisma.$queryRaw`SELECT COUNT(*) AS n FROM "Lead" WHERE ${searchCondition(q)}`;
  return {
    list_first_page_ms: await timeInProcess(() => listLeads(db.prisma)),
    list_last_page_ms: await timeInProcess(() => listLeads(db.prisma, { cursor: { kind: "last" } })),
    list_search_ms: await timeInProcess(() => listLeads(db.prisma, { q: "smith" })),
    count_all_ms: await timeInProcess(() => count("")),
    count_search_ms: await timeInProcess(() => count("smith")),
  };
}

async function main() {
  if (!fs.existsSync(path.join(root, "web/.next/BUILD_ID"))) {
    throw new Error("web/.next has no production build: run `npx next build web` first.");
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-bench-list-"));
  const temporal = await startTemporalDevServer({ headless: true });
  let small: Server | undefined;
  let large: Server | undefined;
  const dbs: Db[] = [];
  try {
    log(`seeding ${SMALL} and ${LARGE} leads`);
    const [smallDb, largeDb] = [await seededDatabase(tmp, SMALL), await seededDatabase(tmp, LARGE)];
    dbs.push(smallDb, largeDb);
    const env = (db: Db) => ({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporal.address, ATTIO_API_KEY: "unused" });
    [small, large] = await Promise.all([startNext(env(smallDb)), startNext(env(largeDb))]);

    log(`GET /leads x${REQUESTS} on each (after ${WARMUP} warm-up requests)`);
    const list = await measurePair(small, large, "/leads", REQUESTS, WARMUP);
    const search = await measurePair(small, large, "/leads?q=smith", Math.ceil(REQUESTS / 2), 5);
    const lastPage = await measurePair(small, large, "/leads?last=1", Math.ceil(REQUESTS / 2), 5);
    log("timing the data layer in-process");
    const data = { small: await dataLayer(smallDb), large: await dataLayer(largeDb) };

    console.log(
      JSON.stringify(
        {
          leads: { small: SMALL, large: LARGE },
          requests: REQUESTS,
          p50_ms: list.p50_ms,
          p95_ms: list.p95_ms,
          ratio_p50: list.ratio_p50,
          target: TARGET,
          ok: list.ratio_p50 <= TARGET,
          search: search,
          last_page: lastPage,
          data_layer: data,
        },
        null,
        2,
      ),
    );
    if (list.ratio_p50 > TARGET) process.exitCode = 1;
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
