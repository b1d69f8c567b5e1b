// The worker process as deployed: its stdout is JSON lines (sync outcomes, Attio failures,
// alerts, Temporal's own logs) without secrets or personal data, and its readiness listener
// answers for the worker, its Temporal connection and the Attio budget in the database.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FAKE_ATTIO_FULL_SCOPES } from "../../fake-attio/server";
import { createLeadWithEvidence, leadAt } from "../../prisma/lead-fixtures";
import { freePort } from "../../scripts/lib/ports";
import { useSyncHarness } from "../helpers/harness";
import { FAST_TIMING, startSync, syncResult, waitFor } from "../helpers/reliability";
import { uniqueTaskQueue } from "../helpers/temporal";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { startWorkerProcess, type WorkerProcess } from "../helpers/worker-process";

type Line = Record<string, unknown>;

/** Every line the worker wrote to stdout, parsed; a line that is not JSON fails the test. */
function stdoutLines(worker: WorkerProcess): Line[] {
  return worker
    .stdout()
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      try {
        return JSON.parse(l) as Line;
      } catch {
        throw new Error(`not a JSON line on the worker's stdout: ${l}`);
      }
    });
}

async function readiness(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/ready`);
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, Line> } };
}

describe("the worker process's logs and readiness", () => {
  // Distinctive, so finding it in a line can only mean a leak.
  const API_KEY = `leadsync-secret-${randomUUID()}`;
  const h = useSyncHarness({
    fake: { tokens: { [API_KEY]: { scopes: FAKE_ATTIO_FULL_SCOPES } } },
    attioApiKey: API_KEY,
    client: true,
    resetFakeAfterEach: true,
  });
  let worker: WorkerProcess;
  let receiver: WebhookReceiver;
  let healthPort: number;
  const taskQueue = uniqueTaskQueue("logs");

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    healthPort = await freePort();
    worker = await startWorkerProcess({
      client: h.client,
      taskQueue,
      databaseUrl: h.db.url,
      env: { ...h.attioEnv, LEADSYNC_ALERT_WEBHOOK_URL: receiver.url, LEADSYNC_WORKER_HEALTH_PORT: String(healthPort) },
    });
  });
  afterEach(() => h.fake.setFaults({}));
  afterAll(async () => {
    await worker?.stop();
    await receiver?.close();
  });

  it("writes one sync.outcome line per sync, with its run id, workflow id and lead id", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Ada Outcome", "ada@outcome-logs.example"));
    const handle = await startSync(h.client, taskQueue, lead.id, { timing: FAST_TIMING });
    await syncResult(handle);
    const runId = handle.firstExecutionRunId;
    await waitFor(() => stdoutLines(worker).some((l) => l.runId === runId && l.event === "sync.outcome"), "the outcome line");

    const outcomes = stdoutLines(worker).filter((l) => l.event === "sync.outcome" && l.leadId === lead.id);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      outcome: "synced",
      leadId: lead.id,
      workflowId: handle.workflowId,
      runId,
      name: "leadsync-worker",
    });
  });

  it("writes an attio.failure line per failed Attio request, with its status and the run's ids", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Grace Failure", "grace@failure-logs.example"));
    h.fake.setFaults({ errorRate: 1, errorStatus: 503, only: ["POST /v2/notes"] });
    const handle = await startSync(h.client, taskQueue, lead.id, { timing: FAST_TIMING });
    const runId = handle.firstExecutionRunId;
    await waitFor(() => stdoutLines(worker).some((l) => l.event === "attio.failure" && l.runId === runId), "an Attio failure line");
    h.fake.setFaults({});
    await syncResult(handle);

    const failure = stdoutLines(worker).find((l) => l.event === "attio.failure" && l.runId === runId);
    expect(failure).toMatchObject({ status: 503, retryable: true, leadId: lead.id, workflowId: handle.workflowId, level: 40 });
    expect(String(failure?.msg)).toMatch(/Attio 503/);
  });

  it("writes a failed sync's outcome and its alert as lines, and the alert reaches the webhook", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Rejected Alert", "rejected@alert-logs.example"));
    h.fake.setFaults({ errorRate: 1, errorStatus: 400, appliesTo: "writes" });
    const handle = await startSync(h.client, taskQueue, lead.id, { timing: FAST_TIMING });
    await expect(handle.result()).rejects.toThrow();
    const runId = handle.firstExecutionRunId;
    await waitFor(() => stdoutLines(worker).some((l) => l.event === "alert" && l.runId === runId), "the alert line");

    const lines = stdoutLines(worker).filter((l) => l.runId === runId);
    expect(lines.filter((l) => l.event === "sync.outcome")).toEqual([expect.objectContaining({ outcome: "failed", leadId: lead.id })]);
    expect(lines.find((l) => l.event === "alert")).toMatchObject({
      outcome: "sent",
      kind: "lead",
      leadId: lead.id,
      workflowId: handle.workflowId,
    });
    expect(receiver.received.length).toBeGreaterThan(0);
  });

  it("never writes a lead's email, its name, the API key or the alert webhook's URL", () => {
    const out = worker.output();
    expect(out).toMatch(/sync\.outcome/); // the syncs above were logged...
    for (const text of [
      "ada@outcome-logs.example",
      "grace@failure-logs.example",
      "rejected@alert-logs.example",
      "Ada Outcome",
      API_KEY,
      receiver.url,
    ]) {
      expect(out, text).not.toContain(text); // ...without any of these
    }
  });

  it("forwards Temporal's own logs as lines, the worker's state among them", () => {
    expect(stdoutLines(worker).some((l) => l.temporal === true && l.state === "RUNNING")).toBe(true);
  });

  it("answers ready with 200 once it runs, reaches Temporal and the Attio budget", async () => {
    const { status, body } = await readiness(healthPort);
    expect(status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.worker).toMatchObject({ ok: true, state: "RUNNING" });
    expect(body.checks.temporal).toMatchObject({ ok: true });
    expect(body.checks.attioBudget).toMatchObject({ ok: true });
  });

  it("answers only /ready, and only on 127.0.0.1", async () => {
    expect((await fetch(`http://127.0.0.1:${healthPort}/metrics`)).status).toBe(404);
    expect(stdoutLines(worker).find((l) => l.port === healthPort)?.msg).toBe(`readiness on http://127.0.0.1:${healthPort}/ready`);
  });

  describe("with its database unreachable", () => {
    let stranded: WorkerProcess;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      // Nothing listens on a port freePort() just found free.
      const deadDatabase = `postgresql://leadsync:pw@127.0.0.1:${await freePort()}/leadsync`;
      stranded = await startWorkerProcess({
        client: h.client,
        taskQueue: uniqueTaskQueue("logs-nodb"),
        databaseUrl: deadDatabase,
        env: { ...h.attioEnv, LEADSYNC_WORKER_HEALTH_PORT: String(port) },
      });
    });
    afterAll(() => stranded?.stop());

    it("answers ready with 503 naming the Attio budget, while it runs and reaches Temporal", async () => {
      const { status, body } = await readiness(port);
      expect(status).toBe(503);
      expect(body.checks.attioBudget).toMatchObject({ ok: false, reason: "unreachable" });
      expect(body.checks.worker).toMatchObject({ ok: true });
      expect(body.checks.temporal).toMatchObject({ ok: true });
      expect(JSON.stringify(body)).not.toContain(":pw@");
    });
  });
});
