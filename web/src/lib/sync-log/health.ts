/**
 * The leads page's health view: how many leads are synced, failed, running, never synced or
 * changed since their last sync, and the sync runs per day by outcome over the last 30 days.
 */
import type { PrismaClient } from "../db";
import { leadWithEvidence } from "../leads/lead-with-evidence";
import { snapshotHash, toLeadSnapshot } from "../note/snapshot";

export const HEALTH_DAYS = 30;

export interface HealthCounts {
  synced: number;
  failed: number;
  running: number;
  neverSynced: number;
  /** Synced once, and the lead's snapshot now hashes differently from the one last sent. */
  changed: number;
  /** When `changed` was computed (it is cached briefly, see changedSinceSync). */
  changedCheckedAt: string;
}

export interface DayCounts {
  /** YYYY-MM-DD (UTC) */
  day: string;
  synced: number;
  failed: number;
  running: number;
}

export async function healthCounts(prisma: PrismaClient, now = new Date()): Promise<HealthCounts> {
  const groups = await prisma.lead.groupBy({ by: ["attioSyncStatus"], _count: { _all: true } });
  const by = (s: string) => groups.find((g) => g.attioSyncStatus === s)?._count._all ?? 0;
  const changed = await changedSinceSync(prisma, now);
  return {
    synced: by("synced"),
    failed: by("failed"),
    running: by("running"),
    neverSynced: by("not_synced"),
    changed: changed.count,
    changedCheckedAt: changed.at.toISOString(),
  };
}

const CHANGED_TTL_MS = 30_000;
const CHANGED_PAGE = 500;
const globalForHealth = globalThis as unknown as { leadsyncChanged?: WeakMap<PrismaClient, { count: number; at: Date }> };

/**
 * Leads changed since their last sync. The hash covers the lead and its evidence (drafts,
 * touchpoints...), whose edits do not touch `Lead.updatedAt`, so it can only be found by
 * rebuilding every synced lead's snapshot: about 0.05 ms per lead, paged by id. Cached for 30 s
 * per process, so the leads page stays as fast with 10,000 leads (`npm run bench:list`).
 */
export async function changedSinceSync(prisma: PrismaClient, now = new Date()): Promise<{ count: number; at: Date }> {
  globalForHealth.leadsyncChanged ??= new WeakMap();
  const cached = globalForHealth.leadsyncChanged.get(prisma);
  if (cached && now.getTime() - cached.at.getTime() < CHANGED_TTL_MS) return cached;
  let count = 0;
  let afterId = 0;
  for (;;) {
    const leads = await prisma.lead.findMany({
      where: { id: { gt: afterId }, attioSnapshotHash: { not: null } },
      orderBy: { id: "asc" },
      take: CHANGED_PAGE,
      include: leadWithEvidence,
    });
    for (const lead of leads) if (snapshotHash(toLeadSnapshot(lead)) !== lead.attioSnapshotHash) count++;
    if (leads.length < CHANGED_PAGE) break;
    afterId = leads[leads.length - 1]!.id;
  }
  const result = { count, at: now };
  globalForHealth.leadsyncChanged.set(prisma, result);
  return result;
}

/** Sync runs per day and outcome, oldest day first, the last HEALTH_DAYS days including today. */
export async function syncsPerDay(prisma: PrismaClient, now = new Date()): Promise<DayCounts[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const first = today - (HEALTH_DAYS - 1) * 86_400_000;
  const days: DayCounts[] = [];
  for (let t = first; t <= today; t += 86_400_000)
    days.push({ day: new Date(t).toISOString().slice(0, 10), synced: 0, failed: 0, running: 0 });
  const runs = await prisma.syncRun.findMany({ where: { startedAt: { gte: new Date(first) } }, select: { startedAt: true, status: true } });
  for (const run of runs) {
    const day = days[Math.floor((run.startedAt.getTime() - first) / 86_400_000)];
    if (day && (run.status === "synced" || run.status === "failed" || run.status === "running")) day[run.status]++;
  }
  return days;
}
