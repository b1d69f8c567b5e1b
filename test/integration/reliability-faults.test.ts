import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@temporalio/client";
import { FAKE_ATTIO_FULL_SCOPES, startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createLeadWithEvidence, type LeadFixture } from "../../prisma/lead-fixtures";
import { connectTestClient, uniqueTaskQueue } from "../helpers/temporal";
import { prebuildWorkflowBundle, startWorkerProcess, type WorkflowBundleFile, type WorkerProcess } from "../helpers/worker-process";
import { FAST_TIMING, expectNoDuplicates, fakeNotes, historyBytes, runRecovery, startSync, syncResult } from "../helpers/reliability";

/**
 * The fake Attio misbehaves the ways real Attio and networks do: bursts of 429 with a Retry-After
 * date, random 503s, requests that hang past the client's timeout, and writes that are applied
 * but whose answer is lost (503 after processing). A real worker process runs the syncs.
 */
describe("syncLeadWorkflow against a failing Attio", () => {
  // Distinctive, so finding it anywhere (history, logs, notes) can only mean a leak.
  const API_KEY = `leadsync-secret-${randomUUID()}`;
  let db: TestDatabase;
  let fake: FakeAttio;
  let client: Client;
  let worker: WorkerProcess;
  let bundle: WorkflowBundleFile | undefined;
  const taskQueue = uniqueTaskQueue("faults");

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeAttio({ tokens: { [API_KEY]: { scopes: FAKE_ATTIO_FULL_SCOPES } } });
    client = await connectTestClient();
    bundle = await prebuildWorkflowBundle();
    worker = await startWorkerProcess({
      client,
      taskQueue,
      databaseUrl: db.url,
      bundlePath: bundle.path,
      // Short client timeout, so a hung request becomes a retried timeout quickly.
      env: { ATTIO_API_KEY: API_KEY, ATTIO_BASE_URL: fake.baseUrl, ATTIO_TIMEOUT_MS: "1000" },
    });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await worker?.stop();
    await fake?.close();
    await db?.cleanup();
    bundle?.remove();
  });

  function fixture(i: number): LeadFixture {
    const base = { name: `Faulty Lead ${i}`, companyName: `Fault Co ${i}`, linkedinUrl: `https://www.linkedin.com/in/faulty-lead-${i}` };
    switch (i % 3) {
      case 0:
        return { ...base, email: `lead${i}@fault-co${i}.io`, companyDomain: `fault-co${i}.io` };
      case 1:
        return { ...base, email: `faulty.lead.${i}@gmail.com`, companyDomain: null };
      default:
        return { ...base, email: null, companyDomain: null };
    }
  }

  it("completes every sync through 5xx, 429 bursts, timeouts and lost answers, writing nothing twice and nothing before a Retry-After date", async () => {
    const SYNCS = 12;
    const leads = [];
    for (let i = 0; i < SYNCS; i++) leads.push(await createLeadWithEvidence(db.prisma, fixture(i)));
    fake.setFaults({
      burst429: 8,
      errorRate: 0.15,
      errorStatus: 503,
      timeoutRate: 0.08,
      timeoutMs: 4_000,
      failAfterProcessingRate: 0.12,
      seed: 20261127,
    });

    const handles = await Promise.all(leads.map((lead) => startSync(client, taskQueue, lead.id, { timing: FAST_TIMING })));
    const results = await Promise.all(handles.map(syncResult));

    const stats = fake.stats();
    const lostAnswers = fake.requests().filter((r) => r.fault === "failAfterProcessing").length;
    let retried = 0;
    for (const h of handles) retried += (await runRecovery(client, h.workflowId)).retriedActivities;
    console.log(
      `[reliability-faults] syncs=${SYNCS} requests=${stats.requests} status429=${stats.status429} status5xx=${stats.status5xx} ` +
        `timeouts=${stats.timeouts} lostAnswers=${lostAnswers} retriedActivities=${retried} earlyRetries=${stats.earlyRetries} ` +
        `duplicates=${JSON.stringify(stats.duplicates)}`,
    );
    expect(results).toHaveLength(SYNCS);
    expectNoDuplicates(fake);
    expect(stats).toMatchObject({ people: SYNCS, companies: SYNCS, notes: SYNCS, earlyRetries: 0 });
    // Every kind of fault did happen.
    expect(stats.status429).toBeGreaterThanOrEqual(8);
    expect(stats.status5xx).toBeGreaterThan(lostAnswers);
    expect(stats.timeouts).toBeGreaterThan(0);
    expect(lostAnswers).toBeGreaterThan(0);
  }, 90_000);

  it("attaches 20 concurrent starts for one lead to one run that adds one note", async () => {
    const lead = await createLeadWithEvidence(db.prisma, {
      name: "Many Clicks",
      email: "clicks@many-clicks.io",
      companyName: "Many Clicks",
      companyDomain: "many-clicks.io",
    });
    fake.setLatency(200); // the run outlives the burst of starts

    const handles = await Promise.all(Array.from({ length: 20 }, () => startSync(client, taskQueue, lead.id, { timing: FAST_TIMING })));
    const results = await Promise.all(handles.map(syncResult));

    expect(new Set(handles.map((h) => h.firstExecutionRunId)).size).toBe(1);
    expect(new Set(results.map((r) => r.noteId)).size).toBe(1);
    expect(fake.stats()).toMatchObject({ people: 1, companies: 1, notes: 1 });
  });

  it("keeps the API key out of the workflow history, the worker's output and the note, even when the lead's text contains it", async () => {
    const lead = await createLeadWithEvidence(db.prisma, {
      name: "Pasted Key",
      email: "pasted@pasted-key.io",
      companyName: "Pasted Key",
      companyDomain: "pasted-key.io",
    });
    await db.prisma.draft.updateMany({
      where: { leadId: lead.id },
      data: { content: `Try: curl -H "Authorization: Bearer ${API_KEY}" ... or just ${API_KEY}` },
    });
    await db.prisma.sourceSignal.update({ where: { leadId: lead.id }, data: { excerpt: `leaked token ${API_KEY} in a gist` } });
    // Failures make the worker log errors (with messages and details) and put failures in history.
    fake.setFaults({ errorRate: 0.4, errorStatus: 503, seed: 7 });
    const ok = await startSync(client, taskQueue, lead.id, { timing: FAST_TIMING });
    await syncResult(ok);
    const rejected = await createLeadWithEvidence(db.prisma, {
      name: "Rejected Key",
      email: "rejected@rejected-key.io",
      companyName: "Rejected Key",
      companyDomain: "rejected-key.io",
    });
    fake.setFaults({ errorRate: 1, errorStatus: 401 });
    const failed = await startSync(client, taskQueue, rejected.id, { timing: FAST_TIMING });
    await expect(failed.result()).rejects.toThrow();

    const base64Key = Buffer.from(API_KEY).toString("base64");
    for (const handle of [ok, failed]) {
      const history = await historyBytes(client, handle.workflowId);
      // Positive control: payloads are searchable as raw bytes (the lead's email is in them).
      expect(history.includes(handle === ok ? "pasted@pasted-key.io" : "rejected@rejected-key.io")).toBe(true);
      expect(history.includes(API_KEY)).toBe(false);
      expect(history.includes(base64Key)).toBe(false);
    }
    const output = worker.output();
    expect(output).toMatch(/Attio 503/); // the failures were logged...
    expect(output).not.toContain(API_KEY); // ...without the key
    const [note] = fakeNotes(fake);
    expect(note.content_markdown).toContain("REDACTED"); // Markdown-escaped: \[REDACTED\]
    expect(JSON.stringify(fake.listNotes())).not.toContain(API_KEY);
  });
});
