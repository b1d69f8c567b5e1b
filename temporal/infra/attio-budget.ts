/**
 * Attio's request budget (25 writes/s and 100 reads/s per workspace) shared by every worker
 * process, kept in the app's database (SQLite or PostgreSQL, the one all workers already share).
 *
 * Why a send schedule in the database rather than Temporal's task-queue rate limit: the budget
 * counts HTTP requests (reads and writes apart, retries included) while the task-queue limit counts
 * activity tasks, which make several requests each and reach workers in bursts. Each request
 * instead reserves the next free send slot of its kind with one atomic upsert, and the slots are
 * spaced evenly (GCRA-style): `spacingMs = (1000 + jitterMarginMs) / perSecond`. Any 25 consecutive
 * writes then span 1000 + jitterMarginMs ms, so requests may arrive at Attio up to jitterMarginMs
 * closer together than they were sent and still never be 26 in a second. Slots are measured on
 * the database's clock, so workers on hosts whose clocks disagree still share one schedule.
 * A worker that dies holding reserved slots only leaves them unused. A schedule that lies further
 * ahead than any queue of waiters could push it (a clock stepped back) is clamped to now.
 */
import { type AttioConnection, DEFAULTS } from "../../web/src/lib/config";
import type { PrismaClient } from "../../web/src/lib/db";

export type AttioRequestKind = "read" | "write";

export interface AttioBudgetPace {
  /** Whole-workspace requests per second of each kind; 0 disables pacing of that kind. */
  writesPerSecond: number;
  readsPerSecond: number;
  /**
   * How much closer together than sent requests may arrive at Attio (network and event-loop jitter)
   * without exceeding the limit in any 1 s window. 42 ms costs 4% of the budget (24 writes/s).
   */
  jitterMarginMs: number;
}

const JITTER_MARGIN_MS = 42;

/** The pace for the configured rates (config.ts: Attio's limits unless LEADSYNC_ATTIO_* lower them). */
export function attioBudgetPace(attio: Pick<AttioConnection, "writesPerSecond" | "readsPerSecond">): AttioBudgetPace {
  return { writesPerSecond: attio.writesPerSecond, readsPerSecond: attio.readsPerSecond, jitterMarginMs: JITTER_MARGIN_MS };
}

/** The pace at Attio's own limits (config.ts DEFAULTS). */
export const ATTIO_BUDGET_DEFAULTS: AttioBudgetPace = attioBudgetPace({
  writesPerSecond: DEFAULTS.attioWritesPerSecond,
  readsPerSecond: DEFAULTS.attioReadsPerSecond,
});

/** Milliseconds between two send slots of a kind, or 0 for no pacing. */
export function slotSpacingMs(pace: AttioBudgetPace, kind: AttioRequestKind): number {
  const perSecond = kind === "write" ? pace.writesPerSecond : pace.readsPerSecond;
  return perSecond > 0 ? (1000 + pace.jitterMarginMs) / perSecond : 0;
}

/** A reserved slot: when to send (`slotAt`) and the database's clock at reservation (`now`), both in ms. */
export interface BudgetSlot {
  slotAt: number;
  now: number;
}

/** Reserves the next send slot of `kind`, `spacingMs` after the previous one and never in the past. */
export type ReserveSlot = (kind: AttioRequestKind, spacingMs: number) => Promise<BudgetSlot>;

// One statement each: the upsert takes the row lock, so concurrent reservations from any number of
// processes are serialised by the database and each gets its own slot.
const POSTGRES_NOW = "(extract(epoch FROM clock_timestamp()) * 1000)";
const SQLITE_NOW = "((julianday('now') - 2440587.5) * 86400000.0)";

/**
 * More requests than every worker's activity slots can have waiting at once (20 per worker by
 * default, one request each at a time). A schedule further ahead than this many slots was not
 * built by waiters: the database's clock stepped back, or a reservation used a far longer spacing
 * (an older or misconfigured worker). Such a slot is clamped to now instead of stalling every request.
 */
