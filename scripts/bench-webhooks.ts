/**
 * `npm run bench:webhooks`: the Attio webhook intake (`POST /api/attio/webhooks`) of the production
 * build under load, with Temporal up, then killed, then back; prints one JSON object. Method,
 * output and figures: docs/benchmarks.md. Needs `npx next build web` first.
 *
 *   npm run bench:webhooks -- [--deliveries 2000] [--concurrency 8] [--records 300] [--warmup 50] [--seed 1] [--dump file.json]
 *
 * Started: a migrated temp SQLite database with a lead per Attio person, the fake Attio holding
 * those people, a Temporal dev server persisted to a file on a fixed port, a worker process
 * (`tsx temporal/worker.ts`, with its inbox drain) and `next start web`. The deliveries are split
 * in thirds: Temporal up, Temporal SIGKILLed, Temporal started again on the same port and file.
 * Exits 1 when a delivery was not answered 200, an event was lost or stored twice, or a row did
 * not get exactly one outcome. `--dump` writes every request ([ms since start, phase, latency ms,
 * status, events]) and the inbox after the restart ([ms since start, rows without outcome, rows
 * never signalled]) for a closer look.
 */
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client, Connection } from "@temporalio/client";
import { startFakeAttio } from "../fake-attio/server";
import { makeRng } from "../fake-attio/util";
import { createLeadWithEvidence } from "../prisma/lead-fixtures";
import { signAttioBody } from "../web/src/lib/attio-inbound/verify";
import { sealWebhookSecret } from "../web/src/lib/attio-inbound/webhook-secret";
import { createAttioClient } from "../web/src/lib/attio/client";
import { createPrismaClient, type PrismaClient } from "../web/src/lib/db";
import { arg, percentile } from "./lib/bench-web";
import { type NextServer, startNextServer } from "./lib/next-server";
import { freePort } from "./lib/ports";
import { startTemporalDevServer, type TemporalDevServer } from "./lib/temporal-dev-server";
import { prebuildWorkflowBundle, startWorkerProcess } from "./lib/worker-process";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const DELIVERIES = Math.floor(arg("deliveries", 2_000));
const CONCURRENCY = Math.floor(arg("concurrency", 8));
const RECORDS = Math.floor(arg("records", 300));
const WARMUP = Math.floor(arg("warmup", 50));
const SEED = Math.floor(arg("seed", 1));
const DUMP = (() => {
  const i = process.argv.indexOf("--dump");
  return i >= 0 ? process.argv[i + 1] : undefined;
})();
/** Every RESEND_EVERY-th delivery is sent a second time with the same Idempotency-Key. */
const RESEND_EVERY = 20;
/** How long the bench waits for every row to get an outcome once everything is sent. */
const SETTLE_TIMEOUT_MS = 10 * 60_000;

const log = (msg: string) => process.stderr.write(`bench-webhooks: ${msg}\n`);
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Phase = "warmup" | "temporal_up" | "temporal_down" | "after_restart";

interface Delivery {
  key: string;
  body: string;
  signature: string;
  events: number;
  /** A second copy of a delivery sent before (same key, body and signature). */
  resend: boolean;
}

interface Sample {
  delivery: Delivery;
  phase: Phase;
  /** performance.now() when sent. */
  at: number;
  ms: number;
  status: number;
  stored: number;
}

/**
 * `count` deliveries of 1-3 `record.updated` events. Records come in bursts (60% a single event,
 * else 2-12 events in a row on one record), cut into deliveries regardless of burst edges, so
 * consecutive deliveries, sent concurrently, often hit the same record. Every RESEND_EVERY-th
 * delivery is sent again: alternately right behind itself (two copies racing) or 40 deliveries later.
 */
