/**
 * Bulk syncs from the leads page: "Sync selected" (ticked leads, or every lead matching the
 * search) and "Retry all failed". Each starts the one `bulk-sync-<task queue>` dispatcher run, whose fixed
 * id lets any page load find it again and its progress query draw the bar. Conflict policy FAIL:
 * while a bulk runs, another is refused rather than racing it for the same leads.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from "@temporalio/client";
import type { PrismaClient } from "../db";
import { BULK_WORKFLOW_TYPE, bulkWorkflowId, bulkProgressQuery, type BulkProgress, type BulkSyncInput } from "../temporal/contract";
import { temporalRunUrl, type TemporalSettings } from "../temporal/client";
import { runStatus, type RunStatus } from "../temporal/errors";
import { normalizeSearch, searchCondition } from "../leads/queries";
import { MAX_BULK_LEADS } from "./limits";

export { MAX_BULK_LEADS };

export interface BulkDeps {
  prisma: PrismaClient;
  getClient: () => Promise<Client>;
  settings: TemporalSettings;
  /** Dispatcher options for tests (window, batch size, child timing). */
  dispatcher?: Pick<BulkSyncInput, "concurrency" | "batchSize" | "timing">;
}

/** Most leads one bulk sync takes (the list of ids travels in the dispatcher's input). */
const DEADLINE_MS = 4_000;
const QUERY_BUDGET_MS = 1_500;

export interface BulkStatus {
  status: RunStatus | "none";
  progress: BulkProgress | null;
  url: string;
}

export type BulkStartResult = { ok: true; count: number; status: BulkStatus } | { ok: false; error: string };

/** Ids of every lead matching the list's search, newest first (capped at MAX_BULK_LEADS). */
export async function leadIdsMatching(prisma: PrismaClient, q: string | undefined): Promise<number[]> {
  const where = searchCondition(normalizeSearch(q));
  const rows = await prisma.$queryRaw<
    { id: bigint | number }[]
  >`SELECT "id" FROM "Lead" WHERE ${where} ORDER BY "id" DESC LIMIT ${MAX_BULK_LEADS}`;
  return rows.map((r) => Number(r.id));
}

/** Ids of the leads whose last sync failed. */
export async function failedLeadIds(prisma: PrismaClient): Promise<number[]> {
  const rows = await prisma.lead.findMany({
    where: { attioSyncStatus: "failed" },
    select: { id: true },
    orderBy: { id: "desc" },
    take: MAX_BULK_LEADS,
  });
  return rows.map((r) => r.id);
}

/** Keeps only ids of leads that exist (a direct POST may send anything). */
export async function existingLeadIds(prisma: PrismaClient, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)].slice(0, MAX_BULK_LEADS);
  const found = new Set<number>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await prisma.lead.findMany({ where: { id: { in: unique.slice(i, i + 500) } }, select: { id: true } });
    for (const r of rows) found.add(r.id);
  }
  return unique.filter((id) => found.has(id));
}

/** Starts the bulk dispatcher for these leads. */
export async function startBulkSync(deps: BulkDeps, leadIds: number[], trigger: "bulk" | "retry"): Promise<BulkStartResult> {
  if (leadIds.length === 0) return { ok: false, error: trigger === "retry" ? "No lead's last sync failed." : "Select at least one lead." };
  let client: Client;
  try {
    client = await deps.getClient();
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : "Cannot reach Temporal." };
  }
  try {
    const input: BulkSyncInput = { leadIds, trigger, ...deps.dispatcher };
    await client.withDeadline(Date.now() + DEADLINE_MS, () =>
      client.workflow.start(BULK_WORKFLOW_TYPE, {
        workflowId: bulkWorkflowId(deps.settings.taskQueue),
        taskQueue: deps.settings.taskQueue,
        args: [input],
        workflowIdConflictPolicy: "FAIL",
      }),
    );
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError)
      return { ok: false, error: "A bulk sync is already running: wait for it to finish." };
    return { ok: false, error: "The bulk sync could not be started: Temporal did not answer." };
  }
  return { ok: true, count: leadIds.length, status: await describeBulkSync(deps) };
}

/** The latest bulk sync: its status and progress (live while it runs, its result once done). */
export async function describeBulkSync(deps: Pick<BulkDeps, "getClient" | "settings">): Promise<BulkStatus> {
  const none: BulkStatus = {
    status: "none",
    progress: null,
    url: temporalRunUrl(bulkWorkflowId(deps.settings.taskQueue), null, deps.settings),
  };
  try {
    const client = await deps.getClient();
    const handle = client.workflow.getHandle(bulkWorkflowId(deps.settings.taskQueue));
    const described = await client.withDeadline(Date.now() + DEADLINE_MS, () => handle.describe());
    const status = runStatus(described.status.name);
    let progress: BulkProgress | null = null;
    if (status === "completed") progress = (await client.withDeadline(Date.now() + DEADLINE_MS, () => handle.result())) as BulkProgress;
    else if (status === "running") {
      progress = await client.withDeadline(Date.now() + QUERY_BUDGET_MS, () => handle.query(bulkProgressQuery)).catch(() => null);
    }
    return { status, progress, url: none.url };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return none;
    return { ...none, status: "unknown" };
  }
}
