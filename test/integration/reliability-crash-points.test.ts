import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { createLeadWithEvidence, leadAt } from "../../prisma/lead-fixtures";
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
  const h = useSyncHarness({
    // SQLite in both passes: the "crash while saving" case holds SQLite's write lock directly.
    provider: "sqlite",
    fake: { latencyMs: 400 },
    attioTimeoutMs: 5000,
    worker: { kind: "process", taskQueuePrefix: "crash", prebuiltBundle: true, stickyTimeoutMs: 1_000 },
    resetFakeAfterEach: true,
  });
  const options = { timing: FAST_TIMING, workflowTaskTimeout: "3s" };

  it("finds the company Attio created while the worker died by its name instead of creating a second", async () => {
    // No usable domain (free mail), so the company is matched by name: query, then create. That
    // create is the one a lost answer could duplicate.
    const lead = await createLeadWithEvidence(h.db.prisma, {
      name: "Crash Company",
      email: "crash.company@gmail.com",
      companyName: "Crash Point Co",
      companyDomain: null,
    });
    const creates = () => requestsTo(h.fake, "POST", /^\/v2\/objects\/companies\/records$/);

    const handle = await startSync(h.client, h.taskQueue, lead.id, options);
    await waitFor(() => creates().length === 1, "the company create to reach Attio", {
      detail: () => describeRun(h.client, handle.workflowId),
    });
    await h.workerProcess.kill();
    await waitFor(() => h.fake.stats().companies === 1, "Attio to apply the create the dead worker sent", { timeoutMs: 5_000 });
    await h.startWorkerProcess();
    const result = await syncResult(handle);

    expectNoDuplicates(h.fake);
    expect(creates()).toHaveLength(1);
    const [company] = h.fake.listRecords("companies") as { id: { record_id: string } }[];
    expect(result.companyId).toBe(company.id.record_id);
    expect((await runRecovery(h.client, handle.workflowId)).retriedAfterTimeout).toBeGreaterThan(0);
  });

  it("finds the note Attio stored while the worker died by its marker instead of adding a second", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Crash Note", "note@crash-note.io"));
    const notePosts = () => requestsTo(h.fake, "POST", /^\/v2\/notes$/);

    const handle = await startSync(h.client, h.taskQueue, lead.id, options);
    await waitFor(() => notePosts().length === 1, "the note to reach Attio", { detail: () => describeRun(h.client, handle.workflowId) });
    await h.workerProcess.kill();
    await waitFor(() => h.fake.stats().notes === 1, "Attio to store the note the dead worker sent", { timeoutMs: 5_000 });
    await h.startWorkerProcess();
    const result = await syncResult(handle);

    expect(notePosts()).toHaveLength(1);
    const notes = fakeNotes(h.fake);
    expect(notes).toHaveLength(1);
    expect(result.noteId).toBe(notes[0].id.note_id);
    expect(notes[0].content_markdown).toContain(syncMarker(handle.workflowId, handle.firstExecutionRunId));
    // The retried step looked for its marker (the first attempt had skipped that lookup).
    expect(requestsTo(h.fake, "GET", /^\/v2\/notes$/).length).toBeGreaterThan(0);
  });

  it("stores the outcome once another worker takes over from one killed while saving it", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Crash Save", "save@crash-save.io"));
    // A second connection holding SQLite's write lock keeps the worker inside the save step
    // (better-sqlite3 waits up to 5 s for the lock) until it is killed there.
    const blocker = new Database(h.db.url.slice("file:".length));
    try {
      const handle = await startSync(h.client, h.taskQueue, lead.id, options);
      await waitFor(() => requestsTo(h.fake, "POST", /^\/v2\/notes$/).length === 1, "the note to reach Attio", {
        detail: () => describeRun(h.client, handle.workflowId),
      });
      blocker.exec("BEGIN IMMEDIATE");
      // The Attio steps (company, person, note, CRM) completed and the workflow task that saves the
      // outcome has started.
      await waitFor(
        async () => {
          const types = await historyEventTypes(h.client, handle.workflowId);
          const noteDone = types.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).length === 4;
          return noteDone && types[types.length - 1] === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
        },
        "the save step to start",
        { everyMs: 50, detail: () => describeRun(h.client, handle.workflowId) },
      );
      await new Promise((r) => setTimeout(r, 300));
      await h.workerProcess.kill();
      blocker.exec("ROLLBACK");
      expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSyncStatus).toBe("running");

      await h.startWorkerProcess();
      const result = await syncResult(handle);

      const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
      expect(stored).toMatchObject({
        attioSyncStatus: "synced",
        attioPersonId: result.personId,
        attioCompanyId: result.companyId,
        attioLastRunId: handle.firstExecutionRunId,
      });
      expect(h.fake.stats()).toMatchObject({ people: 1, companies: 1, notes: 1 });
      expectNoDuplicates(h.fake);
      expect((await runRecovery(h.client, handle.workflowId)).workflowTaskRetries).toBeGreaterThan(0);
    } finally {
      if (blocker.inTransaction) blocker.exec("ROLLBACK");
      blocker.close();
    }
  });
});