export const MAX_QUEUED_SLOTS = 500;
const maxAheadMs = (spacingMs: number) => spacingMs * MAX_QUEUED_SLOTS;

/** The slot reservation for Prisma `prisma`'s database; a slot lies at most MAX_QUEUED_SLOTS spacings ahead. */
export function databaseSlotReserver(prisma: PrismaClient): ReserveSlot {
  // Prisma's generated client knows its provider; its public API does not expose it.
  const provider = (prisma as unknown as { _activeProvider?: string })._activeProvider;
  if (provider === "postgresql") {
    return async (kind, spacingMs) => {
      const rows = await prisma.$queryRawUnsafe<{ slot: number; now: number }[]>(
        `INSERT INTO "AttioBudget" ("kind", "nextAt") VALUES ($1, ${POSTGRES_NOW} + $2::float8)
         ON CONFLICT ("kind") DO UPDATE SET "nextAt" = (CASE WHEN "AttioBudget"."nextAt" > ${POSTGRES_NOW} + $3::float8
           THEN ${POSTGRES_NOW} ELSE GREATEST("AttioBudget"."nextAt", ${POSTGRES_NOW}) END) + $2::float8
         RETURNING "nextAt" - $2::float8 AS "slot", ${POSTGRES_NOW}::float8 AS "now"`,
        kind,
        spacingMs,
        maxAheadMs(spacingMs),
      );
      return { slotAt: Number(rows[0].slot), now: Number(rows[0].now) };
    };
  }
  if (provider === "sqlite") {
    return async (kind, spacingMs) => {
      const rows = await prisma.$queryRawUnsafe<{ slot: number; now: number }[]>(
        `INSERT INTO "AttioBudget" ("kind", "nextAt") VALUES (?, ${SQLITE_NOW} + ?)
         ON CONFLICT ("kind") DO UPDATE SET "nextAt" = (CASE WHEN "nextAt" > ${SQLITE_NOW} + ?
           THEN ${SQLITE_NOW} ELSE max("nextAt", ${SQLITE_NOW}) END) + ?
         RETURNING "nextAt" - ? AS "slot", ${SQLITE_NOW} AS "now"`,
        kind,
        spacingMs,
        maxAheadMs(spacingMs),
        spacingMs,
        spacingMs,
      );
      return { slotAt: Number(rows[0].slot), now: Number(rows[0].now) };
    };
  }
  throw new Error(`the shared Attio budget needs SQLite or PostgreSQL, not ${provider ?? "an unknown database"}`);
}

/** Late wakes in a row after which a waiter sends anyway: a starved process must still make progress. */
const MAX_SKIPPED_SLOTS = 3;

/**
 * Waits for a send slot of `kind`. A waiter that wakes more than half the jitter margin after its
 * slot (a stalled event loop, a slow database answer) takes a new slot rather than send late into
 * the next slots' second; the slot it skips stays unused, which only lowers the rate. After
 * MAX_SKIPPED_SLOTS late wakes it sends on its latest slot: on a host that late every time, Attio's
 * 429 and its Retry-After are the backstop, not a request that never leaves. Rejects with the
 * signal's reason when `signal` aborts (the client's per-request timeout).
 */
export function createSharedAttioBudget(reserve: ReserveSlot, pace: AttioBudgetPace) {
  const lateToleranceMs = pace.jitterMarginMs / 2;
  return async function acquire(kind: AttioRequestKind, signal?: AbortSignal | null): Promise<void> {
    const spacingMs = slotSpacingMs(pace, kind);
    if (spacingMs === 0) return;
    for (let skipped = 0; ; skipped++) {
      if (signal?.aborted) throw signal.reason;
      // The slot's time on this process's clock, measured from before the query so that a slow
      // answer counts as lateness too.
      const asked = performance.now();
      const { slotAt, now } = await reserve(kind, spacingMs);
      const due = asked + (slotAt - now);
      const waitMs = due - performance.now();
      if (waitMs > 0) await sleep(waitMs, signal);
      if (performance.now() - due <= lateToleranceMs || skipped >= MAX_SKIPPED_SLOTS) return;
    }
  };
}

function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
