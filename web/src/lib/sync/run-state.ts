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
 * worker re-runs after a crash writes the same state again, never a second row. Each transaction
 * writes first and reads after, so SQLite takes its write lock at once instead of upgrading a read.
 */
import type { Prisma } from "../../generated/prisma/client";
import type { AttioRecordRef } from "../attio/client";
import type { PrismaClient } from "../db";
import type { SyncTrigger } from "../temporal/contract";
import type { RunStatus } from "../temporal/errors";

type Tx = Prisma.TransactionClient;

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
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.lead.updateMany({
      where: { id: run.leadId },
      data: {
        attioSyncStatus: "running",
        attioSyncError: null,
        attioLastRunAt: run.startedAt,
        attioLastWorkflowId: run.workflowId,
        attioLastRunId: run.runId,
      },
    });
    await tx.syncRun.upsert({
      where: { runId: run.runId },
      create: { ...(await newRow(tx, run)), status: "running", startedAt: run.startedAt },
      update: {},
    });
    return count > 0;
  });
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
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.lead.updateMany({
      where: { id: run.leadId },
      data: {
        attioSyncedAt: run.syncedAt,
        attioSyncStatus: "synced",
        attioSyncError: null,
        attioLastWorkflowId: run.workflowId,
        attioLastRunId: run.runId,
        attioSnapshotHash: run.snapshotHash,
      },
    });
    if (count === 0) return false;
    await closeRow(tx, run, {
      status: "synced",
      finishedAt: new Date(),
      error: null,
      personUrl: run.person.webUrl,
      companyUrl: run.company?.webUrl ?? null,
    });
    return true;
  });
}

/** The run failed in one of its steps: the lead and the row show its error. */
export async function markRunFailed(prisma: PrismaClient, run: RunOfLead & { error: string }): Promise<void> {
  const error = run.error.slice(0, MAX_ERROR);
  await prisma.$transaction(async (tx) => {
    await tx.lead.updateMany({
      where: { id: run.leadId },
      data: { attioSyncStatus: "failed", attioSyncError: error, attioLastWorkflowId: run.workflowId, attioLastRunId: run.runId },
    });
    await closeRow(tx, run, { status: "failed", finishedAt: new Date(), error });
  });
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
  return prisma.$transaction(async (tx) => {
    const lead = error
      ? await tx.lead.updateMany({
          where: { id: run.leadId, attioSyncStatus: "running", attioLastRunId: run.runId },
          data: { attioSyncStatus: "failed", attioSyncError: error },
        })
      : { count: 0 };
    const row = await tx.syncRun.updateMany({
      where: { runId: run.runId, status: "running" },
      data: error ? { status: "failed", finishedAt, error } : { status: "synced", finishedAt },
    });
    return { lead: lead.count > 0, row: row.count > 0 };
  });
}

/** The outcome of inbound Attio events (issue 20): `applied`, `echo` (leadsync's own write), `ignored` or `failed`. */
export type InboundOutcome = "applied" | "echo" | "ignored" | "failed";

/**
 * Inbound Attio events applied (or deliberately not): their inbox rows get the outcome, and a lead
 * an applied change reached records when (`attioInboundAt`), in one transaction. The rows already
 * stamped keep their first outcome, so a redelivered burst is recorded once.
 */
export async function markInboundApplied(
  prisma: PrismaClient,
  applied: { inboxIds: number[]; outcome: InboundOutcome; detail: string | null; leadId: number | null; appliedAt: Date },
): Promise<number> {
  if (applied.inboxIds.length === 0) return 0;
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.attioInboxEvent.updateMany({
      where: { id: { in: applied.inboxIds }, appliedAt: null },
      data: { appliedAt: applied.appliedAt, outcome: applied.outcome, detail: applied.detail, leadId: applied.leadId },
    });
    if (count > 0 && applied.leadId !== null && applied.outcome === "applied") {
      await tx.lead.updateMany({ where: { id: applied.leadId }, data: { attioInboundAt: applied.appliedAt } });
    }
    return count;
  });
}

/**
 * Writes a run's outcome to its row. A run whose first step failed before it logged its start
 * (the database was down) still gets a row, so every failure shows up in the log.
 */
async function closeRow(
  tx: Tx,
  run: RunOfLead,
  outcome: { status: string; finishedAt: Date; error: string | null; personUrl?: string | null; companyUrl?: string | null },
): Promise<void> {
  const { count } = await tx.syncRun.updateMany({ where: { runId: run.runId }, data: outcome });
  if (count > 0) return;
  await tx.syncRun.create({ data: { ...(await newRow(tx, run)), startedAt: outcome.finishedAt, ...outcome } });
}

/** The identity part of a new row; the lead's name is copied so the log outlives the lead. */
async function newRow(tx: Tx, run: RunOfLead & { trigger?: SyncTrigger }) {
  const lead = await tx.lead.findUnique({ where: { id: run.leadId }, select: { name: true } });
  return {
    leadId: run.leadId,
    leadName: lead?.name ?? `Lead ${run.leadId}`,
    workflowId: run.workflowId,
    runId: run.runId,
    trigger: run.trigger ?? "manual",
  };
}