function makeDeliveries(
  count: number,
  people: string[],
  seed: number,
  opts: { webhookId: string; secret: string; peopleObjectId: string; actorId: string },
) {
  // The same deliveries for the same --seed.
  const random = makeRng(seed);
  const pick = (n: number) => Math.floor(random() * n);
  let burst = { recordId: "", left: 0 };
  const nextRecord = () => {
    if (burst.left === 0) burst = { recordId: people[pick(people.length)], left: random() < 0.6 ? 1 : 2 + pick(11) };
    burst.left--;
    return burst.recordId;
  };
  const fresh: Delivery[] = [];
  for (let i = 0; i < count; i++) {
    const events = Array.from({ length: 1 + pick(3) }, () => ({
      event_type: "record.updated",
      id: { workspace_id: "ws", object_id: opts.peopleObjectId, record_id: nextRecord(), attribute_id: randomUUID() },
      actor: { type: "workspace-member", id: opts.actorId },
    }));
    const body = JSON.stringify({ webhook_id: opts.webhookId, events });
    fresh.push({ key: randomUUID(), body, signature: signAttioBody(body, opts.secret), events: events.length, resend: false });
  }
  const order: Delivery[] = [];
  const later = new Map<number, Delivery[]>();
  fresh.forEach((d, i) => {
    order.push(d, ...(later.get(i) ?? []));
    later.delete(i);
    if (i % RESEND_EVERY !== RESEND_EVERY - 1) return;
    const copy = { ...d, resend: true };
    if ((i / RESEND_EVERY) % 2 < 1) order.push(copy);
    else later.set(i + 40, [...(later.get(i + 40) ?? []), copy]);
  });
  for (const copies of later.values()) order.push(...copies);
  return order;
}

/** Sends the deliveries over `concurrency` connections; every answer with its latency. */
async function send(url: string, deliveries: Delivery[], phase: Phase, concurrency: number) {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++];
        const t = performance.now();
        let status = -1;
        let stored = 0;
        try {
          const res = await fetch(`${url}/api/attio/webhooks`, {
            method: "POST",
            headers: { "content-type": "application/json", "attio-signature": delivery.signature, "idempotency-key": delivery.key },
            body: delivery.body,
          });
          status = res.status;
          stored = ((await res.json().catch(() => ({}))) as { stored?: number }).stored ?? 0;
        } catch {
          // status -1: no answer at all
        }
        samples.push({ delivery, phase, at: t, ms: performance.now() - t, status, stored });
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

function phaseFigures(run: { samples: Sample[]; seconds: number }) {
  const ok = run.samples.filter((s) => s.status === 200);
  const ms = run.samples.map((s) => s.ms);
  const stored = run.samples.reduce((a, s) => a + s.stored, 0);
  return {
    requests: run.samples.length,
    resends: run.samples.filter((s) => s.delivery.resend).length,
    answered_200: ok.length,
    not_200: run.samples.length - ok.length,
    events_stored: stored,
    seconds: round(run.seconds, 2),
    deliveries_per_s: round(ok.length / run.seconds),
    events_per_s: round(stored / run.seconds),
    latency_ms: {
      p50: round(percentile(ms, 50)),
      p95: round(percentile(ms, 95)),
      p99: round(percentile(ms, 99)),
      max: round(Math.max(...ms)),
    },
  };
}

/**
 * signalWithStart calls/s the Temporal server takes at `concurrency`, on workflows of a task queue
 * nobody polls: the same kind of call the route and the drain make, at the load of this run.
 */
async function signalProbe(address: string, calls: number, concurrency: number): Promise<number> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    const taskQueue = `bench-probe-${randomUUID().slice(0, 8)}`;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < calls) {
          const i = next++;
          await client.workflow.signalWithStart("benchProbe", { workflowId: `probe-${i}`, taskQueue, signal: "probe", signalArgs: [[i]] });
        }
      }),
    );
    return round(calls / ((performance.now() - started) / 1000));
  } finally {
    await connection.close();
  }
}

