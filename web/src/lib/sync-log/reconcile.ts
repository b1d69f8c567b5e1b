/**
 * Runs that closed without writing their outcome: terminated or cancelled from the Temporal UI, or
 * timed out. Their SyncRun row still says "running", because the step that closes it never ran.
 * Before the log renders, rows still running are checked against Temporal's `describe` (no worker
 * needed) and closed with what Temporal says. A worker killed mid-run is not such a case: its run
 * keeps running on another worker and writes its own outcome, so its row rightly stays running.
 */
import type { Client } from "@temporalio/client";
import type { PrismaClient } from "../db";
import { runStatus } from "../temporal/errors";

export interface ReconcileDeps {
  prisma: PrismaClient;
  getClient: () => Promise<Client>;
}

/** Rows checked per render: a log page shows 50, and a pass keeps at most 25 children running. */
const MAX_CHECKED = 100;
const DEADLINE_MS = 2_000;

/** Marks running rows whose run has closed; returns how many it changed. Never throws. */
export async function reconcileRunningRuns(deps: ReconcileDeps, where: { leadId?: number } = {}): Promise<number> {
  const running = await deps.prisma.syncRun.findMany({
    where: { status: "running", ...where },
    orderBy: { id: "desc" },
    take: MAX_CHECKED,
    select: { id: true, workflowId: true, runId: true },
  });
  if (running.length === 0) return 0;
  let client: Client;
  try {
    client = await deps.getClient();
  } catch {
    return 0; // Temporal is down: the rows stay "running", which is what the log last knew
  }
  let changed = 0;
  await Promise.all(
    running.map(async (row) => {
      const described = await client
        .withDeadline(Date.now() + DEADLINE_MS, () => client.workflow.getHandle(row.workflowId, row.runId).describe())
        .catch(() => null);
      if (!described) return;
      const status = runStatus(described.status.name);
      if (status === "running" || status === "unknown") return;
      const finishedAt = described.closeTime ?? new Date();
      // Only a row still running is changed: the run's own outcome, if it raced us, wins.
      const data =
        status === "completed"
          ? { status: "synced", finishedAt }
          : { status: "failed", finishedAt, error: `The run was ${status.replace("_", " ")} in Temporal before it recorded an outcome.` };
      const { count } = await deps.prisma.syncRun.updateMany({ where: { id: row.id, status: "running" }, data });
      changed += count;
    }),
  );
  return changed;
}
