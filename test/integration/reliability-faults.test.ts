import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { FAKE_ATTIO_FULL_SCOPES } from "../../fake-attio/server";
import { createLeadWithEvidence, leadAt, dedupPathLead } from "../../prisma/lead-fixtures";
import { FAST_TIMING, expectNoDuplicates, fakeNotes, historyBytes, runRecovery, startSync, syncResult } from "../helpers/reliability";

/**
 * The fake Attio misbehaves the ways real Attio and networks do: bursts of 429 with a Retry-After
 * date, random 503s, requests that hang past the client's timeout, and writes that are applied
 * but whose answer is lost (503 after processing). A real worker process runs the syncs.
 */
describe("syncLeadWorkflow against a failing Attio", () => {
  // Distinctive, so finding it anywhere (history, logs, notes) can only mean a leak.
  const API_KEY = `leadsync-secret-${randomUUID()}`;
  const h = useSyncHarness({
    fake: { tokens: { [API_KEY]: { scopes: FAKE_ATTIO_FULL_SCOPES } } },
    attioApiKey: API_KEY,
    // Short client timeout, so a hung request becomes a retried timeout quickly.
    attioTimeoutMs: 1000,
    worker: { kind: "process", taskQueuePrefix: "faults", prebuiltBundle: true },
    resetFakeAfterEach: true,
  });

  const leadFixture = (i: number) =>
    dedupPathLead(i, { person: "Faulty Lead", company: "Fault Co" }, ["email-and-domain", "free-mail", "name-only"]);

  it("completes every sync through 5xx, 429 bursts, timeouts and lost answers, writing nothing twice and nothing before a Retry-After date", async ({
    onTestFailed,
  }) => {
    const SYNCS = 12;
    const leads = [];
    for (let i = 0; i < SYNCS; i++) leads.push(await createLeadWithEvidence(h.db.prisma, leadFixture(i)));
    h.fake.setFaults({
      burst429: 8,
      errorRate: 0.15,
      errorStatus: 503,
      timeoutRate: 0.08,
      timeoutMs: 4_000,
      failAfterProcessingRate: 0.12,
      seed: 20261127,
    });

    const handles = await Promise.all(leads.map((lead) => startSync(h.client, h.taskQueue, lead.id, { timing: FAST_TIMING })));
    // A failed attempt (e.g. a timeout on a loaded machine) ends its runs, so a retry counts only its own writes.
    onTestFailed(async () => {
      await Promise.all(handles.map((handle) => handle.terminate("test attempt failed").catch(() => undefined)));
    });
    const results = await Promise.all(handles.map(syncResult));

    const stats = h.fake.stats();
    const lostAnswers = h.fake.requests().filter((r) => r.fault === "failAfterProcessing").length;
    let retried = 0;
    for (const handle of handles) retried += (await runRecovery(h.client, handle.workflowId)).retriedActivities;
    console.log(
      `[reliability-faults] syncs=${SYNCS} requests=${stats.requests} status429=${stats.status429} status5xx=${stats.status5xx} ` +
        `timeouts=${stats.timeouts} lostAnswers=${lostAnswers} retriedActivities=${retried} earlyRetries=${stats.earlyRetries} ` +
        `duplicates=${JSON.stringify(stats.duplicates)}`,
    );
    expect(results).toHaveLength(SYNCS);
    expectNoDuplicates(h.fake);
    expect(stats).toMatchObject({ people: SYNCS, companies: SYNCS, notes: SYNCS, earlyRetries: 0 });
    // Every kind of fault did happen.
    expect(stats.status429).toBeGreaterThanOrEqual(8);
    expect(stats.status5xx).toBeGreaterThan(lostAnswers);
    expect(stats.timeouts).toBeGreaterThan(0);
    expect(lostAnswers).toBeGreaterThan(0);
  }, 90_000);

  it("attaches 20 concurrent starts for one lead to one run that adds one note", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Many Clicks", "clicks@many-clicks.io"));
    h.fake.setLatency(200); // the run outlives the burst of starts

    const handles = await Promise.all(Array.from({ length: 20 }, () => startSync(h.client, h.taskQueue, lead.id, { timing: FAST_TIMING })));
    const results = await Promise.all(handles.map(syncResult));

    expect(new Set(handles.map((handle) => handle.firstExecutionRunId)).size).toBe(1);
    expect(new Set(results.map((r) => r.noteId)).size).toBe(1);
    expect(h.fake.stats()).toMatchObject({ people: 1, companies: 1, notes: 1 });
  });

  it("keeps the API key out of the workflow history, the worker's output and the note, even when the lead's text contains it", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Pasted Key", "pasted@pasted-key.io"));
    await h.db.prisma.draft.updateMany({
      where: { leadId: lead.id },
      data: { content: `Try: curl -H "Authorization: Bearer ${API_KEY}" ... or just ${API_KEY}` },
    });
    await h.db.prisma.sourceSignal.update({ where: { leadId: lead.id }, data: { excerpt: `leaked token ${API_KEY} in a gist` } });
    // Failures make the worker log errors (with messages and details) and put failures in history.
    h.fake.setFaults({ errorRate: 0.4, errorStatus: 503, seed: 7 });
    const ok = await startSync(h.client, h.taskQueue, lead.id, { timing: FAST_TIMING });
    await syncResult(ok);
    const rejected = await createLeadWithEvidence(h.db.prisma, leadAt("Rejected Key", "rejected@rejected-key.io"));
    h.fake.setFaults({ errorRate: 1, errorStatus: 401 });
    const failed = await startSync(h.client, h.taskQueue, rejected.id, { timing: FAST_TIMING });
    await expect(failed.result()).rejects.toThrow();

    const base64Key = Buffer.from(API_KEY).toString("base64");
    for (const handle of [ok, failed]) {
      const history = await historyBytes(h.client, handle.workflowId);
      // Positive control: payloads are searchable as raw bytes (the lead's email is in them).
      expect(history.includes(handle === ok ? "pasted@pasted-key.io" : "rejected@rejected-key.io")).toBe(true);
      expect(history.includes(API_KEY)).toBe(false);
      expect(history.includes(base64Key)).toBe(false);
    }
    const output = h.workerProcess.output();
    expect(output).toMatch(/Attio 503/); // the failures were logged...
    expect(output).not.toContain(API_KEY); // ...without the key
    const [note] = fakeNotes(h.fake);
    expect(note.content_markdown).toContain("REDACTED"); // Markdown-escaped: \[REDACTED\]
    expect(JSON.stringify(h.fake.listNotes())).not.toContain(API_KEY);
  });
});