/** CPU seconds (user + system) used so far by the processes of group `pgid`, or by process `pid`; 0 once gone. */
function cpuSeconds(match: { pgid: number } | { pid: number }): number {
  let ticks = 0;
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // After the command's closing parenthesis: state, ppid, pgrp, ..., utime (11th), stime (12th).
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if ("pgid" in match ? Number(f[2]) === match.pgid : Number(name) === match.pid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / 100;
}

/** A lead per person in the fake Attio (created there with the lead's values); returns the person ids. */
async function seedPeople(prisma: PrismaClient, fake: Awaited<ReturnType<typeof startFakeAttio>>, count: number): Promise<string[]> {
  const attio = createAttioClient({ apiKey: fake.token, baseUrl: fake.baseUrl });
  // Seeding only: Attio's limits are back on before the first delivery.
  fake.setRateLimit(false);
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const lead = await createLeadWithEvidence(prisma, {
      name: `Bench Person ${i}`,
      email: `person${i}@bench-co${i}.example`,
      role: "CTO",
      companyName: null,
      companyDomain: null,
      linkedinUrl: `https://www.linkedin.com/in/bench-person-${i}`,
    });
    const person = await attio.upsertPerson({ name: lead.name, email: lead.email, title: lead.role, linkedinUrl: lead.linkedinUrl });
    await prisma.lead.update({ where: { id: lead.id }, data: { attioPersonId: person.id, attioPersonUrl: person.webUrl } });
    ids.push(person.id);
  }
  fake.setRateLimit(undefined);
  return ids;
}

/**
 * Every outcome written to an inbox row, logged by a trigger in the bench's own database: a row
 * stamped twice (by two applies) shows up as two log lines, which the outcome column alone hides.
 */
async function logOutcomes(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(`CREATE TABLE "BenchOutcomeLog" (inboxId INTEGER NOT NULL, outcome TEXT NOT NULL)`);
  await prisma.$executeRawUnsafe(
    `CREATE TRIGGER "BenchOutcomeOnUpdate" AFTER UPDATE OF outcome ON "AttioInboxEvent" WHEN NEW.outcome IS NOT NULL
     BEGIN INSERT INTO "BenchOutcomeLog" (inboxId, outcome) VALUES (NEW.id, NEW.outcome); END`,
  );
  await prisma.$executeRawUnsafe(
    `CREATE TRIGGER "BenchOutcomeOnInsert" AFTER INSERT ON "AttioInboxEvent" WHEN NEW.outcome IS NOT NULL
     BEGIN INSERT INTO "BenchOutcomeLog" (inboxId, outcome) VALUES (NEW.id, NEW.outcome); END`,
  );
}

