/**
 * `npm run bench:list`: server render time of the leads list with 100 versus 10,000 leads, against
 * the production build (`npx next build web` first); prints the ratio as JSON. Method, output and
 * target: docs/benchmarks.md.
 *
 *   npm run bench:list -- --requests 60 --warmup 15
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedGeneratedLeads } from "../prisma/seed-data";
import { createPrismaClient, type PrismaClient } from "../web/src/lib/db";
import { listLeads, searchCondition } from "../web/src/lib/leads/queries";
import { arg, measurePair as measurePages, startNext, stopNext, timeInProcess, type Server } from "./lib/bench-web";
import { startTemporalDevServer } from "./lib/temporal-dev-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const REQUESTS = arg("requests", 60);
const WARMUP = arg("warmup", 15);
const SMALL = arg("small", 100);
const LARGE = arg("large", 10_000);
const TARGET = 1.5;

const log = (...a: unknown[]) => console.error("bench-list:", ...a);

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

/** The list page's timings; the marker proves each answer was the list, not an error page. */
const measurePair = (small: Server, large: Server, pathname: string, requests: number, warmup: number) =>
  measurePages(small, large, pathname, requests, warmup, 'table class="leads"');

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
