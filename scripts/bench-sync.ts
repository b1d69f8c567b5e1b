/**
 * `npm run bench:sync`: click-to-synced latency of one lead through the server action and the real
 * worker, against the same sync activities run directly; prints the ratios as JSON. Method, output
 * and target: docs/benchmarks.md.
 *
 *   npm run bench:sync -- --leads 30 --warmup 5 --latency 50 [--temporal-address 127.0.0.1:7233] [--metrics]
 *
 * `--metrics` turns the worker's Prometheus metrics on (leadsync's and the Temporal SDK's) and
 * scrapes both every second while it measures: the instrumentation's cost is this run against one without.
 * `--traces` turns traces on in this process (web side and worker) and exports them over OTLP/HTTP
 * to a local endpoint that discards them (scripts/lib/otlp-sink.ts).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, Connection } from "@temporalio/client";
import proto from "@temporalio/proto";
import { DefaultLogger, NativeConnection, Runtime } from "@temporalio/worker";
import { createSyncActivities } from "../temporal/activities";
import { createLeadsyncWorker } from "../temporal/create-worker";
import { workerConfigFromEnv } from "../temporal/env";
import { createAttioClient } from "../web/src/lib/attio/client";
import { createPrismaClient, type PrismaClient } from "../web/src/lib/db";
import { runLeadSync, type SyncLeadDeps } from "../web/src/lib/sync/run-sync";
import { startFakeAttio } from "../fake-attio/server";
import { createLeadWithEvidence } from "../prisma/lead-fixtures";
import { startTemporalDevServer } from "./lib/temporal-dev-server";
import { createRecordClaims } from "../temporal/infra/record-claims";
import { DEFAULT_FIELD_POLICY } from "../web/src/lib/attio/field-policy";
import { startMetricsListener } from "../web/src/lib/metrics/listener";
import { createWorkerMetrics, temporalMetricsTelemetry } from "../temporal/worker-metrics";
import { freePort } from "./lib/ports";
import { loadConfig } from "../web/src/lib/config";
import { clientTracingInterceptors, startTracing } from "../web/src/lib/tracing";
import { startOtlpSink } from "./lib/otlp-sink";

function stringArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

const LEADS = arg("leads", 30);
const WARMUP = arg("warmup", 5);
const LATENCY_MS = arg("latency", 50);
const METRICS = process.argv.includes("--metrics");
const TRACES = process.argv.includes("--traces");

const log = (msg: string) => process.stderr.write(`bench-sync: ${msg}\n`);

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

let seq = 0;
/** A lead with full evidence and its own company and email, so every sync creates fresh records. */
async function newLead(prisma: PrismaClient, kind: string) {
  const n = ++seq;
  const lead = await createLeadWithEvidence(prisma, {
    name: `Bench ${kind} ${n}`,
    email: `lead${n}@${kind}-co${n}.example`,
    companyName: `${kind} Co ${n}`,
    companyDomain: `${kind}-co${n}.example`,
    linkedinUrl: `https://www.linkedin.com/in/bench-${kind}-${n}`,
  });
  return lead.id;
}

