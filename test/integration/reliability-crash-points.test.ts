import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@temporalio/client";
import { startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { connectTestClient, uniqueTaskQueue } from "../helpers/temporal";
import { prebuildWorkflowBundle, startWorkerProcess, type WorkflowBundleFile, type WorkerProcess } from "../helpers/worker-process";
import {
  EventType,
  describeRun,
  FAST_TIMING,
  expectNoDuplicates,
  fakeNotes,
  historyEventTypes,
  requestsTo,
  runRecovery,
  startSync,
  syncResult,
  waitFor,
} from "../helpers/reliability";
import { syncMarker } from "../../web/src/lib/note/build-note";

/**
 * The worker process is SIGKILLed at chosen points of a run: after Attio received a write but
 * before the answer came back (the fake holds every answer 400 ms, then applies the write anyway,
 * as Attio would for a client that hung up), and while the outcome is being saved. Each time a
 * new worker process takes over and the run must converge without writing anything twice.
 */
describe("syncLeadWorkflow killed at each crash point", { timeout: 90_000 }, () => {
  let db: TestDatabase;
  let fake: FakeAttio;
  let client: Client;
  let worker: WorkerProcess | undefined;
  let bundle: WorkflowBundleFile | undefined;
  const taskQueue = uniqueTaskQueue("crash");
  const options = { timing: FAST_TIMING, workflowTaskTimeout: "3s" };

  const startWorker = () =>
    startWorkerProcess({
      client,
      taskQueue,
      databaseUrl: db.url,
      bundlePath: bundle!.path,
      stickyTimeoutMs: 1_000,
      env: { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl, ATTIO_TIMEOUT_MS: "5000" },
    });

  beforeAll(async () => {
    // SQLite in both passes: the "crash while saving" case holds SQLite's write lock directly.
    db = await createTestDatabase({ provider: "sqlite" });
    fake = await startFakeAttio({ latencyMs: 400 });
    client = await connectTestClient();
    bundle = await prebuildWorkflowBundle();
    worker = await startWorker();
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await worker?.stop();
    await fake?.close();
    await db?.cleanup();
    bundle?.remove();
  });

  it("finds the company Attio created while the worker died by its name instead of creating a second", async () => {
    // No usable domain (free mail), so the company is matched by name: query, then create. That
    // create is the one a lost answer could duplicate.
    const lead = await createLeadWithEvidence(db.prisma, {
      name: "Crash Company",
      email: "crash.company@gmail.com",
      companyName: "Crash Point Co",
      companyDomain: null,
    });
    const creates = () => requestsTo(fake, "POST", /^\/v2\/objects\/companies\/records$/);

    const handle = await startSync(client, taskQueue, lead.id, options);
    await waitFor(() => creates().length === 1, "the company create to reach Attio", {
      detail: () => describeRun(client, handle.workflowId),
    });
    await worker!.kill();
    await waitFor(() => fake.stats().companies === 1, "Attio to apply the create the dead worker sent", { timeoutMs: 5_000 });
    worker = await startWorker();
    const result = await syncResult(handle);

    expectNoDuplicates(fake);
    expect(creates()).toHaveLength(1);
    const [company] = fake.listRecords("companies") as { id: { record_id: string } }[];
    expect(result.companyId).toBe(company.id.record_id);
    expect((await runRecovery(client, handle.workflowId)).retriedAfterTimeout).toBeGreaterThan(0);
  });

  it("finds the note Attio stored while the worker died by its marker instead of adding a second", async () => {
    const lead = await createLeadWithEvidence(db.prisma, {
      name: "Crash Note",
      email: "note@crash-note.io",
      companyName: "Crash Note",
      companyDomain: "crash-note.io",
    });
    const notePosts = () => requestsTo(fake, "POST", /^\/v2\/notes$/);

    const handle = await startSync(client, taskQueue, lead.id, options);
    await waitFor(() => notePosts().length === 1, "the note to reach Attio", { detail: () => describeRun(client, handle.workflowId) });
    await worker!.kill();
    await waitFor(() => fake.stats().notes === 1, "Attio to store the note the dead worker sent", { timeoutMs: 5_000 });
    worker = await startWorker();
    const result = await syncResult(handle);

    expect(notePosts()).toHaveLength(1);
    const notes = fakeNotes(fake);
    expect(notes).toHaveLength(1);
    expect(result.noteId).toBe(notes[0].id.note_id);
    expect(notes[0].content_markdown).toContain(syncMarker(handle.workflowId, handle.firstExecutionRunId));
    // The retried step looked for its marker (the first attempt had skipped that lookup).
    expect(requestsTo(fake, "GET", /^\/v2\/notes$/).length).toBeGreaterThan(0);
  });

  it("stores the outcome once another worker takes over from one killed while saving it", async () => {
    const lead = await createLeadWithEvidence(db.prisma, {
      name: "Crash Save",
      email: "save@crash-save.io",
      companyName: "Crash Save",
      companyDomain: "crash-save.io",
    });
    // A second connection holding SQLite's write lock keeps the worker inside the save step
    // (better-sqlite3 waits up to 5 s for the lock) until it is killed there.
    const blocker = new Database(db.url.slice("file:".length));
    try {
      const handle = await startSync(client, taskQueue, lead.id, options);
      await waitFor(() => requestsTo(fake, "POST", /^\/v2\/notes$/).length === 1, "the note to reach Attio", {
        detail: () => describeRun(client, handle.workflowId),
      });
      blocker.exec("BEGIN IMMEDIATE");
      // The note step completed and the workflow task that saves the outcome has started.
      await waitFor(
        async () => {
          const types = await historyEventTypes(client, handle.workflowId);
          const noteDone = types.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).length === 3;
          return noteDone && types[types.length - 1] === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
        },
        "the save step to start",
        { everyMs: 50, detail: () => describeRun(client, handle.workflowId) },
      );
      await new Promise((r) => setTimeout(r, 300));
      await worker!.kill();
      blocker.exec("ROLLBACK");
      expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSyncStatus).toBe("running");

      worker = await startWorker();
      const result = await syncResult(handle);

      const stored = await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
      expect(stored).toMatchObject({
        attioSyncStatus: "synced",
        attioPersonId: result.personId,
        attioCompanyId: result.companyId,
        attioLastRunId: handle.firstExecutionRunId,
      });
      expect(fake.stats()).toMatchObject({ people: 1, companies: 1, notes: 1 });
      expectNoDuplicates(fake);
      expect((await runRecovery(client, handle.workflowId)).workflowTaskRetries).toBeGreaterThan(0);
    } finally {
      if (blocker.inTransaction) blocker.exec("ROLLBACK");
      blocker.close();
    }
  });
});
