/**
 * The one integration-test harness: a fresh database, the fake Attio, the real worker (in this
 * process or as a child process), a Temporal client, the production web build and Chromium, each
 * started in `beforeAll` and stopped in `afterAll` (in reverse order) by `useSyncHarness()`.
 */
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import type { Client } from "@temporalio/client";
import type { Browser } from "playwright-core";
import { startFakeAttioProcess, type FakeAttioProcess } from "../../fake-attio/process";
import { startFakeAttio, type FakeAttio, type FakeAttioOptions } from "../../fake-attio/server";
import type { DatabaseProvider, PrismaClient } from "../../web/src/lib/db";
import type { SyncLeadDeps } from "../../web/src/lib/sync/run-sync";
import { registerFakeWebhook } from "./attio-webhooks";
import { createTestDatabase, type TestDatabase } from "./db";
import { connectTestClient, startTestWorker, testSyncDeps, uniqueTaskQueue, type TestWorker, type TestWorkerOptions } from "./temporal";
import { launchChromium, startWebServer, type WebServer } from "./web";
import { prebuildWorkflowBundle, startWorkerProcess, type WorkerProcess, type WorkflowBundleFile } from "./worker-process";

type Env = Record<string, string>;

export interface SyncHarnessOptions {
  /** The database's provider; absent, the run's (SQLite, or PostgreSQL in CI's second pass). */
  provider?: DatabaseProvider;
  /** Fills the fresh database before any server or worker starts. */
  seed?: (prisma: PrismaClient) => Promise<unknown>;
  /** The fake Attio: options for one in this process, "process" for its own process, false for none. */
  fake?: FakeAttioOptions | "process" | false;
  /** Gives each test a fresh fake (no records, log, faults or latency). */
  resetFakeAfterEach?: boolean;
  /** ATTIO_API_KEY when it is not the fake's default token (a fake started with its own `tokens`). */
  attioApiKey?: string;
  /** ATTIO_TIMEOUT_MS for the worker and the sync service; unset when absent. */
  attioTimeoutMs?: number;
  /** The worker: in this process (real worker code, shared Prisma client), a child process, or none. */
  worker?: false | InProcessWorker | ChildProcessWorker;
  /** A Temporal client on the run's dev server; `env` with LEADSYNC_PAYLOAD_KEY makes it encrypt. */
  client?: boolean | { env: Env };
  /** `next start` on this database and the worker's task queue; `attio: false` leaves the Attio variables out. */
  web?: boolean | { env?: Env; attio?: boolean };
  browser?: boolean;
  /**
   * A webhook registered in the fake (started with `allowHttpTargets`) aimed at the web app's
   * route, its secret stored as registration would; registered again after each fake reset.
   */
  fakeWebhook?: boolean;
}

export interface InProcessWorker {
  kind: "in-process";
  /** Variables beyond ATTIO_API_KEY, ATTIO_BASE_URL and ATTIO_TIMEOUT_MS. */
  env?: Env;
  taskQueuePrefix?: string;
  workerOptions?: TestWorkerOptions["workerOptions"];
  logLevel?: TestWorkerOptions["logLevel"];
}

export interface ChildProcessWorker {
  kind: "process";
  taskQueuePrefix: string;
  /** Bundle the workflows once, so restarts after a kill take about a second. */
  prebuiltBundle?: boolean;
  stickyTimeoutMs?: number;
  /** Variables beyond the Attio ones, read when each process starts. */
  env?: Env;
}

export interface SyncHarness {
  readonly db: TestDatabase;
  readonly fake: FakeAttio;
  readonly fakeProcess: FakeAttioProcess;
  /** The in-process worker's environment (its config is `worker.config`). */
  readonly env: Record<string, string | undefined>;
  /** ATTIO_API_KEY, ATTIO_BASE_URL (and ATTIO_TIMEOUT_MS when set): the Attio part of `env`. */
  readonly attioEnv: Env;
  readonly worker: TestWorker;
  /** The child-process worker now running (replaced by `startWorkerProcess`). */
  readonly workerProcess: WorkerProcess;
  readonly taskQueue: string;
  readonly client: Client;
  readonly web: WebServer;
  readonly browser: Browser;
  /** The fake's webhook aimed at the app's route (`fakeWebhook`). */
  readonly fakeWebhook: { webhookId: string; secret: string };
  /** Stops the web server (its route unreachable) until `startWeb`. */
  stopWeb(): Promise<void>;
  /** Starts the web server again on the same port, so the registered target URL still holds. */
  startWeb(): Promise<WebServer>;
  /** Starts another worker process on the task queue (after a test killed the last one). */
  startWorkerProcess(): Promise<WorkerProcess>;
  /** The web app's sync service wired to this harness. */
  syncDeps(): SyncLeadDeps;
}

