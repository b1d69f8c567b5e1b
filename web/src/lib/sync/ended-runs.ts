/**
 * The one reconcile of runs Temporal closed before they recorded their outcome (terminated or
 * cancelled from the Temporal UI, timed out): their lead and their log row still say "running",
 * because the step that closes them never ran. Before a page shows running state, each such run is
 * described once (no worker needed) and closed through the run-state owner (./run-state.ts).
 *
 * A worker killed mid-run is not such a case: the run goes on on another worker and writes its own
 * outcome, so Temporal still says running and nothing changes.
 */
import type { Client } from "@temporalio/client";
import type { PrismaClient } from "../db";
import { leadWorkflowId } from "../temporal/contract";
import { runStatus } from "../temporal/errors";
import { markRunEnded, type RunClosed, type RunOfLead } from "./run-state";

export interface EndedRunsDeps {
  prisma: PrismaClient;
  getClient: () => Promise<Client>;
}

/** Runs described per call: a log page shows 50, and a pass keeps at most 25 children running. */
const MAX_DESCRIBED = 100;
/** One deadline for all of a call's describes, so a slow Temporal delays a page by this at most. */
export const DESCRIBE_DEADLINE_MS = 2_000;

/** The run a lead holds as running, if any (the leads list's and lead page's rows). */
export function runHeldByLead(lead: {
  id: number;
  attioSyncStatus: string;
  attioLastWorkflowId?: string | null;
  attioLastRunId: string | null;
}): RunOfLead | null {
  if (lead.attioSyncStatus !== "running" || !lead.attioLastRunId) return null;
  return { leadId: lead.id, workflowId: lead.attioLastWorkflowId ?? leadWorkflowId(lead.id), runId: lead.attioLastRunId };
}

/** Runs whose log row says running, newest first (all, or one lead's). */
export function runsLoggedRunning(prisma: PrismaClient, where: { leadId?: number } = {}): Promise<RunOfLead[]> {
  return prisma.syncRun.findMany({
    where: { status: "running", ...where },
    orderBy: { id: "desc" },
    take: MAX_DESCRIBED,
    select: { leadId: true, workflowId: true, runId: true },
  });
}

/** How Temporal says the run stands; "unknown" when it cannot say before the deadline. */
export async function describeRun(client: Client, run: RunOfLead, deadline: number): Promise<RunClosed> {
  const described = await client
    .withDeadline(deadline, () => client.workflow.getHandle(run.workflowId, run.runId).describe())
    .catch(() => null);
  return { status: runStatus(described?.status.name), closedAt: described?.closeTime ?? null };
}

/**
 * Describes each of these runs once (duplicates dropped) and closes those Temporal ended without
 * an outcome. Returns the ids of the leads it marked failed and how many log rows it closed.
 * Never throws: without Temporal the stored state is all there is.
 */
export async function reconcileEndedRuns(runs: (RunOfLead | null)[], deps: EndedRunsDeps): Promise<{ leadIds: number[]; rows: number }> {
  const unique = [...new Map(runs.filter((r): r is RunOfLead => r !== null).map((r) => [r.runId, r])).values()].slice(0, MAX_DESCRIBED);
  const result = { leadIds: [] as number[], rows: 0 };
  if (unique.length === 0) return result;
  let client: Client;
  try {
    client = await deps.getClient();
  } catch {
    return result;
  }
  const deadline = Date.now() + DESCRIBE_DEADLINE_MS;
  await Promise.all(
    unique.map(async (run) => {
      const changed = await markRunEnded(deps.prisma, run, await describeRun(client, run, deadline)).catch(() => null);
      if (changed?.lead) result.leadIds.push(run.leadId);
      if (changed?.row) result.rows++;
    }),
  );
  return result;
}

/** One lead's runs still marked running, on the lead and in its log rows, reconciled in one pass. */
export async function reconcileLeadRuns(leadId: number, deps: EndedRunsDeps): Promise<{ leadIds: number[]; rows: number }> {
  const [lead, logged] = await Promise.all([
    deps.prisma.lead.findUnique({
      where: { id: leadId },
      select: { id: true, attioSyncStatus: true, attioLastWorkflowId: true, attioLastRunId: true },
    }),
    runsLoggedRunning(deps.prisma, { leadId }),
  ]);
  return reconcileEndedRuns([lead ? runHeldByLead(lead) : null, ...logged], deps);
}
