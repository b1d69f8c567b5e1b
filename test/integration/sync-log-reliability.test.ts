import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@temporalio/client";
import { startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { connectTestClient, uniqueTaskQueue } from "../helpers/temporal";
import { prebuildWorkflowBundle, startWorkerProcess, type WorkflowBundleFile, type WorkerProcess } from "../helpers/worker-process";
import { FAST_TIMING, startSync, syncResult } from "../helpers/reliability";
import { endedRunMessage } from "../../web/src/lib/sync/run-state";
import { reconcileEndedRuns, runsLoggedRunning } from "../../web/src/lib/sync/ended-runs";

/**
 * The sync log stays right when a run does not end normally: its worker process is SIGKILLed
 * mid-run (the run goes on elsewhere and writes its own outcome), or the run is terminated from
 * the Temporal UI (it never writes one, so the log page's reconciliation closes its row).
 */
describe("the sync log after a worker SIGKILL and a terminate from Temporal", () => {
  let db: TestDatabase;
  let fake: FakeAttio;
  let client: Client;
  let worker: WorkerProcess | undefined;
  let bundle: WorkflowBundleFile | undefined;
  const taskQueue = uniqueTaskQueue("log-kill");

  const startWorker = () =>
    startWorkerProcess({
      client,
      taskQueue,
      databaseUrl: db.url,
      bundlePath: bundle!.path,
      stickyTimeoutMs: 1_000,
      env: { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl, ATTIO_TIMEOUT_MS: "15000" },
    });
  const reconcileDeps = () => ({ prisma: db.prisma, getClient: async () => client });
  const reconcileLog = async () => (await reconcileEndedRuns(await runsLoggedRunning(db.prisma), reconcileDeps())).rows;
  const rowsOf = (workflowId: string) => db.prisma.syncRun.findMany({ where: { workflowId } });

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeAttio();
    client = await connectTestClient();
    bundle = await prebuildWorkflowBundle();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.stop();
    await fake?.close();
    await db?.cleanup();
    bundle?.remove();
  });

  it("keeps one row per run through a SIGKILL, running while the run is, then synced", async () => {
    const lead = await createLeadWithEvidence(db.prisma, { name: "Killed Mid Log", email: "killed@log-kill.io", companyName: "Log Kill" });
    fake.setLatency(1_500);
    const handle = await startSync(client, taskQueue, lead.id, { timing: FAST_TIMING, workflowTaskTimeout: "3s" });
    await expect.poll(async () => (await rowsOf(handle.workflowId)).map((r) => r.status), { timeout: 30_000 }).toEqual(["running"]);

    await worker!.kill();
    // The run is still running in Temporal: the log must not call it failed.
    expect(await reconcileLog()).toBe(0);
    expect((await rowsOf(handle.workflowId)).map((r) => r.status)).toEqual(["running"]);

    fake.setLatency(0);
    worker = await startWorker();
    await syncResult(handle);
    const rows = await rowsOf(handle.workflowId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ runId: handle.firstExecutionRunId, status: "synced", error: null });
    expect(rows[0]!.finishedAt).not.toBeNull();
    expect(await reconcileLog()).toBe(0);
  }, 120_000);

  it("closes the row of a run terminated from Temporal as failed, with Temporal's close time", async () => {
    const lead = await createLeadWithEvidence(db.prisma, { name: "Terminated Log", email: "term@log-kill.io", companyName: "Log Term" });
    fake.setLatency(5_000);
    try {
      const handle = await startSync(client, taskQueue, lead.id, { timing: FAST_TIMING });
      await expect.poll(async () => (await rowsOf(handle.workflowId)).map((r) => r.status), { timeout: 30_000 }).toEqual(["running"]);
      await client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).terminate("terminated from the Temporal UI");
      const closed = await client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe();
      expect(closed.status.name).toBe("TERMINATED");
      // Nothing in the run wrote an outcome: without reconciliation the row says running forever.
      expect((await rowsOf(handle.workflowId)).map((r) => r.status)).toEqual(["running"]);

      expect(await reconcileLog()).toBe(1);
      const [row] = await rowsOf(handle.workflowId);
      expect(row).toMatchObject({ status: "failed", error: endedRunMessage("terminated") });
      expect(row!.error).toMatch(/terminated in Temporal/);
      expect(row!.finishedAt!.toISOString()).toBe(closed.closeTime!.toISOString());
    } finally {
      fake.setLatency(0);
    }
  }, 120_000);
});
