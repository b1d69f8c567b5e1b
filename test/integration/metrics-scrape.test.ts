import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { freePort } from "../../scripts/lib/ports";
import { APP_ROUTES } from "../../web/src/lib/metrics/routes";
import { useSyncHarness } from "../helpers/harness";
import { startPrometheus, type TestPrometheus } from "../helpers/prometheus";
import { postServerAction, serverActionId } from "../helpers/web";

const root = path.resolve(import.meta.dirname, "../..");
const RULES = path.join(root, "ops/prometheus/leadsync-rules.yml");
const DASHBOARD = path.join(root, "ops/grafana/leadsync.json");

/**
 * A real Prometheus scrapes the real worker process (leadsync's metrics and the Temporal SDK's,
 * on their own ports) and the production web app's metrics listener, while syncs run through
 * the server action against the fake Attio; the test reads the counters back from Prometheus.
 */
describe("Prometheus scrapes the worker and the web app", () => {
  const workerEnv: Record<string, string> = {};
  const webEnv: Record<string, string> = {};
  let prom: TestPrometheus;
  // Before the harness's hooks: the worker and the web app read their metrics ports at start, and
  // Prometheus scrapes those ports from then on (failed scrapes until they listen).
  beforeAll(async () => {
    const [worker, temporal, web] = await Promise.all([freePort(), freePort(), freePort()]);
    Object.assign(workerEnv, { LEADSYNC_WORKER_METRICS_PORT: String(worker), LEADSYNC_TEMPORAL_METRICS_PORT: String(temporal) });
    webEnv.LEADSYNC_WEB_METRICS_PORT = String(web);
    prom = await startPrometheus({
      jobs: {
        "leadsync-worker": [`127.0.0.1:${worker}`],
        "leadsync-worker-temporal": [`127.0.0.1:${temporal}`],
        "leadsync-web": [`127.0.0.1:${web}`],
      },
      ruleFiles: [RULES],
    });
  });
  afterAll(async () => {
    await prom?.stop();
  });
  const h = useSyncHarness({
    fake: { allowHttpTargets: true },
    fakeWebhook: true,
    worker: { kind: "process", taskQueuePrefix: "metrics", env: workerEnv },
    web: { env: webEnv },
  });

  /** The instant value of a query returning one number (0 for an empty result). */
  const value = async (expr: string) => {
    const result = await prom.query(expr);
    return result.length ? Number(result[0].value[1]) : 0;
  };
  async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > end) throw new Error(`Prometheus never showed ${what} (last: ${JSON.stringify(v)})\n${prom.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  let lead = 0;
  /** A click on "Sync to Attio" without the browser: the server action the button posts. */
  async function clickSync(): Promise<number> {
    const { id } = await createLeadWithEvidence(h.db.prisma, {
      name: `Metrics Lead ${++lead}`,
      email: `m${lead}@metrics-co${lead}.example`,
    });
    const res = await postServerAction(h.web.url, `/leads/${id}`, serverActionId("syncLeadToAttio"), [id]);
    expect(await res.text()).toContain('"success":true');
    return id;
  }

  it("counts a click's sync as succeeded, with its trigger and duration", async () => {
    const succeeded = 'sum(leadsync_syncs_total{outcome="succeeded",trigger="manual"})';
    const before = await value(succeeded);
    await clickSync();
    await until(
      "one more succeeded manual sync",
      () => value(succeeded),
      (v) => v === before + 1,
    );
    expect(await value('sum(leadsync_sync_duration_seconds_count{outcome="succeeded"})')).toBe(before + 1);
    expect(await value('sum(leadsync_syncs_total{outcome="failed"})')).toBe(0);
    expect(await value('sum(leadsync_attio_requests_total{status_class="2xx"})')).toBeGreaterThanOrEqual(3);
  });

  it("counts a 429 Attio answered during a sync", async () => {
    h.fake.setFaults({ burst429: 1 });
    await clickSync();
    expect(
      await until(
        "a 429",
        () => value("sum(leadsync_attio_rate_limited_total)"),
        (v) => v >= 1,
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(await value('sum(leadsync_attio_requests_total{status_class="4xx"})')).toBeGreaterThanOrEqual(1);
  });

  it("scrapes the Temporal SDK's worker metrics, schedule-to-start latency included", async () => {
    await clickSync();
    const names = await until(
      "the SDK's schedule-to-start histograms",
      () => prom.metricNames(),
      (n) => n.includes("temporal_activity_schedule_to_start_latency_seconds_bucket"),
    );
    expect(names).toContain("temporal_workflow_task_schedule_to_start_latency_seconds_bucket");
    expect(await value('count({job="leadsync-worker-temporal", __name__=~"temporal_.+"})')).toBeGreaterThan(10);
  });

  it("times the web app's pages and actions by route pattern, never by id", async () => {
    const id = await clickSync();
    expect((await fetch(`${h.web.url}/leads/${id}`)).status).toBe(200);
    await until(
      "the lead page's request",
      () => value('sum(leadsync_web_request_duration_seconds_count{route="/leads/[id]",kind="page"})'),
      (v) => v >= 1,
    );
    expect(
      await value('sum(leadsync_web_request_duration_seconds_count{route="/leads/[id]",kind="action",method="POST"})'),
    ).toBeGreaterThanOrEqual(1);
    const routes = (await prom.query("count by (route) (leadsync_web_request_duration_seconds_count)")).map((s) => s.metric.route);
    expect(routes.filter((r) => !(r in APP_ROUTES) && r !== "/_next" && r !== "other")).toEqual([]);
    // The sign-in counters exist before any attempt (the app here is open, without a password).
    expect(await value("count(leadsync_web_sign_in_attempts_total)")).toBe(4);
  });

  it("counts webhook deliveries the route accepted and refused, and the events the worker settled", async () => {
    await clickSync();
    const res = await fetch(`${h.web.url}/api/attio/webhooks`, { method: "POST", body: JSON.stringify({ webhook_id: "x", events: [] }) });
    expect(res.status).toBe(401);
    await until(
      "the unsigned delivery",
      () => value('sum(leadsync_attio_webhook_deliveries_total{result="bad_signature"})'),
      (v) => v >= 1,
    );
    // The fake delivers the sync's own writes back to the route: stored, then settled (as echoes) by the worker.
    await until(
      "an accepted delivery",
      () => value('sum(leadsync_attio_webhook_deliveries_total{result="accepted"})'),
      (v) => v >= 1,
    );
    expect(await value("sum(leadsync_attio_webhook_events_received_total)")).toBeGreaterThanOrEqual(1);
    await until(
      "settled inbound events",
      () => value("sum(leadsync_attio_inbound_events_total)"),
      (v) => v >= 1,
    );
    expect(await value('count(leadsync_attio_webhook_last_event_age_seconds{job="leadsync-worker"})')).toBe(1);
  });

  it("exports every series the alert rules use, and Prometheus evaluates every rule without error", async () => {
    const rules = parse(fs.readFileSync(RULES, "utf8")) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const used = new Set(rules.groups.flatMap((g) => g.rules.flatMap((r) => r.expr.match(/\b(leadsync|temporal)_[a-z_]+/g) ?? [])));
    // Poll failures appear in the SDK's output only once one happened.
    used.delete("temporal_long_request_failure_total");
    const names = await prom.metricNames();
    expect([...used].filter((n) => !names.includes(n))).toEqual([]);
    const evaluated = await until(
      "every rule evaluated",
      () => prom.rules(),
      (rs) => rs.length > 0 && rs.every((r) => r.health !== "unknown"),
    );
    expect(evaluated.filter((r) => r.health !== "ok")).toEqual([]);
  });

  it("runs every query of the Grafana dashboard, each with data but the poll failures'", async () => {
    const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, "utf8")) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const queries = dashboard.panels.flatMap((p) =>
      (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr.replaceAll("$__rate_interval", "1m") })),
    );
    expect(queries.length).toBeGreaterThan(20);
    const empty: string[] = [];
    // A query Prometheus cannot parse or run throws here.
    for (const q of queries) if ((await prom.query(q.expr)).length === 0) empty.push(q.panel);
    // The SDK exports poll failures only once one happened.
    expect(empty).toEqual(["Poll failures per second"]);
  });
});
