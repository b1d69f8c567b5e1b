/**
 * The one owner of a lead's sync state: the lead's `attioSync*` columns (what the list, the lead
 * page and the button show) and the run's `SyncRun` row (the sync log). Every transition writes
 * both in one transaction, so the two never disagree; nothing else writes them.
 *
 * Outbound runs move `markRunStarted` -> `markRunSucceeded` | `markRunFailed`; a run Temporal
 * closed before it could record its outcome (terminated, cancelled, timed out) is closed by
 * `markRunEnded`, called from the one reconcile in ./ended-runs.ts. Inbound Attio events record
 * what they applied to the lead through `markInboundApplied`.
 *
 * Every write is keyed by the run id (or inbox ids) and sets absolute values: a local activity the
 * worker re-runs after a crash writes the same state again, never a second row. The transactions
 * are batches (no reads inside, no user code between their statements): on SQLite the driver
 * adapter shares one connection, so a long interactive transaction would take other queries of
 * the process into it.
 *
 * Each outcome it stores is also one `sync.outcome` log line: ids, the status and the failure's
 * message (scrubbed by the logger), never the lead's name, which stays in the database.
 */
import type { AttioRecordRef } from "../attio/client";
import type { PrismaClient } from "../db";
import { LOG_EVENTS, logger } from "../log";
import type { SyncTrigger } from "../temporal/contract";
import type { RunStatus } from "../temporal/errors";

/** Which run of which lead a transition is about. */
export interface RunOfLead {
  leadId: number;
  workflowId: string;
  runId: string;
}

/** Errors longer than this are cut: they come from Attio and Temporal and end up on the page. */
const MAX_ERROR = 2_000;

/**
 * The run's first step: the lead shows it running and the log gets its row. A repeat of the same
 * run leaves an outcome already written to the row alone. Returns false when the lead is gone
 * (the row is still written, with a placeholder name, so the failure that follows is logged).
 */
export async function markRunStarted(prisma: PrismaClient, run: RunOfLead & { trigger?: SyncTrigger; startedAt: Date }): Promise<boolean> {
  const { row } = await rowIdentity(prisma, run);
  const [lead] = await prisma.$transaction([
    prisma.lead.updateMany({
      where: { id: run.leadId },
      data: {
        attioSyncStatus: "running",
        attioSyncError: null,
        attioLastRunAt: run.startedAt,
        attioLastWorkflowId: run.workflowId,
        attioLastRunId: run.runId,
      },
    }),
    prisma.syncRun.upsert({
      where: { runId: run.runId },
      create: { ...row, status: "running", startedAt: run.startedAt },
      update: {},
    }),
  ]);
  return lead.count > 0;
}

/**
 * The run's last step: the lead stores the sync time, outcome and snapshot hash (the record ids
 * were stored by the steps that resolved them), and the row closes as synced with the records'
 * links. Returns false, writing nothing, when the lead was deleted mid-run.
 */
export async function markRunSucceeded(
  prisma: PrismaClient,
  run: RunOfLead & { person: AttioRecordRef; company: AttioRecordRef | null; syncedAt: Date; snapshotHash: string },
): Promise<boolean> {
  const identity = await rowIdentity(prisma, run);
  if (!identity.leadExists) return false;
  const outcome = {
    status: "synced",
    finishedAt: new Date(),
    error: null,
    personUrl: run.person.webUrl,
    companyUrl: run.company?.webUrl ?? null,
  };
  const [lead] = await prisma.$transaction([
    prisma.lead.updateMany({
      where: { id: run.leadId },
      data: {
        attioSyncedAt: run.syncedAt,
        attioSyncStatus: "synced",
        attioSyncError: null,
        attioLastWorkflowId: run.workflowId,
        attioLastRunId: run.runId,
        attioSnapshotHash: run.snapshotHash,
        // Created again (or found) in Attio: no longer "deleted in Attio" (two-way sync).
        attioDeletedAt: null,
        attioDeletedKind: null,
      },
    }),
    closeRow(prisma, identity, outcome),
  ]);
  // Deleted between the read and the write: the failure the caller raises closes the row.
  if (lead.count > 0) logOutcome(run, "synced", { personId: run.person.id, companyId: run.company?.id ?? null });
  return lead.count > 0;
}

/** The run failed in one of its steps: the lead and the row show its error. */
export async function markRunFailed(prisma: PrismaClient, run: RunOfLead & { error: string }): Promise<void> {
  const error = run.error.slice(0, MAX_ERROR);
  const identity = await rowIdentity(prisma, run);
  await prisma.$transaction([
    prisma.lead.updateMany({
      where: { id: run.leadId },
      data: { attioSyncStatus: "failed", attioSyncError: error, attioLastWorkflowId: run.workflowId, attioLastRunId: run.runId },
    }),
    closeRow(prisma, identity, { status: "failed", finishedAt: new Date(), error }),
  ]);
  logOutcome(run, "failed", { error });
}

/** How Temporal closed a run, from its `describe`. */
export interface RunClosed {
  status: RunStatus;
  /** Temporal's close time; now when unknown. */
  closedAt: Date | null;
}

/** What the lead and the log say about a run Temporal closed before the run recorded its outcome. */
export function endedRunMessage(status: RunStatus): string {
  const how = status === "timed_out" ? "timed out" : status === "failed" ? "failed" : `was ${status}`;
  return `The sync run ${how} in Temporal before it recorded its outcome. Sync again.`;
}