async function main() {
  const temporalMetricsPort = METRICS ? await freePort() : null;
  Runtime.install({
    logger: new DefaultLogger("WARN"),
    telemetryOptions: temporalMetricsTelemetry({ host: "127.0.0.1", temporalPort: temporalMetricsPort }),
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-bench-"));
  const databaseUrl = `file:${path.join(tmp, "bench.db")}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
  const prisma = createPrismaClient(databaseUrl);

  // `--temporal-address` measures against a server started elsewhere (e.g. with other dynamic config).
  const existing = stringArg("temporal-address");
  log(existing ? `using the Temporal server at ${existing}` : "starting the Temporal dev server");
  const server = existing ? { address: existing, stop: async () => {} } : await startTemporalDevServer({ headless: true });
  const fake = await startFakeAttio();
  fake.setLatency(LATENCY_MS);
  const env = { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl, ATTIO_TIMEOUT_MS: "15000" };
  const taskQueue = `bench-sync-${process.pid}`;

  const otlpSink = TRACES ? await startOtlpSink() : null;
  const tracing =
    otlpSink && startTracing(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: otlpSink.url }).traces, { serviceName: "leadsync-bench" });
  const workerConnection = await NativeConnection.connect({ address: server.address });
  const metrics = METRICS ? createWorkerMetrics(prisma) : undefined;
  const worker = await createLeadsyncWorker({
    connection: workerConnection,
    prisma,
    config: workerConfigFromEnv({ ...env, TEMPORAL_TASK_QUEUE: taskQueue }),
    metrics,
  });
  const scraper = metrics ? await startScraping(metrics.registry, temporalMetricsPort!) : null;
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, interceptors: clientTracingInterceptors() });
  const deps: SyncLeadDeps = {
    prisma,
    getClient: async () => client,
    settings: { address: server.address, namespace: "default", taskQueue, uiUrl: "http://localhost:8233" },
    waitMs: 60_000,
  };

  // The baselines: the same activities, called in sequence in this process. Outside Temporal the
  // note step always looks its marker up first (addNoteToPerson with marker: 4 Attio calls);
  // the workflow's first attempt knows no earlier attempt exists and skips that GET (3 calls), so
  // `direct_same_calls` also sends the note without the lookup, to compare equal Attio work.
  const attioClient = () => createAttioClient({ apiKey: env.ATTIO_API_KEY, baseUrl: env.ATTIO_BASE_URL });
  const activities = createSyncActivities({
    prisma,
    attio: attioClient,
    attioApiKey: () => env.ATTIO_API_KEY,
    claims: createRecordClaims(prisma),
    fieldPolicy: async () => DEFAULT_FIELD_POLICY,
  });
  let directRun = 0;
  const direct = async (leadId: number, lookup: boolean) => {
    const run = { workflowId: `direct-${leadId}`, runId: `run-${++directRun}` };
    const { note, snapshotHash, ...record } = await activities.prepareSync({ ...run, leadId, syncedAt: new Date().toISOString() });
    const company = await activities.upsertCompany(record);
    const person = await activities.upsertPerson({ lead: record, companyId: company?.id ?? null });
    if (lookup) await activities.addNote({ personId: person.id, note });
    else await attioClient().addNoteToPerson(person.id, note.markdown, { title: note.title });
    await activities.recordSuccess({ ...run, leadId, person, company, syncedAt: new Date().toISOString(), snapshotHash });
  };
  const viaWorkflow = async (leadId: number) => {
    const result = await runLeadSync(leadId, deps);
    if (!result.success) throw new Error(`sync of lead ${leadId} failed: ${result.error}`);
  };
  /** Measured workflow runs: lead id plus the wall-clock start and end seen by the caller. */
  const runs: { leadId: number; start: number; end: number }[] = [];

  /** Wall time of one sync and the Attio calls it made. */
  type Kind = "workflow" | "direct" | "direct_same_calls";
  const kinds: Kind[] = ["workflow", "direct", "direct_same_calls"];
  const measure = async (kind: Kind) => {
    const leadId = await newLead(prisma, kind.replace(/_/g, "-"));
    const before = fake.stats().requests;
    const wallStart = Date.now();
    const started = performance.now();
    await (kind === "workflow" ? viaWorkflow(leadId) : direct(leadId, kind === "direct"));
    const ms = performance.now() - started;
    if (kind === "workflow") runs.push({ leadId, start: wallStart, end: Date.now() });
    return { ms, calls: fake.stats().requests - before };
  };

  log(`warming up (${WARMUP} of each)`);
  for (let i = 0; i < WARMUP; i++) for (const kind of kinds) await measure(kind);

  runs.length = 0;
  log(`measuring ${LEADS} syncs of each, interleaved`);
  const samples: Record<Kind, number[]> = { workflow: [], direct: [], direct_same_calls: [] };
  const calls: Record<Kind, number[]> = { workflow: [], direct: [], direct_same_calls: [] };
  for (let i = 0; i < LEADS; i++) {
    // Rotating the order spreads drifts in machine load evenly over the three paths.
    for (let j = 0; j < kinds.length; j++) {
      const kind = kinds[(i + j) % kinds.length];
      const m = await measure(kind);
      samples[kind].push(m.ms);
      calls[kind].push(m.calls);
    }
  }

  const stats = fake.stats();
  const summary = (xs: number[]) => ({ p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)) });
  const wf = summary(samples.workflow);
  const dr = summary(samples.direct);
  const same = summary(samples.direct_same_calls);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const out = {
    workflow: wf,
    direct: dr,
    ratio_p50: round(wf.p50 / dr.p50, 2),
    ratio_p95: round(wf.p95 / dr.p95, 2),
    calls_per_sync: round(mean(calls.workflow), 2),
    fake_latency_ms: LATENCY_MS,
    calls_per_sync_direct: round(mean(calls.direct), 2),
    direct_same_calls: { ...same, calls_per_sync: round(mean(calls.direct_same_calls), 2) },
    ratio_same_calls_p50: round(wf.p50 / same.p50, 2),
    ratio_same_calls_p95: round(wf.p95 / same.p95, 2),
    leads_per_path: LEADS,
    overhead_ms_p50: round(wf.p50 - same.p50),
    attio_429s: stats.status429,
    workflow_breakdown_ms_mean: await breakdown(client, prisma, runs),
    duplicates: stats.duplicates,
    metrics: METRICS,
    metrics_scrapes: scraper?.scrapes() ?? 0,
    traces: TRACES,
    trace_exports: otlpSink?.requests() ?? 0,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);

  await scraper?.stop();
  worker.shutdown();
  await running;
  await workerConnection.close();
  await connection.close();
  await fake.close();
  await server.stop();
  await prisma.$disconnect();
  await tracing?.shutdown();
  await otlpSink?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** Serves leadsync's registry and fetches it and the SDK's endpoint every second, as a Prometheus would. */
async function startScraping(registry: Parameters<typeof startMetricsListener>[0], temporalPort: number) {
  const listener = await startMetricsListener(registry, "127.0.0.1", 0);
  const urls = [listener.url, `http://127.0.0.1:${temporalPort}/metrics`];
  let scrapes = 0;
  const timer = setInterval(() => {
    for (const url of urls)
      void fetch(url)
        .then((r) => r.text())
        .then(
          () => scrapes++,
          () => undefined,
        );
  }, 1_000);
  return {
    scrapes: () => scrapes,
    async stop() {
      clearInterval(timer);
      await listener.close();
    },
  };
}

type HistoryEvent = { eventType?: unknown; eventTime?: { seconds?: unknown; nanos?: number | null } | null };

/**
 * Where a workflow sync's time goes, averaged over the measured runs, from the server's event
 * times (ms resolution) and the caller's clock: starting the run, the workflow tasks (their
 * queueing and the worker's processing, local activities included), the Attio activities
 * (queueing and running), and the time until the caller saw the result.
 */
async function breakdown(client: Client, prisma: PrismaClient, runs: { leadId: number; start: number; end: number }[]) {
  const T = proto.temporal.api.enums.v1.EventType;
  const sums: Record<string, number> = {};
  const add = (k: string, v: number) => (sums[k] = (sums[k] ?? 0) + v);
  for (const run of runs) {
    const lead = await prisma.lead.findUniqueOrThrow({ where: { id: run.leadId } });
    const history = await client.workflow.getHandle(lead.attioLastWorkflowId!, lead.attioLastRunId!).fetchHistory();
    const events = (history.events ?? []) as HistoryEvent[];
    const at = (e: HistoryEvent) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
    let prev: HistoryEvent | undefined;
    let wft = 0;
    let act = 0;
    for (const e of events) {
      if (prev) {
        const gap = at(e) - at(prev);
        const pair = `${prev.eventType}>${e.eventType}`;
        if (pair === `${T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED}>${T.EVENT_TYPE_WORKFLOW_TASK_STARTED}`) add("workflow_task_queue", gap);
        else if (pair === `${T.EVENT_TYPE_WORKFLOW_TASK_STARTED}>${T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED}`)
          add(`workflow_task_run_${++wft}`, gap);
        else if (pair === `${T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED}>${T.EVENT_TYPE_ACTIVITY_TASK_STARTED}`) add("activity_queue", gap);
        else if (pair === `${T.EVENT_TYPE_ACTIVITY_TASK_STARTED}>${T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED}`)
          add(`activity_run_${++act}`, gap);
        else add("other_server", gap);
      }
      prev = e;
    }
    add("start_rpc", at(events[0]) - run.start);
    add("result_delivery", run.end - at(events[events.length - 1]));
    add("events", events.length);
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, round(v / runs.length)]));
}

main().catch((err) => {
  console.error("bench-sync failed:", err);
  process.exit(1);
});
