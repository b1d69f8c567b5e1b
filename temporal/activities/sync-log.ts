/**
 * The sync log's writes: one SyncRun row per run, created by the run's first database step and
 * closed by its last (success or failure). The sync activities call these with minimal glue, so
 * the log is written in the same local activities that write the lead's own status.
 *
 * Every write is keyed by the run id and sets absolute values: a local activity the worker re-runs
 * after a crash writes the same row again, never a second one.
 */
import type { PrismaClient } from "../../web/src/lib/db";
import type { AttioRecordRef } from "../../web/src/lib/attio/client";
import type { SyncTrigger } from "../../web/src/lib/temporal/contract";

export interface LogRunStart {
  leadId: number;
  workflowId: string;
  runId: string;
  trigger?: SyncTrigger;
  startedAt: string;
}

/** Records a run as running; a repeat of the same run leaves an already written outcome alone. */
export async function logRunStarted(prisma: PrismaClient, run: LogRunStart): Promise<void> {
  await prisma.syncRun.upsert({
    where: { runId: run.runId },
    create: { ...(await newRow(prisma, run)), status: "running", startedAt: new Date(run.startedAt) },
    update: {},
  });
}

/** The identity part of a new row; the lead's name is copied so the log outlives the lead. */
async function newRow(prisma: PrismaClient, run: { leadId: number; workflowId: string; runId: string; trigger?: SyncTrigger }) {
  const lead = await prisma.lead.findUnique({ where: { id: run.leadId }, select: { name: true } });
  return {
    leadId: run.leadId,
    leadName: lead?.name ?? `Lead ${run.leadId}`,
    workflowId: run.workflowId,
    runId: run.runId,
    trigger: run.trigger ?? "manual",
  };
}

/** Closes the run as synced, with the links to the Attio records it wrote. */
export async function logRunSucceeded(
  prisma: PrismaClient,
  run: { leadId: number; workflowId: string; runId: string; person: AttioRecordRef; company: AttioRecordRef | null },
): Promise<void> {
  const outcome = {
    status: "synced",
    finishedAt: new Date(),
    error: null,
    personUrl: run.person.webUrl,
    companyUrl: run.company?.webUrl ?? null,
  };
  await upsertOutcome(prisma, run, outcome);
}

/** Closes the run as failed with its error. */
export async function logRunFailed(
  prisma: PrismaClient,
  run: { leadId: number; workflowId: string; runId: string; error: string },
): Promise<void> {
  await upsertOutcome(prisma, run, { status: "failed", finishedAt: new Date(), error: run.error.slice(0, 2_000) });
}

/**
 * A run whose first step failed before it logged its start (no API key, lead gone) still gets a
 * row, so every failure shows up in the log.
 */
async function upsertOutcome(
  prisma: PrismaClient,
  run: { leadId: number; workflowId: string; runId: string },
  outcome: { status: string; finishedAt: Date; error: string | null; personUrl?: string | null; companyUrl?: string | null },
): Promise<void> {
  const { count } = await prisma.syncRun.updateMany({ where: { runId: run.runId }, data: outcome });
  if (count > 0) return;
  await prisma.syncRun.upsert({
    where: { runId: run.runId },
    create: { ...(await newRow(prisma, run)), startedAt: outcome.finishedAt, ...outcome },
    update: outcome,
  });
}