/**
 * A run Temporal closed without the run's own last step (terminated or cancelled from the UI,
 * timed out, failed while the database was down): the lead, if that run still holds it as
 * running, and the row, if still running, are closed with what Temporal says. A completed run's
 * row is closed as synced. The run's own outcome, if it raced us, wins: only running state
 * changes. A run still open (or one Temporal cannot describe) changes nothing.
 */
export async function markRunEnded(prisma: PrismaClient, run: RunOfLead, closed: RunClosed): Promise<{ lead: boolean; row: boolean }> {
  if (closed.status === "running" || closed.status === "unknown") return { lead: false, row: false };
  const finishedAt = closed.closedAt ?? new Date();
  const error = closed.status === "completed" ? null : endedRunMessage(closed.status);
  const closeRunningRow = prisma.syncRun.updateMany({
    where: { runId: run.runId, status: "running" },
    data: error ? { status: "failed", finishedAt, error } : { status: "synced", finishedAt },
  });
  // A completed run recorded its own outcome on the lead; only a row left running is closed.
  if (!error) {
    const closedRow = (await closeRunningRow).count > 0;
    if (closedRow) logOutcome(run, "synced", { closedBy: "temporal", temporalStatus: closed.status });
    return { lead: false, row: closedRow };
  }
  const [lead, row] = await prisma.$transaction([
    prisma.lead.updateMany({
      where: { id: run.leadId, attioSyncStatus: "running", attioLastRunId: run.runId },
      data: { attioSyncStatus: "failed", attioSyncError: error },
    }),
    closeRunningRow,
  ]);
  if (lead.count > 0 || row.count > 0) logOutcome(run, "failed", { closedBy: "temporal", temporalStatus: closed.status });
  return { lead: lead.count > 0, row: row.count > 0 };
}

/**
 * The outcome's log line. A failure's text is cut to 300 characters; the logger's scrubbing takes
 * out Attio's echo of submitted values and any address. A step Temporal re-runs logs its outcome again.
 */
function logOutcome(run: RunOfLead, outcome: "synced" | "failed", fields: Record<string, unknown>): void {
  const line: Record<string, unknown> = {
    event: LOG_EVENTS.syncOutcome,
    outcome,
    leadId: run.leadId,
    workflowId: run.workflowId,
    runId: run.runId,
    ...fields,
  };
  if (typeof line.error === "string") line.error = line.error.slice(0, 300);
  if (outcome === "synced") logger().info(line, "sync succeeded");
  else logger().warn(line, "sync failed");
}

/** The outcome of inbound Attio events (issue 20): `applied`, `echo` (leadsync's own write), `ignored` or `failed`. */
export type InboundOutcome = "applied" | "echo" | "ignored" | "failed";

/**
 * Inbound Attio events applied (or deliberately not): their inbox rows get the outcome, and a lead
 * an applied change reached records when (`attioInboundAt`, never moved back), in one
 * transaction. Rows already stamped keep their first outcome, so a redelivered burst is recorded once.
 */
export async function markInboundApplied(
  prisma: PrismaClient,
  applied: { inboxIds: number[]; outcome: InboundOutcome; detail: string | null; leadId: number | null; appliedAt: Date },
): Promise<number> {
  if (applied.inboxIds.length === 0) return 0;
  const stampRows = prisma.attioInboxEvent.updateMany({
    where: { id: { in: applied.inboxIds }, appliedAt: null },
    data: { appliedAt: applied.appliedAt, outcome: applied.outcome, detail: applied.detail, leadId: applied.leadId },
  });
  if (applied.leadId === null || applied.outcome !== "applied") return (await stampRows).count;
  const [rows] = await prisma.$transaction([
    stampRows,
    prisma.lead.updateMany({
      where: { id: applied.leadId, OR: [{ attioInboundAt: null }, { attioInboundAt: { lt: applied.appliedAt } }] },
      data: { attioInboundAt: applied.appliedAt },
    }),
  ]);
  return rows.count;
}

/** The identity part of a run's row; the lead's name is copied so the log outlives the lead. */
async function rowIdentity(prisma: PrismaClient, run: RunOfLead & { trigger?: SyncTrigger }) {
  const lead = await prisma.lead.findUnique({ where: { id: run.leadId }, select: { name: true } });
  return {
    leadExists: lead !== null,
    row: {
      leadId: run.leadId,
      leadName: lead?.name ?? `Lead ${run.leadId}`,
      workflowId: run.workflowId,
      runId: run.runId,
      trigger: run.trigger ?? "manual",
    },
  };
}

/**
 * Writes a run's outcome to its row. A run whose first step failed before it logged its start
 * (the database was down) still gets a row, so every failure shows up in the log.
 */
function closeRow(
  prisma: PrismaClient,
  identity: Awaited<ReturnType<typeof rowIdentity>>,
  outcome: { status: string; finishedAt: Date; error: string | null; personUrl?: string | null; companyUrl?: string | null },
) {
  return prisma.syncRun.upsert({
    where: { runId: identity.row.runId },
    create: { ...identity.row, startedAt: outcome.finishedAt, ...outcome },
    update: outcome,
  });
}
