/**
 * The real system the model test drives: a test database, the real worker (in this process) on the
 * run's Temporal dev server, and the fake Attio over HTTP with two tokens, one for leadsync and one
 * for "Attio users" who edit, delete and merge records through the same REST API (as a workspace
 * member). Two-way sync: the fake's webhook aims at the model's wire (wire.ts), which hands the
 * deliveries to the intake the app's route runs; an inbox drain runs as in the worker process.
 */
import { randomUUID } from "node:crypto";
import type { Client } from "@temporalio/client";
import { FAKE_ATTIO_DEFAULT_TOKEN, FAKE_ATTIO_FULL_SCOPES, startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { savePipelineSettings } from "../../prisma/attio-settings-fixtures";
import { startInboundDrain, type InboundDrain } from "../../temporal/inbound-drain";
import type { ApplyDeps } from "../../web/src/lib/attio-inbound/apply";
import { receiveAttioDelivery, signalAfterIntake } from "../../web/src/lib/attio-inbound/intake";
import { temporalInboxSignaller } from "../../web/src/lib/attio-inbound/signaller";
import { createAttioClient } from "../../web/src/lib/attio/client";
import { loadFieldPolicy, saveFieldPolicy } from "../../web/src/lib/crm-settings/field-policy-store";
import { loadCrmSettings } from "../../web/src/lib/crm-settings/mapping-store";
import { leadWithEvidence } from "../../web/src/lib/leads/lead-with-evidence";
import { snapshotHash, toLeadSnapshot } from "../../web/src/lib/note/snapshot";
import { TEST_PAYLOAD_KEY, TEST_QUIET_MS, registerFakeWebhook } from "../helpers/attio-webhooks";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { connectTestClient, startTestWorker, testSyncDeps, type TestWorker } from "../helpers/temporal";
import { runLeadSync, type SyncLeadToAttioResult } from "../../web/src/lib/sync/run-sync";
import { RESYNC_WORKFLOW_TYPE } from "../../web/src/lib/temporal/contract";
import type { EntryView, InboxView, LeadRow, NoteView, World } from "./invariants";
import { reconcileSyncedLeads } from "../../web/src/lib/attio-inbound/reconcile";
import { type Handover, Wire, type WirePlan } from "./wire";

export const USER_TOKEN = "attio-user-token";
/** The workspace member the model's Attio users act as (events name them as `workspace-member`). */
export const USER_MEMBER = "ada@leadsync.example";
/** The seeded list the pipeline configuration sends people to (fake-attio/crm.ts). */
export const PIPELINE_LIST = "outbound_pipeline";
/** Statuses that pause scheduled re-syncs (the CRM settings' default). */
export const PAUSING_STAGES = ["Won", "Lost"];
const INTAKE_ENV = { LEADSYNC_PAYLOAD_KEY: TEST_PAYLOAD_KEY };
/** Fake time to let pass at a settle point, so Attio's system echoes (<= 1 s after a write) are sent. */
const ECHO_WINDOW_MS = 2_000;
/** A liveness bound, not a timing assertion: rows still without an outcome after this are reported (I10). */
const SETTLE_TIMEOUT_MS = 180_000;

/** Per sequence: the field directions and CRM settings in force. */
export interface ModelConfig {
  /** person.jobTitle is `pull`: Attio's value comes into the lead, syncs never write it to an existing person. */
  pullJobTitle: boolean;
  /** The CRM settings send people to the pipeline list (stage Prospect, owner Grace). */
  pipeline: boolean;
}

// Loosely typed fake records: the fake's answers are validated against OpenAPI elsewhere.
type ApiRecord = { id: { record_id: string }; values: Record<string, Record<string, string>[]> };
type ApiNote = { id: { note_id: string }; parent_record_id: string; content_markdown: string };

export interface ModelSystem {
  db: TestDatabase;
  fake: FakeAttio;
  client: Client;
  worker: TestWorker;
  wire: Wire;
  /** The task queue the per-record inbound workflows run on (the kill worker's with --kill). */
  inboundQueue: string;
  /** Writes the Attio users' own requests made (the fake's log does not say whose a write was). */
  userWrites: number;
  close(): Promise<void>;
}

export async function startModelSystem(): Promise<ModelSystem> {
  const db = await createTestDatabase();
  const fake = await startFakeAttio({
    // Integrity, not throughput, is under test: the rate limit has its own suites.
    rateLimit: false,
    // The webhook target is the model's wire on 127.0.0.1.
    allowHttpTargets: true,
    tokens: { [FAKE_ATTIO_DEFAULT_TOKEN]: { scopes: FAKE_ATTIO_FULL_SCOPES }, [USER_TOKEN]: { scopes: FAKE_ATTIO_FULL_SCOPES } },
  });
  const worker = await startTestWorker({
    prisma: db.prisma,
    env: { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl, ATTIO_TIMEOUT_MS: "5000" },
    logLevel: "ERROR",
  });
  const client = await connectTestClient();
  const wire = await Wire.start();
  const sys: ModelSystem = {
    db,
    fake,
    client,
    worker,
    wire,
    inboundQueue: worker.taskQueue,
    userWrites: 0,
    async close() {
      await drain.stop();
      await wire.close();
      await worker.shutdown();
      await fake.close();
      await db.cleanup();
    },
  };
  // As the worker process runs it: rows the intake stored but did not signal are signalled from here.
  const drain: InboundDrain = startInboundDrain({
    prisma: db.prisma,
    signal: (workflowId, ids) => signaller(sys)(workflowId, ids),
    taskQueue: worker.taskQueue,
    everyMs: 1_000,
  });
  return sys;
}

function signaller(sys: ModelSystem) {
  return temporalInboxSignaller(sys.client, { taskQueue: sys.inboundQueue, quietMs: TEST_QUIET_MS });
}

/** Empties the workspace and Attio before a sequence, registers the fake's webhook and applies `config`. */
export async function resetModelSystem(sys: ModelSystem, config: ModelConfig): Promise<void> {
  const { prisma } = sys.db;
  await prisma.lead.deleteMany();
  await prisma.attioRecordClaim.deleteMany(); // they map keys to records of the emptied Attio
  await prisma.attioInboxEvent.deleteMany();
  await prisma.attioRecordState.deleteMany();
  await prisma.appSetting.deleteMany();
  await prisma.attioSettings.deleteMany();
  sys.fake.reset();
  sys.wire.reset();
  await registerFakeWebhook(prisma, sys.fake, sys.wire.url, INTAKE_ENV);
  if (config.pullJobTitle) await saveFieldPolicy(prisma, {}, { "person.jobTitle": "pull" });
  if (config.pipeline) await savePipelineSettings(prisma);
}

const LEAD_SELECT = {
  id: true,
  name: true,
  role: true,
  companyName: true,
  companyDomain: true,
  email: true,
  linkedinUrl: true,
  attioPersonId: true,
  attioCompanyId: true,
  attioSyncStatus: true,
  attioSyncError: true,
  attioLastRunId: true,
  attioEntryId: true,
  attioStage: true,
  attioEntryOwner: true,
  attioDeletedKind: true,
  attioResyncPausedAt: true,
} as const;

const text = (r: ApiRecord, slug: string, key = "value") => r.values[slug]?.[0]?.[key] ?? null;

/** The fake's people, companies and notes and the database's leads, as the invariants see them. */
export async function readWorld(sys: ModelSystem): Promise<World> {
  const people = new Map(
    (sys.fake.listRecords("people") as ApiRecord[]).map((r) => [
      r.id.record_id,
      {
        id: r.id.record_id,
        name: text(r, "name", "full_name"),
        jobTitle: text(r, "job_title"),
        linkedin: text(r, "linkedin"),
        emails: (r.values.email_addresses ?? []).map((e) => e.email_address),
        companyId: text(r, "company", "target_record_id"),
      },
    ]),
  );
  const companies = new Map(
    (sys.fake.listRecords("companies") as ApiRecord[]).map((r) => [
      r.id.record_id,
      { id: r.id.record_id, name: text(r, "name"), domains: (r.values.domains ?? []).map((d) => d.domain) },
    ]),
  );
  const notes: NoteView[] = (sys.fake.listNotes() as ApiNote[]).map((n) => ({
    id: n.id.note_id,
    parentId: n.parent_record_id,
    content: n.content_markdown,
  }));
  const { prisma } = sys.db;
  const rows = await prisma.lead.findMany({ select: LEAD_SELECT, orderBy: { id: "asc" } });
  // In step: what a scheduled pass compares (temporal/activities/resync.ts).
  const full = await prisma.lead.findMany({ include: leadWithEvidence });
  const inStep = new Set(full.filter((l) => l.attioSnapshotHash === snapshotHash(toLeadSnapshot(l))).map((l) => l.id));
  const leads: LeadRow[] = rows.map((l) => ({ ...l, inStep: inStep.has(l.id) }));
  const inbox: InboxView[] = await prisma.attioInboxEvent.findMany({
    select: { id: true, deliveryKey: true, eventIndex: true, eventType: true, outcome: true, detail: true, appliedAt: true },
    orderBy: { id: "asc" },
  });
  return { people, companies, notes, entries: readEntries(sys), inbox, leads: new Map(leads.map((l) => [l.id, l])) };
}

/** The pipeline list's entries as the fake holds them, stage and owner by title and email. */
function readEntries(sys: ModelSystem): EntryView[] {
  const { crm } = sys.fake;
  const list = crm.lists.find((l) => l.apiSlug === PIPELINE_LIST);
  if (!list) return [];
  const stages = list.attributes.find((a) => a.slug === "stage")?.custom?.choices ?? [];
  return crm.entries
    .filter((e) => e.listId === list.id)
    .map((e) => {
      const stageId = e.values.get("stage")?.[0]?.data.status_id;
      const ownerId = e.values.get("owner")?.[0]?.data.referenced_actor_id;
      return {
        id: e.id,
        parentId: e.parentRecordId,
        stage: stages.find((c) => c.id === stageId)?.title ?? null,
        owner: crm.members.find((m) => m.id === ownerId)?.email ?? null,
      };
    });
}

/** Every write the fake has logged so far (leadsync's and the Attio users'). */
export function writeCount(sys: ModelSystem): number {
  return sys.fake.requests().filter((r) => r.kind === "write").length;
}

export interface Settled {
  handovers: Handover[];
  /** Inbox rows still without an outcome when the settle gave up (I10). */
  unapplied: number[];
  /** With a kill after intake: rows not yet applied when the worker was killed. */
  unappliedAtKill?: number;
}

/**
 * A settle point: lets Attio's echoes fire, waits for the fake's deliveries to reach the wire,
 * hands them to the intake as `plan` says (optionally killing the inbound worker right after),
 * and waits until every inbox row has an outcome.
 */
export async function settleInbound(sys: ModelSystem, plan: WirePlan, killAfterIntake?: () => Promise<void>): Promise<Settled> {
  await sys.fake.webhooks.advance(ECHO_WINDOW_MS);
  await sys.fake.webhooks.settle();
  const handovers = await sys.wire.handOver(plan, (msg, signal) => intake(sys, msg, signal));
  let unappliedAtKill: number | undefined;
  if (killAfterIntake) {
    unappliedAtKill = await sys.db.prisma.attioInboxEvent.count({ where: { outcome: null } });
    await killAfterIntake();
  }
  return { handovers, unapplied: await waitForOutcomes(sys), unappliedAtKill };
}

/** What the route does with one delivery: verify, store, answer, then signal (or not: the app died after answering). */
async function intake(sys: ModelSystem, msg: { rawBody: string; headers: Record<string, string> }, signal: boolean) {
  const { prisma } = sys.db;
  const result = await receiveAttioDelivery(
    { prisma, env: INTAKE_ENV },
    { rawBody: msg.rawBody, header: (n) => msg.headers[n.toLowerCase()] ?? null },
  );
  if (signal) await signalAfterIntake(prisma, signaller(sys), result.fresh);
  return { status: result.status, stored: result.body.stored ?? 0 };
}

async function waitForOutcomes(sys: ModelSystem): Promise<number[]> {
  const until = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const open = await sys.db.prisma.attioInboxEvent.findMany({ where: { outcome: null }, select: { id: true } });
    if (open.length === 0 || Date.now() > until) return open.map((r) => r.id);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the inbound activity applies with: the settings and field directions in force now. */
async function applyDeps(sys: ModelSystem): Promise<ApplyDeps> {
  const { prisma } = sys.db;
  const [{ settings }, { directions }] = await Promise.all([
    loadCrmSettings(prisma),
    loadFieldPolicy(prisma, sys.worker.config.fieldPolicy),
  ]);
  return { prisma, attio: createAttioClient(sys.worker.config.attio), settings, directions };
}

/** One reconcile pass over every synced lead, a few leads per page (the pass's activity, called directly). */
export async function reconcilePass(sys: ModelSystem, pageSize = 3): Promise<{ scanned: number; changed: number }> {
  const deps = await applyDeps(sys);
  const total = { scanned: 0, changed: 0 };
  const passId = `model-reconcile-${randomUUID()}`;
  let afterLeadId = 0;
  for (;;) {
    const page = await reconcileSyncedLeads(deps, { afterLeadId, limit: pageSize, passId });
    total.scanned += page.scanned;
    total.changed += page.changed;
    if (page.nextAfterLeadId === null) return total;
    afterLeadId = page.nextAfterLeadId;
  }
}

/** Record ids of one object in creation order (the fake lists them so). */
export function recordIds(sys: ModelSystem, object: "people" | "companies"): string[] {
  return (sys.fake.listRecords(object) as ApiRecord[]).map((r) => r.id.record_id);
}

/** One REST call as an Attio user (a workspace member); returns the status and parsed body. */
export async function asAttioUser(
  sys: ModelSystem,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  // Nothing else talks to the fake meanwhile (no sync runs during a user's step): these writes are the user's.
  const writesBefore = writeCount(sys);
  const res = await fetch(`${sys.fake.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${USER_TOKEN}`, "content-type": "application/json", "x-fake-attio-member": USER_MEMBER },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  sys.userWrites += writeCount(sys) - writesBefore;
  return { status: res.status, json };
}

/** A click on "Sync to Attio": the web app's service, waiting until the run ends. */
export function clickSync(sys: ModelSystem, leadId: number): Promise<SyncLeadToAttioResult> {
  const deps = testSyncDeps({
    prisma: sys.db.prisma,
    client: sys.client,
    taskQueue: sys.worker.taskQueue,
  });
  return runLeadSync(leadId, { ...deps, waitMs: 60_000 });
}

/** One pass of the scheduled re-sync over every lead, waiting for all its children. */
export async function scheduledPass(sys: ModelSystem, concurrency: number): Promise<void> {
  await sys.client.workflow.execute(RESYNC_WORKFLOW_TYPE, {
    taskQueue: sys.worker.taskQueue,
    workflowId: `model-resync-${randomUUID()}`,
    args: [{ concurrency }],
  });
}
