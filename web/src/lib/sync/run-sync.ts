// Starts (or attaches to) a lead's `lead-<id>` run from the web app and waits for its outcome.
import { WorkflowFailedError, WorkflowNotFoundError, type Client } from "@temporalio/client";
import { SYNC_WORKFLOW_TYPE, leadWorkflowId, type SyncLeadInput, type SyncLeadResult } from "../temporal/contract";
import { GrpcCode, hasGrpcCode, innermostMessage } from "../temporal/errors";
import type { PrismaClient } from "../db";
import { TemporalUnavailableError, type TemporalSettings } from "../temporal/client";
import { inSpan, TRACE_ATTRIBUTES, withTraceAttributes } from "../tracing";

/** The spec's result for `syncLeadToAttio`, plus `running` when the run outlives the wait. */
export interface SyncLeadToAttioResult {
  success: boolean;
  personId?: string;
  companyId?: string;
  syncedAt?: string;
  error?: string;
  running?: boolean;
  /** With `running`: the run to follow; an outcome stored by an earlier run is not its outcome. */
  runId?: string;
}

export interface SyncLeadDeps {
  prisma: PrismaClient;
  getClient: () => Promise<Client>;
  settings: TemporalSettings;
  /** How long the action waits for the run before answering "still running" (the button keeps polling). */
  waitMs?: number;
}

const START_DEADLINE_MS = 5_000;

/**
 * Starts (or attaches to) the lead's `lead-<id>` run and waits for its outcome. Every failure is
 * returned as a message a user can act on; nothing throws to the caller.
 */
export function runLeadSync(leadId: number, deps: SyncLeadDeps): Promise<SyncLeadToAttioResult> {
  // With traces on, the click's trace starts here; the workflow's and its activities' spans hang below.
  const attributes = { [TRACE_ATTRIBUTES.leadId]: leadId, [TRACE_ATTRIBUTES.trigger]: "manual" };
  return inSpan("syncLeadToAttio", { attributes }, (span) =>
    withTraceAttributes(attributes, async () => {
      const result = await startAndWait(leadId, deps, (runId) => span?.setAttribute(TRACE_ATTRIBUTES.runId, runId));
      span?.setAttribute(TRACE_ATTRIBUTES.outcome, result.success ? "success" : result.running ? "running" : "failed");
      return result;
    }),
  );
}

async function startAndWait(leadId: number, deps: SyncLeadDeps, onStarted: (runId: string) => void): Promise<SyncLeadToAttioResult> {
  const lead = await deps.prisma.lead.findUnique({ where: { id: leadId }, select: { id: true } });
  if (!lead) return { success: false, error: `Lead ${leadId} was not found.` };
  // No check of this process's ATTIO_API_KEY: the worker's key decides, and a worker without one
  // fails the run at its first step with MISSING_ATTIO_KEY_MESSAGE, which this returns.

  let client: Client;
  try {
    client = await deps.getClient();
  } catch (err) {
    return { success: false, error: err instanceof TemporalUnavailableError ? err.message : "Cannot reach the Temporal server." };
  }

  const workflowId = leadWorkflowId(leadId);
  const input: SyncLeadInput = { leadId, trigger: "manual", requestedAt: new Date().toISOString() };
  let handle: Awaited<ReturnType<Client["workflow"]["start"]>>;
  try {
    handle = await client.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      client.workflow.start(SYNC_WORKFLOW_TYPE, {
        taskQueue: deps.settings.taskQueue,
        workflowId,
        args: [input],
        // A click while a run is in flight attaches to it; after it closed, a new run starts.
        workflowIdConflictPolicy: "USE_EXISTING",
        workflowIdReusePolicy: "ALLOW_DUPLICATE",
      }),
    );
  } catch (err) {
    return { success: false, error: temporalErrorMessage(err, deps.settings) };
  }
  onStarted(handle.firstExecutionRunId);

  try {
    const result: SyncLeadResult = await client.withDeadline(Date.now() + (deps.waitMs ?? 25_000), () => handle.result());
    return { success: true, personId: result.personId, companyId: result.companyId ?? undefined, syncedAt: result.syncedAt };
  } catch (err) {
    if (err instanceof WorkflowFailedError) return { success: false, error: innermostMessage(err) };
    if (hasGrpcCode(err, GrpcCode.DEADLINE_EXCEEDED))
      return {
        success: false,
        running: true,
        runId: handle.firstExecutionRunId,
        error: "Still syncing; the status will update when the run finishes.",
      };
    return { success: false, error: temporalErrorMessage(err, deps.settings) };
  }
}

function temporalErrorMessage(err: unknown, settings: TemporalSettings): string {
  if (err instanceof WorkflowNotFoundError) return "The sync run was not found in Temporal.";
  return `The Temporal server at ${settings.address} did not answer. Is it running? Start it with \`npm run dev\`.`;
}
