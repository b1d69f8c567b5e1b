/**
 * Reading the sync log (SyncRun rows): the filtered, paginated list of `/syncs` and a lead's own
 * history. Keyset pagination on the id (newest first) and no total count, so a page costs the
 * same with 100 or 100,000 runs (`npm run bench:log`).
 */
import { Prisma } from "../../generated/prisma/client";
import type { PrismaClient } from "../db";
import { SYNC_TRIGGERS, type SyncTrigger } from "../temporal/contract";
import { parseLeadId } from "../leads/lead-id";

export const LOG_PAGE_SIZE = 50;
export const SYNC_OUTCOMES = ["running", "synced", "failed"] as const;
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number];

export interface SyncLogFilters {
  outcome?: SyncOutcome;
  trigger?: SyncTrigger;
  /** A lead id ("42") or part of a lead's name. */
  lead?: string;
  /** Days (YYYY-MM-DD, UTC), both inclusive. */
  from?: string;
  to?: string;
}

export type SyncLogCursor = { kind: "first" } | { kind: "older"; id: number } | { kind: "newer"; id: number };

export type SyncRunRow = Prisma.SyncRunGetPayload<object>;

export interface SyncLogPage {
  filters: SyncLogFilters;
  runs: SyncRunRow[];
  newer: SyncLogCursor | null;
  older: SyncLogCursor | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Filters and cursor from the page's search params; anything unknown is ignored. */
export function parseSyncLogParams(sp: Record<string, string | string[] | undefined>): { filters: SyncLogFilters; cursor: SyncLogCursor } {
  const one = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string).trim() : "");
  const filters: SyncLogFilters = {};
  const outcome = one("outcome");
  if ((SYNC_OUTCOMES as readonly string[]).includes(outcome)) filters.outcome = outcome as SyncOutcome;
  const trigger = one("trigger");
  if ((SYNC_TRIGGERS as readonly string[]).includes(trigger)) filters.trigger = trigger as SyncTrigger;
  const lead = one("lead").slice(0, 100);
  if (lead) filters.lead = lead;
  if (DAY.test(one("from")) && !Number.isNaN(Date.parse(one("from")))) filters.from = one("from");
  if (DAY.test(one("to")) && !Number.isNaN(Date.parse(one("to")))) filters.to = one("to");
  // Row ids are 32-bit like lead ids: the same strict parse keeps 3000000000 from reaching the query.
  const older = parseLeadId(one("older"));
  const newer = parseLeadId(one("newer"));
  const cursor: SyncLogCursor =
    older !== null ? { kind: "older", id: older } : newer !== null ? { kind: "newer", id: newer } : { kind: "first" };
  return { filters, cursor };
}

/** Search params for a link to a page of the log with these filters. */
export function syncLogSearchParams(filters: SyncLogFilters, cursor: SyncLogCursor = { kind: "first" }): URLSearchParams {
  const sp = new URLSearchParams();
  for (const k of ["outcome", "trigger", "lead", "from", "to"] as const) if (filters[k]) sp.set(k, filters[k]!);
  if (cursor.kind === "older") sp.set("older", String(cursor.id));
  if (cursor.kind === "newer") sp.set("newer", String(cursor.id));
  return sp;
}

/** At most this many distinct lead names match a filter holding `%` or `_` (see leadNamesContaining). */
const MAX_LITERAL_NAME_MATCHES = 1000;

/**
 * The lead names containing `text` literally. Prisma's `contains` passes `%` and `_` to LIKE as
 * wildcards (`lead=%` would list every run), so a filter holding them is matched here with ESCAPE
 * and the log is then filtered by those names.
 */
async function leadNamesContaining(prisma: PrismaClient, text: string): Promise<string[]> {
  const pattern = `%${text.replace(/[\\%_]/g, "\\$&")}%`;
  const rows = await prisma.$queryRaw<{ leadName: string }[]>(
    Prisma.sql`SELECT DISTINCT "leadName" FROM "SyncRun" WHERE LOWER("leadName") LIKE LOWER(${pattern}) ESCAPE '\\' LIMIT ${MAX_LITERAL_NAME_MATCHES}`,
  );
  return rows.map((r) => r.leadName);
}

async function syncLogWhereFor(prisma: PrismaClient, filters: SyncLogFilters): Promise<Prisma.SyncRunWhereInput> {
  const where = syncLogWhere(filters);
  if (!filters.lead || parseLeadId(filters.lead) !== null) return where;
  if (/[%_\\]/.test(filters.lead)) where.leadName = { in: await leadNamesContaining(prisma, filters.lead) };
  return where;
}

export function syncLogWhere(filters: SyncLogFilters): Prisma.SyncRunWhereInput {
  const where: Prisma.SyncRunWhereInput = {};
  if (filters.outcome) where.status = filters.outcome;
  if (filters.trigger) where.trigger = filters.trigger;
  if (filters.lead) {
    // A whole number that fits Prisma's 32-bit Int is a lead id; anything else is part of a name.
    const leadId = parseLeadId(filters.lead);
    if (leadId !== null) where.leadId = leadId;
    else where.leadName = { contains: filters.lead };
  }
  if (filters.from || filters.to) {
    where.startedAt = {
      ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00.000Z`) } : {}),
      ...(filters.to ? { lt: new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + 86_400_000) } : {}),
    };
  }
  return where;
}

/** One page of the log, newest first. */
export async function listSyncRuns(
  prisma: PrismaClient,
  filters: SyncLogFilters,
  cursor: SyncLogCursor = { kind: "first" },
): Promise<SyncLogPage> {
  const where = await syncLogWhereFor(prisma, filters);
  let runs: SyncRunRow[];
  let moreOlder: boolean;
  let moreNewer: boolean;
  if (cursor.kind === "newer") {
    const rows = await prisma.syncRun.findMany({
      where: { AND: [where, { id: { gt: cursor.id } }] },
      orderBy: { id: "asc" },
      take: LOG_PAGE_SIZE + 1,
    });
    moreNewer = rows.length > LOG_PAGE_SIZE;
    runs = rows.slice(0, LOG_PAGE_SIZE).reverse();
    moreOlder = true;
  } else {
    const rows = await prisma.syncRun.findMany({
      where: cursor.kind === "older" ? { AND: [where, { id: { lt: cursor.id } }] } : where,
      orderBy: { id: "desc" },
      take: LOG_PAGE_SIZE + 1,
    });
    moreOlder = rows.length > LOG_PAGE_SIZE;
    runs = rows.slice(0, LOG_PAGE_SIZE);
    moreNewer = cursor.kind === "older";
  }
  if (runs.length === 0) return { filters, runs, newer: cursor.kind === "first" ? null : { kind: "first" }, older: null };
  return {
    filters,
    runs,
    newer: moreNewer ? { kind: "newer", id: runs[0]!.id } : null,
    older: moreOlder ? { kind: "older", id: runs[runs.length - 1]!.id } : null,
  };
}

/** A lead's latest runs, newest first. */
export function leadSyncHistory(prisma: PrismaClient, leadId: number, take = 20): Promise<SyncRunRow[]> {
  return prisma.syncRun.findMany({ where: { leadId }, orderBy: { id: "desc" }, take });
}
