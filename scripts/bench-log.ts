/**
 * `npm run bench:log`: server render time of the sync log (`GET /syncs`) with 100 runs versus
 * 10,000 runs, against the production build (`next start web`, built beforehand with
 * `npx next build web`).
 *
 * Started here and torn down at the end (scripts/lib/page-bench.ts): a Temporal dev server (in
 * memory), two migrated temp SQLite databases with 100 and 10,000 SyncRun rows (a month of clicks,
 * scheduled, bulk and retry runs, one in five failed, all closed, so the page's reconciliation finds
 * nothing to ask Temporal), and one `next start` per database. Each request reads the whole
 * streamed HTML; the two servers are measured in alternation.
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
import type { PrismaClient } from "../web/src/lib/db";
import { listSyncRuns } from "../web/src/lib/sync-log/queries";
import { round, timeInProcess } from "./lib/bench-web";
import { runPageBench } from "./lib/page-bench";

const TRIGGERS = ["manual", "schedule", "bulk", "retry"];

/** `count` closed runs spread over the last 30 days, oldest first (ids grow with time, as in production). */
async function seedSyncRuns(prisma: PrismaClient, count: number): Promise<void> {
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
}

/** Id of the "Older" cursor near the oldest run of the log. */
const deepCursor = async (prisma: PrismaClient) => (await prisma.syncRun.findFirstOrThrow({ orderBy: { id: "asc" } })).id + 60;

runPageBench({
  name: "bench-log",
  rows: { key: "runs", noun: "sync runs" },
  seed: seedSyncRuns,
  page: { path: "/syncs", marker: 'data-testid="sync-runs"' },
  extras: async ({ small, large, smallDb, largeDb, requests, measure }) => {
    const week = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const filtered = await measure(small, large, `/syncs?outcome=failed&trigger=schedule&from=${week}`, Math.ceil(requests / 2), 5);
    // Near the oldest run of each log: the keyset cursor costs the same at any depth.
    const [smallDeep, largeDeep] = [await deepCursor(smallDb.prisma), await deepCursor(largeDb.prisma)];
    const deep = {
      small: await measure(small, small, `/syncs?older=${smallDeep}`, Math.ceil(requests / 4), 3),
      large: await measure(large, large, `/syncs?older=${largeDeep}`, Math.ceil(requests / 4), 3),
    };
    return {
      filtered,
      deep_page_p50_ms: {
        small: deep.small.p50_ms.small,
        large: deep.large.p50_ms.small,
        ratio: round(deep.large.p50_ms.small / deep.small.p50_ms.small),
      },
    };
  },
  dataLayer: async ({ prisma }) => {
    const older = await deepCursor(prisma);
    return {
      first_page_ms: await timeInProcess(() => listSyncRuns(prisma, {})),
      filtered_ms: await timeInProcess(() => listSyncRuns(prisma, { outcome: "failed", trigger: "schedule" })),
      deep_page_ms: await timeInProcess(() => listSyncRuns(prisma, {}, { kind: "older", id: older })),
    };
  },
});