async function main() {
  if (!fs.existsSync(path.join(root, "web/.next/BUILD_ID"))) {
    throw new Error(
      "web/.next has no production build: run `LEADSYNC_SKIP_DOTENV=1 DATABASE_URL=file:/tmp/build.db npx next build web` first (about 3 min).",
    );
  }
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  const loadStart = fs.readFileSync("/proc/loadavg", "utf8").trim();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-bench-webhooks-"));
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => fs.rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const fn of cleanups) {
      try {
        await fn();
      } catch {
        // best effort: the next cleanup still runs
      }
    }
  };
  try {
    const databaseUrl = `file:${path.join(tmp, "bench.db")}`;
    execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
    const prisma = createPrismaClient(databaseUrl);
    cleanups.unshift(() => prisma.$disconnect());
    await logOutcomes(prisma);

    const payloadKey = randomBytes(32).toString("base64");
    const appEnv = {
      LEADSYNC_PASSWORD: "bench-webhooks-password",
      LEADSYNC_SESSION_SECRET: randomBytes(32).toString("base64"),
      LEADSYNC_PAYLOAD_KEY: payloadKey,
    };
    const fake = await startFakeAttio();
    cleanups.unshift(() => fake.close());
    log(`seeding ${RECORDS} people (a lead each, and the person in the fake Attio)`);
    const people = await seedPeople(prisma, fake, RECORDS);
    const readsBefore = fake.stats().reads;
    const webhookId = randomUUID();
    const secret = randomBytes(24).toString("hex");
    await prisma.attioWebhook.create({
      data: {
        id: webhookId,
        targetUrl: "https://leads.example.com/api/attio/webhooks",
        secret: await sealWebhookSecret(secret, appEnv),
        subscriptions: "[]",
        status: "active",
      },
    });

    // A fixed port and a database file, so the server started again after the kill is the same
    // server to the web app and the worker (their connections reconnect to the address they have).
    const temporalPort = await freePort();
    const temporalDb = path.join(tmp, "temporal.db");
    log("starting the Temporal dev server (persisted to a file); bundling the workflows");
    let temporal: TemporalDevServer;
    const [firstServer, bundle] = await Promise.all([
      startTemporalDevServer({ headless: true, port: temporalPort, dbFile: temporalDb }),
      prebuildWorkflowBundle(),
    ]);
    temporal = firstServer;
    cleanups.unshift(
      () => temporal.stop(),
      () => bundle.remove(),
    );
    const connection = await Connection.connect({ address: temporal.address });
    cleanups.unshift(() => connection.close());
    const client = new Client({ connection });
    const taskQueue = `bench-webhooks-${randomUUID().slice(0, 8)}`;
    const attioEnv = { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl, ATTIO_TIMEOUT_MS: "15000" };
    log("starting the worker and `next start web`");
    const [worker, web]: [Awaited<ReturnType<typeof startWorkerProcess>>, NextServer] = await Promise.all([
      startWorkerProcess({
        client,
        temporalAddress: temporal.address,
        taskQueue,
        databaseUrl,
        bundlePath: bundle.path,
        env: { ...attioEnv, LEADSYNC_PAYLOAD_KEY: payloadKey },
      }),
      startNextServer({
        ...attioEnv,
        ...appEnv,
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
      }),
    ]);
    cleanups.unshift(
      () => worker.stop(),
      () => web.stop(),
    );

    const shape = { webhookId, secret, peopleObjectId: fake.objectIds.people, actorId: fake.actors().members[0].id };
    const warm = makeDeliveries(WARMUP, people, SEED + 1_000_003, shape);
    const rest = makeDeliveries(DELIVERIES, people, SEED, shape);
    const third = Math.ceil(rest.length / 3);
    const [up, down, after] = [rest.slice(0, third), rest.slice(third, 2 * third), rest.slice(2 * third)];

    const maxInboxId = async () => (await prisma.attioInboxEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const benchStart = performance.now();
    log(`warm-up: ${warm.length} requests`);
    const warmRun = await send(web.url, warm, "warmup", CONCURRENCY);
    // Where the machine's time goes in each phase: the web app, the worker, Temporal, this process (and the fake in it).
    const cpuNow = () => ({
      web: cpuSeconds({ pgid: web.process.pid! }),
      worker: cpuSeconds({ pgid: worker.pid }),
      temporal: cpuSeconds({ pid: temporal.process.pid! }),
      bench_and_fake: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
    });
    const cpuSince = (from: ReturnType<typeof cpuNow>, to = cpuNow()) =>
      Object.fromEntries(Object.entries(to).map(([k, v]) => [k, round(v - from[k as keyof typeof from], 1)]));
    const cpuUp0 = cpuNow();
    const firstUpId = (await maxInboxId()) + 1;
    log(`Temporal up: ${up.length} requests, concurrency ${CONCURRENCY}`);
    const upRun = await send(web.url, up, "temporal_up", CONCURRENCY);
    const cpuUp = cpuSince(cpuUp0);

    log("SIGKILL to the Temporal dev server");
    const exited = new Promise((r) => temporal.process.once("exit", r));
    temporal.process.kill("SIGKILL");
    await exited;
    const killedAt = performance.now();
    const firstDownId = (await maxInboxId()) + 1;
    log(`Temporal down: ${down.length} requests`);
    const cpuDown0 = cpuNow();
    const downRun = await send(web.url, down, "temporal_down", CONCURRENCY);
    const cpuDown = cpuSince(cpuDown0);
    const lastDownId = await maxInboxId();

    const unsignalledAtRestart = await prisma.attioInboxEvent.count({ where: { signalledAt: null } });
    log("starting the Temporal dev server again (same port, same file)");
    const restartBegan = performance.now();
    temporal = await startTemporalDevServer({ headless: true, port: temporalPort, dbFile: temporalDb });
    const backAt = performance.now();

    // From the restart on: when the down phase's rows, and then all rows, have an outcome.
    let downRowsAppliedAt: number | null = null;
    let allAppliedAt: number | null = null;
    let sending = true;
    const inboxOverTime: [number, number, number][] = [];
    const watching = (async () => {
      for (;;) {
        const [open, openDown, unsignalled] = await Promise.all([
          prisma.attioInboxEvent.count({ where: { outcome: null } }),
          prisma.attioInboxEvent.count({ where: { outcome: null, id: { gte: firstDownId, lte: lastDownId } } }),
          prisma.attioInboxEvent.count({ where: { signalledAt: null } }),
        ]);
        inboxOverTime.push([Math.round(performance.now() - benchStart), open, unsignalled]);
        if (openDown === 0 && downRowsAppliedAt === null) downRowsAppliedAt = performance.now();
        if (open === 0 && !sending) {
          allAppliedAt = performance.now();
          return;
        }
        if (performance.now() - backAt > SETTLE_TIMEOUT_MS) return;
        await sleep(250);
      }
    })();
    log(`after the restart: ${after.length} requests`);
    const cpuAfter0 = cpuNow();
    const afterRun = await send(web.url, after, "after_restart", CONCURRENCY);
    const cpuAfter = cpuSince(cpuAfter0);
    const cpuSettle0 = cpuNow();
    const lastAfterId = await maxInboxId();
    const lastSentAt = performance.now();
    sending = false;
    log("waiting until every inbox row has an outcome");
    await watching;
    const cpuSettle = cpuSince(cpuSettle0);
    log("probing the Temporal server's signalWithStart rate");
    const signalsPerSecond = await signalProbe(temporal.address, 300, CONCURRENCY);
    const loadEnd = fs.readFileSync("/proc/loadavg", "utf8").trim();

    // What was sent against what is stored, per Idempotency-Key.
    const samples = [...warmRun.samples, ...upRun.samples, ...downRun.samples, ...afterRun.samples];
    if (DUMP) {
      const requests = samples.map((s) => [Math.round(s.at - benchStart), s.phase, round(s.ms), s.status, s.delivery.events]);
      fs.writeFileSync(DUMP, JSON.stringify({ requests, inbox_after_restart: inboxOverTime }));
    }
    const expected = new Map<string, { events: number; answeredStored: number }>();
    for (const s of samples) {
      const e = expected.get(s.delivery.key) ?? { events: s.delivery.events, answeredStored: 0 };
      e.answeredStored += s.stored;
      expected.set(s.delivery.key, e);
    }
    const rows = await prisma.attioInboxEvent.findMany({
      select: { id: true, deliveryKey: true, workflowId: true, outcome: true, receivedAt: true, signalledAt: true, appliedAt: true },
    });
    /** Per phase (by inbox id): how long its rows waited from being stored until signalled, and until applied. */
    const lags = (from: number, to: number) => {
      const of = rows.filter((r) => r.id >= from && r.id <= to);
      const lag = (pick: (r: (typeof of)[number]) => Date | null) => {
        const ms = of.flatMap((r) => {
          const at = pick(r);
          return at ? [at.getTime() - r.receivedAt.getTime()] : [];
        });
        return ms.length ? { p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) } : null;
      };
      return { stored_to_signalled_ms: lag((r) => r.signalledAt), stored_to_applied_ms: lag((r) => r.appliedAt) };
    };
    const storedByKey = new Map<string, number>();
    for (const r of rows) storedByKey.set(r.deliveryKey, (storedByKey.get(r.deliveryKey) ?? 0) + 1);
    let lost = 0;
    let storedTwice = 0;
    let answerMismatch = 0;
    let eventsSent = 0;
    for (const [key, e] of expected) {
      eventsSent += e.events;
      const n = storedByKey.get(key) ?? 0;
      if (n < e.events) lost += e.events - n;
      if (n > e.events) storedTwice += n - e.events;
      // The copies of one delivery together answer `stored` equal to its events: one stores, the other finds them there.
      if (e.answeredStored !== e.events) answerMismatch++;
    }
    const outcomeLog = await prisma.$queryRawUnsafe<{ inboxId: number; n: number }[]>(
      `SELECT inboxId, COUNT(*) AS n FROM "BenchOutcomeLog" GROUP BY inboxId`,
    );
    const rowsWithoutOutcome = rows.filter((r) => r.outcome === null).length;
    const rowsStampedTwice = outcomeLog.filter((o) => Number(o.n) > 1).length;
    const outcomes: Record<string, number> = {};
    for (const r of rows) if (r.outcome) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    // All events are record.updated, so an apply stamps its rows in one statement with one
    // appliedAt: the distinct (workflow, appliedAt) pairs are the applies.
    const applies = new Set(rows.filter((r) => r.appliedAt).map((r) => `${r.workflowId} ${r.appliedAt!.getTime()}`)).size;
    const workflows = new Set(rows.map((r) => r.workflowId)).size;
    const notOk = samples.filter((s) => s.status !== 200);
    const fakeStats = fake.stats();
    const drainErrors = worker
      .output()
      .split("\n")
      .filter((l) => l.includes("inbox drain:"));

    const ok =
      notOk.length === 0 &&
      lost === 0 &&
      storedTwice === 0 &&
      answerMismatch === 0 &&
      rowsWithoutOutcome === 0 &&
      rowsStampedTwice === 0 &&
      outcomeLog.length === rows.length;
    const ms = (a: number | null, b: number) => (a === null ? null : Math.round(a - b));
    const out = {
      commit,
      loadavg_start: loadStart,
      loadavg_end: loadEnd,
      options: {
        deliveries: DELIVERIES,
        concurrency: CONCURRENCY,
        records: RECORDS,
        warmup: WARMUP,
        seed: SEED,
        resend_every: RESEND_EVERY,
      },
      phases: {
        temporal_up: { ...phaseFigures(upRun), ...lags(firstUpId, firstDownId - 1), cpu_s: cpuUp },
        temporal_down: { ...phaseFigures(downRun), ...lags(firstDownId, lastDownId), cpu_s: cpuDown },
        after_restart: { ...phaseFigures(afterRun), ...lags(lastDownId + 1, lastAfterId), cpu_s: cpuAfter },
      },
      temporal: {
        down_ms: Math.round(backAt - killedAt),
        restart_ms: Math.round(backAt - restartBegan),
        rows_unsignalled_at_restart: unsignalledAtRestart,
        probe_signal_with_start_per_s: signalsPerSecond,
        // The worker logs each failed pass of its inbox drain (Temporal unreachable).
        worker_drain_errors: drainErrors.length,
        worker_drain_error_kinds: [...new Set(drainErrors.map((l) => l.slice(0, 160)))].slice(0, 3),
      },
      settle_cpu_s: cpuSettle,
      recovery_ms: {
        restart_to_down_rows_applied: ms(downRowsAppliedAt, backAt),
        restart_to_all_applied: ms(allAppliedAt, backAt),
        last_delivery_to_all_applied: ms(allAppliedAt, lastSentAt),
      },
      inbox: {
        requests: samples.length,
        resends: samples.filter((s) => s.delivery.resend).length,
        not_200: notOk.length,
        not_200_statuses: [...new Set(notOk.map((s) => s.status))],
        events_sent: eventsSent,
        events_stored: rows.length,
        lost,
        duplicates_stored: storedTwice,
        deliveries_answered_wrong_stored: answerMismatch,
        rows_without_outcome: rowsWithoutOutcome,
        rows_stamped_twice: rowsStampedTwice,
        outcomes_written: outcomeLog.reduce((a, o) => a + Number(o.n), 0),
        outcomes,
      },
      apply: {
        records_hit: workflows,
        applies,
        events_per_apply: round(rows.length / Math.max(1, applies), 2),
        attio_reads: fakeStats.reads - readsBefore,
        attio_429s: fakeStats.status429,
      },
      ok,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    if (!ok && worker.output()) log(`worker output (tail):\n${worker.output().slice(-3_000)}`);
    return ok;
  } finally {
    await cleanup();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err: unknown) => {
    console.error("bench-webhooks failed:", err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
