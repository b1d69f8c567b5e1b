/**
 * The frame the page benchmarks (bench:list, bench:log) share: one page's server render time on a
 * small versus a large database, each behind its own `next start` of the production build, with a
 * Temporal dev server (in memory) and two migrated temp SQLite databases, all torn down at the end.
 * Prints one JSON report on stdout; the exit code is 1 when the headline page misses its target.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrismaClient, type PrismaClient } from "../../web/src/lib/db";
import { arg, measurePair, startNext, stopNext, type Server } from "./bench-web";
import { startTemporalDevServer } from "./temporal-dev-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Largest ratio of the large database's p50 to the small one's that passes. */
const TARGET = 1.5;

export interface BenchDb {
  url: string;
  prisma: PrismaClient;
}

type PairTiming = Awaited<ReturnType<typeof measurePair>>;

export interface PageBenchContext {
  small: Server;
  large: Server;
  smallDb: BenchDb;
  largeDb: BenchDb;
  requests: number;
  /** measurePair with the page's marker, so an error page is never timed as a fast answer. */
  measure(a: Server, b: Server, pathname: string, requests: number, warmup: number): Promise<PairTiming>;
  log(...a: unknown[]): void;
}

export interface PageBench {
  /** The script's name: the prefix of its log lines and of its temp folder. */
  name: string;
  /** What the databases hold: `key` names the counts in the report, `noun` the log line. */
  rows: { key: string; noun: string };
  seed(prisma: PrismaClient, count: number): Promise<unknown>;
  /** The headline page and a marker only that page contains. */
  page: { path: string; marker: string };
  /** Further timings, reported after the headline in this order. */
  extras(ctx: PageBenchContext): Promise<Record<string, unknown>>;
  /** The page's queries timed in-process on one database, reported last as `data_layer`. */
  dataLayer(db: BenchDb): Promise<Record<string, number>>;
}

async function seededDatabase(bench: PageBench, dir: string, count: number): Promise<BenchDb> {
  const url = `file:${path.join(dir, `${bench.rows.key}-${count}.db`)}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  const prisma = createPrismaClient(url);
  await bench.seed(prisma, count);
  return { url, prisma };
}

async function measureBench(bench: PageBench): Promise<void> {
  const requests = arg("requests", 60);
  const warmup = arg("warmup", 15);
  const counts = { small: arg("small", 100), large: arg("large", 10_000) };
  const log = (...a: unknown[]) => console.error(`${bench.name}:`, ...a);
  if (!fs.existsSync(path.join(root, "web/.next/BUILD_ID"))) {
    throw new Error("web/.next has no production build: run `npx next build web` first.");
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `leadsync-${bench.name}-`));
  const temporal = await startTemporalDevServer({ headless: true });
  let small: Server | undefined;
  let large: Server | undefined;
  const dbs: BenchDb[] = [];
  try {
    log(`seeding ${counts.small} and ${counts.large} ${bench.rows.noun}`);
    const [smallDb, largeDb] = [await seededDatabase(bench, tmp, counts.small), await seededDatabase(bench, tmp, counts.large)];
    dbs.push(smallDb, largeDb);
    const env = (db: BenchDb) => ({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporal.address, ATTIO_API_KEY: "unused" });
    [small, large] = await Promise.all([startNext(env(smallDb)), startNext(env(largeDb))]);
    const measure = (a: Server, b: Server, pathname: string, n: number, w: number) => measurePair(a, b, pathname, n, w, bench.page.marker);

    log(`GET ${bench.page.path} x${requests} on each (after ${warmup} warm-up requests)`);
    const page = await measure(small, large, bench.page.path, requests, warmup);
    const extras = await bench.extras({ small, large, smallDb, largeDb, requests, measure, log });
    log("timing the data layer in-process");
    const dataLayer = { small: await bench.dataLayer(smallDb), large: await bench.dataLayer(largeDb) };

    const report = {
      [bench.rows.key]: counts,
      requests,
      p50_ms: page.p50_ms,
      p95_ms: page.p95_ms,
      ratio_p50: page.ratio_p50,
      target: TARGET,
      ok: page.ratio_p50 <= TARGET,
      ...extras,
      data_layer: dataLayer,
    };
    console.log(JSON.stringify(report, null, 2));
    if (page.ratio_p50 > TARGET) process.exitCode = 1;
  } finally {
    stopNext(small);
    stopNext(large);
    for (const db of dbs) await db.prisma.$disconnect();
    await temporal.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs the benchmark as the script's main; a crash prints its error and exits 1. */
export function runPageBench(bench: PageBench): void {
  measureBench(bench).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