/** Registers the hooks that start and stop the parts `opts` asks for; read them in tests and later hooks. */
export function useSyncHarness(opts: SyncHarnessOptions = {}): SyncHarness {
  const parts: {
    db?: TestDatabase;
    fake?: FakeAttio;
    fakeProcess?: FakeAttioProcess;
    worker?: TestWorker;
    workerProcess?: WorkerProcess;
    bundle?: WorkflowBundleFile;
    client?: Client;
    web?: WebServer;
    browser?: Browser;
    fakeWebhook?: { webhookId: string; secret: string };
  } = {};
  const env: Record<string, string | undefined> = {};
  const attioEnv: Env = {};
  let taskQueue: string | undefined;
  const workerOpts = opts.worker || undefined;
  const fakeOpts = opts.fake ?? {};
  let webEnv: Env = {};

  const need = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} is not part of this harness (or beforeAll has not run yet)`);
    return value;
  };

  const startChildWorker = async (w: ChildProcessWorker): Promise<WorkerProcess> => {
    parts.workerProcess = await startWorkerProcess({
      client: need(parts.client, "client"),
      taskQueue: need(taskQueue, "taskQueue"),
      databaseUrl: need(parts.db, "db").url,
      bundlePath: parts.bundle?.path,
      stickyTimeoutMs: w.stickyTimeoutMs,
      env: { ...attioEnv, ...w.env },
    });
    return parts.workerProcess;
  };

  beforeAll(async () => {
    parts.db = await createTestDatabase({ provider: opts.provider });
    await opts.seed?.(parts.db.prisma);
    if (fakeOpts === "process") parts.fakeProcess = await startFakeAttioProcess();
    else if (fakeOpts !== false) parts.fake = await startFakeAttio(fakeOpts);
    const attio = parts.fake ?? parts.fakeProcess;
    if (attio) {
      Object.assign(attioEnv, { ATTIO_API_KEY: opts.attioApiKey ?? attio.token, ATTIO_BASE_URL: attio.baseUrl });
      if (opts.attioTimeoutMs !== undefined) attioEnv.ATTIO_TIMEOUT_MS = String(opts.attioTimeoutMs);
    }
    Object.assign(env, attioEnv, workerOpts?.kind === "in-process" ? workerOpts.env : {});
    if (opts.client || workerOpts?.kind === "process") {
      parts.client = await connectTestClient(typeof opts.client === "object" ? opts.client.env : {});
    }
    if (workerOpts?.kind === "in-process") {
      parts.worker = await startTestWorker({
        prisma: parts.db.prisma,
        env,
        taskQueue: workerOpts.taskQueuePrefix ? uniqueTaskQueue(workerOpts.taskQueuePrefix) : undefined,
        workerOptions: workerOpts.workerOptions,
        logLevel: workerOpts.logLevel,
      });
      taskQueue = parts.worker.taskQueue;
    } else if (workerOpts?.kind === "process") {
      taskQueue = uniqueTaskQueue(workerOpts.taskQueuePrefix);
      if (workerOpts.prebuiltBundle) parts.bundle = await prebuildWorkflowBundle();
      await startChildWorker(workerOpts);
    }
    const web = opts.web;
    webEnv = {
      ...(typeof web === "object" && web.attio === false ? {} : attioEnv),
      DATABASE_URL: parts.db.url,
      TEMPORAL_ADDRESS: inject("temporalAddress"),
      ...(taskQueue ? { TEMPORAL_TASK_QUEUE: taskQueue } : {}),
      ...(typeof web === "object" ? web.env : {}),
    };
    [parts.web, parts.browser] = await Promise.all([web ? startWebServer(webEnv) : undefined, opts.browser ? launchChromium() : undefined]);
    if (opts.fakeWebhook) await registerWebhook();
  });

  const registerWebhook = async () => {
    const fake = need(parts.fake, "fake (in this process)");
    parts.fakeWebhook = await registerFakeWebhook(need(parts.db, "db").prisma, fake, need(parts.web, "web").url, webEnv);
  };

  if (opts.resetFakeAfterEach) {
    afterEach(async () => {
      parts.fake?.reset();
      if (opts.fakeWebhook) await registerWebhook();
    });
  }

  afterAll(async () => {
    await parts.browser?.close();
    await parts.web?.stop();
    await parts.worker?.shutdown();
    await parts.workerProcess?.stop();
    await parts.client?.connection.close();
    await parts.fake?.close();
    await parts.fakeProcess?.stop();
    await parts.db?.cleanup();
    parts.bundle?.remove();
  });

  const harness = {
    env,
    attioEnv,
    async stopWeb() {
      await need(parts.web, "web").stop();
    },
    async startWeb() {
      const port = Number(new URL(need(parts.web, "web").url).port);
      parts.web = await startWebServer(webEnv, { port });
      return parts.web;
    },
    startWorkerProcess() {
      if (workerOpts?.kind !== "process") throw new Error("this harness runs no worker process");
      return startChildWorker(workerOpts);
    },
    syncDeps() {
      return testSyncDeps({
        prisma: need(parts.db, "db").prisma,
        client: need(parts.client, "client"),
        taskQueue: need(taskQueue, "taskQueue"),
      });
    },
  };
  // Each part reads as a property that throws, naming the part, when the file's options left it out.
  const expose = (name: keyof SyncHarness, what: string, read: () => unknown) =>
    Object.defineProperty(harness, name, { get: () => need(read(), what), enumerable: true });
  expose("db", "db", () => parts.db);
  expose("fake", "fake (in this process)", () => parts.fake);
  expose("fakeProcess", "fake (own process)", () => parts.fakeProcess);
  expose("worker", "worker (in this process)", () => parts.worker);
  expose("workerProcess", "worker process", () => parts.workerProcess);
  expose("taskQueue", "taskQueue", () => taskQueue);
  expose("client", "client", () => parts.client);
  expose("web", "web", () => parts.web);
  expose("browser", "browser", () => parts.browser);
  expose("fakeWebhook", "fakeWebhook", () => parts.fakeWebhook);
  return harness as SyncHarness;
}
