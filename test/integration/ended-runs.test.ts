import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, Connection } from "@temporalio/client";
import { inject } from "vitest";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { uniqueTaskQueue } from "../helpers/temporal";
import { SYNC_WORKFLOW_TYPE, leadWorkflowId } from "../../web/src/lib/temporal/contract";
import { reconcileEndedRuns, reconcileLeadRuns, runHeldByLead } from "../../web/src/lib/sync/ended-runs";
import { endedRunMessage, markRunStarted } from "../../web/src/lib/sync/run-state";

/**
 * The one reconcile of runs Temporal closed before they recorded an outcome, against the real
 * Temporal server. The runs are started on a task queue no worker polls and terminated at once,
 * which is exactly what a run terminated from the Temporal UI before its first step looks like.
 */
describe("reconciling runs Temporal ended without an outcome", () => {
  let db: TestDatabase;
  let connection: Connection;
  let client: Client;
  const described: string[] = [];
  const taskQueue = uniqueTaskQueue("ended-runs");

  beforeAll(async () => {
    db = await createTestDatabase();
    connection = await Connection.connect({ address: inject("temporalAddress") });
    // Counts every describe the reconcile sends, by run id.
    client = new Client({
      connection,
      interceptors: {
        workflow: [
          {
            async describe(input, next) {
              described.push(input.workflowExecution.runId ?? "latest");
              return next(input);
            },
          },
        ],
      },
    });
  });
  afterAll(async () => {
    await connection?.close();
    await db?.cleanup();
  });

  /** A lead whose run is marked running (lead and log row) while Temporal has already terminated it. */
  async function leadWithTerminatedRun(name: string) {
    const lead = await createLeadWithEvidence(db.prisma, { name, email: `${name.replace(/\W/g, "").toLowerCase()}@ended.example` });
    const workflowId = leadWorkflowId(lead.id);
    const handle = await client.workflow.start(SYNC_WORKFLOW_TYPE, { taskQueue, workflowId, args: [{ leadId: lead.id }] });
    await handle.terminate("terminated from the Temporal UI");
    const run = { leadId: lead.id, workflowId, runId: handle.firstExecutionRunId };
    await markRunStarted(db.prisma, { ...run, startedAt: new Date() });
    return run;
  }

  it("describes a lead page's run once, though the lead and its log row both name it, and closes both with one message", async () => {
    const run = await leadWithTerminatedRun("Lead Page Run");
    described.length = 0;
    const result = await reconcileLeadRuns(run.leadId, { prisma: db.prisma, getClient: async () => client });
    expect(described).toEqual([run.runId]);
    expect(result).toEqual({ leadIds: [run.leadId], rows: 1 });
    const lead = await db.prisma.lead.findUniqueOrThrow({ where: { id: run.leadId } });
    const row = await db.prisma.syncRun.findUniqueOrThrow({ where: { runId: run.runId } });
    expect(lead).toMatchObject({ attioSyncStatus: "failed", attioSyncError: endedRunMessage("terminated") });
    expect(row).toMatchObject({ status: "failed", error: endedRunMessage("terminated") });
  });

  it("asks nothing when no run is marked running", async () => {
    const lead = await createLeadWithEvidence(db.prisma, { name: "Idle Lead", email: "idle@ended.example" });
    described.length = 0;
    expect(await reconcileLeadRuns(lead.id, { prisma: db.prisma, getClient: async () => client })).toEqual({ leadIds: [], rows: 0 });
    expect(described).toEqual([]);
  });

  it("leaves the stored state alone when Temporal cannot be reached", async () => {
    const run = await leadWithTerminatedRun("No Temporal");
    const lead = await db.prisma.lead.findUniqueOrThrow({ where: { id: run.leadId } });
    const unreachable = async (): Promise<Client> => {
      throw new Error("no server");
    };
    expect(await reconcileEndedRuns([runHeldByLead(lead)], { prisma: db.prisma, getClient: unreachable })).toEqual({
      leadIds: [],
      rows: 0,
    });
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: run.leadId } })).attioSyncStatus).toBe("running");
  });
});
