/**
 * The production topology, run for real without Docker (`npm run test:topology`): the Temporal
 * server v1.29.1 on PostgreSQL (scripts/lib/temporal-server.ts), the app's database on the same
 * PostgreSQL, `next start`, three worker processes and the fake Attio in its own process. A
 * 300-lead backfill runs over the three workers while one of them is SIGKILLed midway; then every
 * lead is synced exactly once, Attio never saw more than 25 writes in a second, and the runs are
 * listed through the Temporal CLI against that server. Needs TEST_POSTGRES_URL (a role with
 * CREATEDB) and a production build of the web app (scripts/test-topology.sh provides both).
 */
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { Client, Connection } from "@temporalio/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAttioProcess, type FakeAttioProcess } from "../../fake-attio/process";
import { seedGeneratedLeads } from "../../prisma/generated-leads";
import { temporalCliPath } from "../../scripts/lib/temporal-dev-server";
import { startTemporalServer, type TemporalServer } from "../../scripts/lib/temporal-server";
import { prebuildWorkflowBundle, startWorkerProcess, type WorkerProcess, type WorkflowBundleFile } from "../../scripts/lib/worker-process";
import { createPrismaClient, type PrismaClient } from "../../web/src/lib/db";
import { RESYNC_WORKFLOW_TYPE, SYNC_WORKFLOW_TYPE, type ResyncLeadsResult } from "../../web/src/lib/temporal/contract";
import { quoteIdent, withAdminClient, withDatabase } from "../setup/postgres";
import { startWebServer, type WebServer } from "../helpers/web";
import { expectBackfillWithinAttioLimits } from "../helpers/reliability";

const LEADS = 300;
const WORKERS = 3;
const TASK_QUEUE = "leadsync";
const root = path.resolve(import.meta.dirname, "../..");
const execFileAsync = promisify(execFile);

const postgresUrl = process.env.TEST_POSTGRES_URL ?? "";

describe.skipIf(!postgresUrl)("the production topology (Temporal server and app on PostgreSQL, three workers)", () => {
  const prefix = `leadsync_topo${randomBytes(4).toString("hex")}`;
  const appDatabase = `${prefix}_app`;
  let temporal: TemporalServer;
  let prisma: PrismaClient;
  let fake: FakeAttioProcess;
  let web: WebServer;
  let bundle: WorkflowBundleFile;
  let connection: Connection;
  let client: Client;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const databaseUrl = withDatabase(postgresUrl, appDatabase);
    await withAdminClient(postgresUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(appDatabase)}`));
    // The app's migrations as a deployment applies them (docker-compose's `migrate` service).
    const migrate = execFileAsync("npx", ["prisma", "migrate", "deploy", "--config", "prisma/postgres/prisma.config.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    [temporal, fake, bundle] = await Promise.all([
      startTemporalServer({ postgresUrl, databasePrefix: prefix }),
      startFakeAttioProcess(),
      prebuildWorkflowBundle(),
      migrate,
    ]);
    prisma = createPrismaClient(databaseUrl);
    await seedGeneratedLeads(prisma, LEADS);

    const env = { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl, TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: databaseUrl };
    web = await startWebServer({ ...env, TEMPORAL_TASK_QUEUE: TASK_QUEUE });
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection, namespace: temporal.namespace });
    const started = await Promise.all(
      Array.from({ length: WORKERS }, () =>
        startWorkerProcess({
          client,
          temporalAddress: temporal.address,
          taskQueue: TASK_QUEUE,
          databaseUrl,
          bundlePath: bundle.path,
          // A killed worker's workflow tasks move to a live worker after 1 s, not 10 s.
          stickyTimeoutMs: 1_000,
          // The server has 4 partitions per task queue; DescribeTaskQueue sees the root partition's pollers only.
          readyWhen: "running",
          env: { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl, ATTIO_TIMEOUT_MS: "15000" },
        }),
      ),
    );
    workers.push(...started);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await web?.stop();
    await connection?.close();
    await prisma?.$disconnect();
    await fake?.stop();
    bundle?.remove();
    await temporal?.stop();
    await withAdminClient(postgresUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(appDatabase)} WITH (FORCE)`)).catch(
      () => undefined,
    );
  });

  it("backfills 300 leads over three workers, one SIGKILLed midway, once each and within Attio's 25 writes/s", async () => {
    const handle = await client.workflow.start(RESYNC_WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId: `topology-backfill-${prefix}`,
      args: [{}],
    });

    // Midway: a third of the leads synced, the rest in flight or waiting.
    for (;;) {
      const synced = await prisma.lead.count({ where: { attioSyncStatus: "synced" } });
      if (synced >= LEADS / 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await workers[0].kill();

    const result = (await handle.result()) as ResyncLeadsResult;
    expect(result).toMatchObject({ started: LEADS, succeeded: LEADS, failed: 0 });
    expect(await prisma.lead.count({ where: { attioSyncStatus: "synced" } })).toBe(LEADS);

    expectBackfillWithinAttioLimits(await fake.stats(), LEADS);

    // The web app (next start) reads the same database and Temporal server.
    const lead = await prisma.lead.findFirstOrThrow({ orderBy: { id: "asc" } });
    const res = await fetch(`${web.url}/api/leads/${lead.id}/sync`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "synced" });

    // Every run, listed by the Temporal CLI from the server's visibility store (PostgreSQL, updated asynchronously).
    const leadIds = (await prisma.lead.findMany({ select: { id: true } })).map((l) => `lead-${l.id}`).sort();
    const cli = temporalCliPath();
    let listed: string[] = [];
    for (let attempt = 0; attempt < 60; attempt++) {
      const out = execFileSync(
        cli,
        [
          "workflow",
          "list",
          "--address",
          temporal.address,
          "--namespace",
          temporal.namespace,
          "--query",
          `WorkflowType = '${SYNC_WORKFLOW_TYPE}' AND ExecutionStatus = 'Completed'`,
          "--limit",
          String(LEADS * 2),
          "--output",
          "json",
        ],
        { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      );
      listed = [...new Set(parseWorkflowList(out).map((w) => w.execution.workflowId))].sort();
      if (listed.length >= LEADS) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(listed).toEqual(leadIds);
  });
});

/** `temporal workflow list -o json` prints one JSON array, or (older CLIs) one object per line. */
function parseWorkflowList(out: string): { execution: { workflowId: string } }[] {
  const text = out.trim();
  if (!text) return [];
  if (text.startsWith("[")) return JSON.parse(text);
  return text.split("\n").map((line) => JSON.parse(line));
}
