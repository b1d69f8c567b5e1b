import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { useSyncHarness } from "../helpers/harness";
import { startTestWorker, testSettings, testSyncDeps, type TestWorker } from "../helpers/temporal";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { startBulkSync } from "../../web/src/lib/bulk/service";

/** A local HTTP receiver standing in for Slack: records each POST, answers 500 to the first `failFirst`. */
async function startReceiver() {
  const bodies: Record<string, unknown>[] = [];
  let attempts = 0;
  let failFirst = 0;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      attempts++;
      if (attempts <= failFirst) {
        res.writeHead(500).end("down");
        return;
      }
      bodies.push({ ...JSON.parse(raw), contentType: req.headers["content-type"] });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    attempts: () => attempts,
    failNext(n: number) {
      failFirst = attempts + n;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe("failure alerts to a webhook", () => {
  const h = useSyncHarness({ worker: { kind: "in-process", logLevel: "ERROR" }, attioTimeoutMs: 5000, client: true });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let silent: TestWorker;

  beforeAll(async () => {
    receiver = await startReceiver();
    // The harness's worker alerts to the receiver: its activities read its config on every call.
    Object.assign(h.worker.config.alerts, { webhookUrl: receiver.url, publicUrl: "http://app.example" });
    // The default: no webhook configured.
    silent = await startTestWorker({ prisma: h.db.prisma, logLevel: "ERROR", env: h.attioEnv });
  });
  afterEach(() => h.fake.setFaults({}));
  afterAll(async () => {
    await silent?.shutdown();
    await receiver?.close();
  });

  const failSync = async (taskQueue: string, leadId: number) => {
    h.fake.setFaults({ errorRate: 1, errorStatus: 400, appliesTo: "writes" });
    const result = await runLeadSync(leadId, testSyncDeps({ prisma: h.db.prisma, client: h.client, taskQueue }));
    expect(result.success).toBe(false);
    const lead = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
    return { runId: lead.attioLastRunId!, error: lead.attioSyncError! };
  };
  const alertResult = (runId: string) => h.client.workflow.getHandle(`alert-${runId}`).result() as Promise<string>;

  it("posts a failed sync to the webhook as Slack-compatible JSON, retrying while the webhook is down", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, { name: "Alerted <Alice>", email: "alice@alerts.io", companyName: "Alerts" });
    receiver.failNext(2);
    const before = receiver.attempts();
    const { runId, error } = await failSync(h.taskQueue, lead.id);
    expect(await alertResult(runId)).toBe("sent");
    expect(receiver.attempts() - before).toBe(3); // two 500s, then delivered
    expect(receiver.bodies).toHaveLength(1);
    const body = receiver.bodies[0] as { text: string; lead: unknown; error: string; links: Record<string, string>; contentType: string };
    expect(body.contentType).toBe("application/json");
    expect(body.lead).toEqual({ id: lead.id, name: "Alerted <Alice>", url: `http://app.example/leads/${lead.id}` });
    expect(body.error).toBe(error);
    expect(body.links).toEqual({
      lead: `http://app.example/leads/${lead.id}`,
      syncLog: `http://app.example/syncs?lead=${lead.id}`,
      temporalRun: `http://localhost:8233/namespaces/default/workflows/lead-${lead.id}/${runId}/history`,
    });
    // Slack's text: the name escaped for mrkdwn, linked to the lead.
    expect(body.text).toContain(`<http://app.example/leads/${lead.id}|Alerted &lt;Alice&gt;>`);
    expect(body.text).toContain("Attio refused");
  });

  it("alerts at most once per lead per hour", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, { name: "Flaky Fiona", email: "fiona@alerts.io", companyName: "Alerts" });
    const first = await failSync(h.taskQueue, lead.id);
    expect(await alertResult(first.runId)).toBe("sent");
    const count = receiver.bodies.length;
    const second = await failSync(h.taskQueue, lead.id);
    expect(await alertResult(second.runId)).toBe("throttled");
    expect(receiver.bodies).toHaveLength(count);
    // An hour later (the claim's time moved back), the next failure alerts again.
    await h.db.prisma.syncAlert.update({ where: { leadId: lead.id }, data: { lastSentAt: new Date(Date.now() - 61 * 60_000) } });
    const third = await failSync(h.taskQueue, lead.id);
    expect(await alertResult(third.runId)).toBe("sent");
    expect(receiver.bodies).toHaveLength(count + 1);
  });

  it("posts one alert for a bulk sync that had failures", async () => {
    const ok = await createLeadWithEvidence(h.db.prisma, { name: "Bulk Fine", email: "fine@alerts.io" });
    const bad = await createLeadWithEvidence(h.db.prisma, { name: "Bulk Broken", email: "broken@alerts.io" });
    await h.db.prisma.lead.delete({ where: { id: bad.id } }); // its child fails: LeadNotFound
    const deps = { prisma: h.db.prisma, getClient: async () => h.client, settings: testSettings(h.taskQueue) };
    // The deleted lead is passed as it was selected a moment before.
    expect(await startBulkSync(deps, [ok.id, bad.id], "bulk")).toMatchObject({ ok: true });
    const handle = h.client.workflow.getHandle(`bulk-sync-${h.taskQueue}`);
    await handle.result();
    const { runId } = await handle.describe();
    expect(await alertResult(runId)).toBe("sent");
    const pass = receiver.bodies.at(-1) as { pass: unknown; links: Record<string, string> };
    expect(pass.pass).toEqual({ kind: "bulk", failed: 1, total: 2, failedLeadIds: [bad.id] });
    expect(pass.links.syncLog).toBe("http://app.example/syncs?outcome=failed");
  });

  it("is off by default: no webhook, no request", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, { name: "Quiet Quinn", email: "quinn@alerts.io" });
    const attempts = receiver.attempts();
    const { runId } = await failSync(silent.taskQueue, lead.id);
    expect(await alertResult(runId)).toBe("off");
    expect(receiver.attempts()).toBe(attempts);
  });
});
