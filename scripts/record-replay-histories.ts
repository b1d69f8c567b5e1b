/**
 * Records the histories that test/replay/ replays: real runs of the current workflow code against a
 * Temporal dev server, an in-process worker, a fresh SQLite database and the fake Attio. Run it
 * when workflow code gains behaviour (`npm run replay:record -- --tag <change> <scenario>...`) and
 * commit the new JSON files. It never rewrites a file: old histories stand for runs already
 * started in production, so each recording of new behaviour gets its own tag in the file name.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, Connection, type WorkflowHandle } from "@temporalio/client";
import { historyToJSON } from "@temporalio/common/lib/proto-utils";
import { DefaultLogger, NativeConnection, Runtime } from "@temporalio/worker";
import { startFakeAttio, type FakeAttio } from "../fake-attio/server";
import { savePipelineSettings } from "../prisma/attio-settings-fixtures";
import { createLeadWithEvidence } from "../prisma/lead-fixtures";
import { createLeadsyncWorker } from "../temporal/create-worker";
import { workerConfigFromEnv } from "../temporal/env";
import { createAttioClient } from "../web/src/lib/attio/client";
import {
  BULK_WORKFLOW_TYPE,
  RECONCILE_WORKFLOW_TYPE,
  RESYNC_WORKFLOW_TYPE,
  SYNC_WORKFLOW_TYPE,
  leadWorkflowId,
  type BulkSyncInput,
  type SyncLeadInput,
} from "../web/src/lib/temporal/contract";
import { createPrismaClient, type PrismaClient } from "../web/src/lib/db";
import { signalInboxRows, storeDelivery } from "../web/src/lib/attio-inbound/inbox";
import { temporalInboxSignaller } from "../web/src/lib/attio-inbound/signaller";
import { startTemporalDevServer } from "./lib/temporal-dev-server";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "test/replay/histories");
const FAST = { retryInitialIntervalMs: 100, heartbeatTimeoutMs: 2_000, attioAttemptTimeoutMs: 10_000 };

interface Ctx {
  client: Client;
  prisma: PrismaClient;
  fake: FakeAttio;
  taskQueue: string;
}

type Scenario = (ctx: Ctx) => Promise<WorkflowHandle[]>;

async function syncRun(ctx: Ctx, leadId: number): Promise<WorkflowHandle> {
  const input: SyncLeadInput = { leadId, trigger: "manual", requestedAt: new Date().toISOString(), timing: FAST };
  const handle = await ctx.client.workflow.start(SYNC_WORKFLOW_TYPE, {
    taskQueue: ctx.taskQueue,
    workflowId: leadWorkflowId(leadId),
    args: [input],
    workflowIdConflictPolicy: "USE_EXISTING",
  });
  await handle.result().catch(() => undefined);
  return handle;
}

const scenarios: Record<string, Scenario> = {
  "sync-success": async (ctx) => {
    const lead = await createLeadWithEvidence(ctx.prisma);
    return [await syncRun(ctx, lead.id)];
  },
  "sync-retries-429-and-5xx": async (ctx) => {
    const lead = await createLeadWithEvidence(ctx.prisma, { email: "grace@retry.example", companyDomain: "retry.example" });
    // Two 429s, then every write fails once in two with a 503 until the run is through.
    ctx.fake.setFaults({ burst429: 2, errorRate: 0.5, errorStatus: 503, appliesTo: "writes", seed: 7 });
    const handle = await syncRun(ctx, lead.id);
    ctx.fake.setFaults({});
    return [handle];
  },
  "sync-non-retryable-failure": async (ctx) => {
    // The lead is gone before the run starts: LeadNotFound, never retried.
    return [await syncRun(ctx, 999_999)];
  },
  "sync-attio-rejected": async (ctx) => {
    // Attio answers every write with a 400: AttioRejected fails the run at once, after the failure is recorded.
    const lead = await createLeadWithEvidence(ctx.prisma, { email: "kay@rejected.example", companyDomain: "rejected.example" });
    ctx.fake.setFaults({ errorRate: 1, errorStatus: 400, appliesTo: "writes" });
    const handle = await syncRun(ctx, lead.id);
    ctx.fake.setFaults({});
    return [handle];
  },
  "sync-cancelled": async (ctx) => {
    // Cancelled from the Temporal UI while the company step waits on a slow Attio.
    const lead = await createLeadWithEvidence(ctx.prisma, { email: "lin@cancelled.example", companyDomain: "cancelled.example" });
    ctx.fake.setLatency(3_000);
    const handle = await ctx.client.workflow.start(SYNC_WORKFLOW_TYPE, {
      taskQueue: ctx.taskQueue,
      workflowId: leadWorkflowId(lead.id),
      args: [{ leadId: lead.id, trigger: "manual", requestedAt: new Date().toISOString(), timing: FAST }],
    });
    while ((await ctx.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSyncStatus !== "running") {
      await new Promise((r) => setTimeout(r, 100));
    }
    await handle.cancel();
    await handle.result().catch(() => undefined);
    ctx.fake.setLatency(0);
    return [handle];
  },
  "sync-attio-rejected-with-alert": async (ctx) => {
    // As sync-attio-rejected, plus the failure-alert workflow the failed run starts (SYNC_PATCHES.failureAlert).
    const lead = await createLeadWithEvidence(ctx.prisma, { email: "kim@alerted.example", companyDomain: "alerted.example" });
    ctx.fake.setFaults({ errorRate: 1, errorStatus: 400, appliesTo: "writes" });
    const handle = await syncRun(ctx, lead.id);
    ctx.fake.setFaults({});
    const { runId } = await handle.describe();
    const alert = ctx.client.workflow.getHandle(`alert-${runId}`);
    await alert.result();
    return [handle, alert];
  },
  "bulk-sync-with-failure": async (ctx) => {
    // Three leads in batches of two (one continue-as-new); the last one is gone, so the pass alerts.
    const ids: number[] = [];
    for (let i = 0; i < 2; i++) ids.push((await createLeadWithEvidence(ctx.prisma, { name: `Bulk ${i}`, email: `b${i}@bulk.example` })).id);
    ids.push(999_998);
    const input: BulkSyncInput = { leadIds: ids, trigger: "bulk", concurrency: 2, batchSize: 2, timing: FAST };
    const handle = await ctx.client.workflow.start(BULK_WORKFLOW_TYPE, {
      taskQueue: ctx.taskQueue,
      workflowId: `replay-bulk-${Date.now()}`,
      args: [input],
    });
    await handle.result();
    return chainRuns(ctx, handle.workflowId);
  },
  "resync-pass-with-failure": async (ctx) => {
    // A pass in which Attio rejects every write: each child fails, and the pass alerts (RESYNC_PATCHES.passAlert).
    await createLeadWithEvidence(ctx.prisma, { name: "Resync Rejected", email: "rr@resync-fail.example" });
    ctx.fake.setFaults({ errorRate: 1, errorStatus: 400, appliesTo: "writes" });
    const handle = await ctx.client.workflow.start(RESYNC_WORKFLOW_TYPE, {
      taskQueue: ctx.taskQueue,
      workflowId: `replay-resync-fail-${Date.now()}`,
      args: [{ concurrency: 2, pageSize: 100, batchSize: 100 }],
    });
    await handle.result();
    ctx.fake.setFaults({});
    return chainRuns(ctx, handle.workflowId);
  },
  "sync-second-run": async (ctx) => {
    const lead = await createLeadWithEvidence(ctx.prisma, { email: "alan@second.example", companyDomain: "second.example" });
    const first = await syncRun(ctx, lead.id);
    await ctx.prisma.lead.update({ where: { id: lead.id }, data: { role: "Chief Scientist" } });
    const second = await syncRun(ctx, lead.id);
    return [first, second];
  },
  "sync-crm": async (ctx) => {
    // Mapping, list, stage and owner (issue 13); then the list is deleted in Attio and the step reports it.
    const attio = createAttioClient({ apiKey: ctx.fake.token, baseUrl: ctx.fake.baseUrl });
    await attio.createAttribute("objects", "people", { title: "ICP score", apiSlug: "icp_score", type: "number" });
    await savePipelineSettings(ctx.prisma, { mapping: { icpScore: { attribute: "icp_score", rule: "always" } } });
    const lead = await createLeadWithEvidence(ctx.prisma, { email: "crm@crm.example", companyDomain: "crm.example" });
    const first = await syncRun(ctx, lead.id);
    ctx.fake.crm.deleteList("outbound_pipeline");
    const second = await syncRun(ctx, lead.id);
    return [first, second];
  },
  "attio-record-events": async (ctx) => {
    // Two-way sync (issue 20): a person deleted in Attio, then two deliveries about it in one burst,
    // signalled through signalWithStart as the webhook route does; the run applies them and ends idle.
    const lead = await createLeadWithEvidence(ctx.prisma, { email: "del@inbound.example", companyDomain: "inbound.example" });
    await syncRun(ctx, lead.id);
    const { attioPersonId } = await ctx.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    ctx.fake.deleteRecord("people", attioPersonId!);
    const event = (type: string) => ({
      event_type: type,
      id: { object_id: ctx.fake.objectIds.people, record_id: attioPersonId! },
      actor: { type: "workspace-member", id: null },
    });
    const signal = temporalInboxSignaller(ctx.client, { taskQueue: ctx.taskQueue, quietMs: 300 });
    for (const [key, type] of [
      ["replay-1", "record.updated"],
      ["replay-2", "record.deleted"],
    ]) {
      const rows = await storeDelivery(ctx.prisma, { webhookId: "replay", deliveryKey: key, events: [event(type)] });
      await signalInboxRows(ctx.prisma, signal, rows);
    }
    const handle = ctx.client.workflow.getHandle(`attio-people-${attioPersonId}`);
    await handle.result();
    return [handle];
  },
  "attio-reconcile": async (ctx) => {
    // The reconcile pass (issue 20): three synced leads, one page each; one person deleted in Attio.
    const leadIds: number[] = [];
    for (let i = 0; i < 3; i++) {
      const lead = await createLeadWithEvidence(ctx.prisma, { name: `Reconcile ${i}`, email: `c${i}@reconcile.example` });
      await syncRun(ctx, lead.id);
      leadIds.push(lead.id);
    }
    const { attioPersonId } = await ctx.prisma.lead.findUniqueOrThrow({ where: { id: leadIds[1] } });
    ctx.fake.deleteRecord("people", attioPersonId!);
    const handle = await ctx.client.workflow.start(RECONCILE_WORKFLOW_TYPE, {
      taskQueue: ctx.taskQueue,
      workflowId: `replay-reconcile-${Date.now()}`,
      args: [{ pageSize: 1 }],
    });
    await handle.result();
    return [handle];
  },
  "resync-children-continue-as-new": async (ctx) => {
    for (let i = 0; i < 5; i++) {
      await createLeadWithEvidence(ctx.prisma, { name: `Resync ${i}`, email: `r${i}@resync.example`, companyDomain: "resync.example" });
    }
    const handle = await ctx.client.workflow.start(RESYNC_WORKFLOW_TYPE, {
      taskQueue: ctx.taskQueue,
      workflowId: `replay-resync-${Date.now()}`,
      args: [{ concurrency: 2, pageSize: 2, batchSize: 2 }],
    });
    await handle.result();
    // Every run of the continue-as-new chain, oldest first.
    const runs: WorkflowHandle[] = [];
    for await (const info of ctx.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` })) {
      runs.push(ctx.client.workflow.getHandle(info.workflowId, info.runId));
    }
    return runs.reverse();
  },
};

/** Every run of a continue-as-new chain, oldest first. */
async function chainRuns(ctx: Ctx, workflowId: string): Promise<WorkflowHandle[]> {
  const runs: WorkflowHandle[] = [];
  for await (const info of ctx.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs.push(ctx.client.workflow.getHandle(info.workflowId, info.runId));
  }
  return runs.reverse();
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  const tagAt = args.indexOf("--tag");
  const tag = tagAt >= 0 ? args.splice(tagAt, 2)[1] : "";
  if (tagAt >= 0 && !/^[a-z0-9-]+$/.test(tag)) throw new Error("--tag takes a name like activity-names-v2");
  const wanted = args;
  const names = wanted.length ? wanted : Object.keys(scenarios);
  for (const n of names) if (!scenarios[n]) throw new Error(`Unknown scenario ${n}; known: ${Object.keys(scenarios).join(", ")}`);

  Runtime.install({ logger: new DefaultLogger("ERROR") });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-replay-"));
  const dbUrl = `file:${path.join(tmp, "replay.db")}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: dbUrl }, stdio: "ignore" });
  const server = await startTemporalDevServer({ headless: true });
  const fake = await startFakeAttio({ rateLimit: false });
  const prisma = createPrismaClient(dbUrl);
  const taskQueue = `replay-${Date.now()}`;
  const env = {
    ATTIO_API_KEY: fake.token,
    ATTIO_BASE_URL: fake.baseUrl,
    LEADSYNC_ATTIO_WRITES_PER_SECOND: "0",
    LEADSYNC_ATTIO_READS_PER_SECOND: "0",
  };
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await createLeadsyncWorker({
    connection: nativeConnection,
    prisma,
    config: workerConfigFromEnv({ ...env, TEMPORAL_TASK_QUEUE: taskQueue }),
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  try {
    fs.mkdirSync(outDir, { recursive: true });
    for (const name of names) {
      const handles = await scenarios[name]({ client, prisma, fake, taskQueue });
      for (const [i, handle] of handles.entries()) {
        const history = await handle.fetchHistory();
        const file = path.join(outDir, `${name}${handles.length > 1 ? `-${i + 1}` : ""}${tag ? `.${tag}` : ""}.json`);
        if (fs.existsSync(file)) throw new Error(`${path.relative(root, file)} exists; record new behaviour with a new --tag`);
        fs.writeFileSync(file, `${historyToJSON(history)}\n`);
        console.log(`recorded ${path.relative(root, file)} (${history.events?.length ?? 0} events)`);
      }
    }
  } finally {
    worker.shutdown();
    await running;
    await nativeConnection.close();
    await client.connection.close();
    await prisma.$disconnect();
    await fake.close();
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
