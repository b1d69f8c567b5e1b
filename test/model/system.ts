/**
 * The real system the model test drives: a test database, the real worker (in this process) on the
 * run's Temporal dev server, and the fake Attio over HTTP with two tokens, one for leadsync and one
 * for "Attio users" who edit, delete and merge records through the same REST API.
 */
import { randomUUID } from "node:crypto";
import type { Client } from "@temporalio/client";
import { FAKE_ATTIO_DEFAULT_TOKEN, FAKE_ATTIO_FULL_SCOPES, startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { connectTestClient, startTestWorker, testSyncDeps, type TestWorker } from "../helpers/temporal";
import { runLeadSync, type SyncLeadToAttioResult } from "../../web/src/lib/sync/run-sync";
import { RESYNC_WORKFLOW_TYPE } from "../../web/src/lib/temporal/contract";
import type { LeadRow, NoteView, World } from "./invariants";

export const USER_TOKEN = "attio-user-token";

// Loosely typed fake records: the fake's answers are validated against OpenAPI elsewhere.
type ApiRecord = { id: { record_id: string }; values: Record<string, Record<string, string>[]> };
type ApiNote = { id: { note_id: string }; parent_record_id: string; content_markdown: string };

export interface ModelSystem {
  db: TestDatabase;
  fake: FakeAttio;
  client: Client;
  worker: TestWorker;
  close(): Promise<void>;
}

export async function startModelSystem(): Promise<ModelSystem> {
  const db = await createTestDatabase();
  const fake = await startFakeAttio({
    // Integrity, not throughput, is under test: the rate limit has its own suites.
    rateLimit: false,
    tokens: { [FAKE_ATTIO_DEFAULT_TOKEN]: { scopes: FAKE_ATTIO_FULL_SCOPES }, [USER_TOKEN]: { scopes: FAKE_ATTIO_FULL_SCOPES } },
  });
  const worker = await startTestWorker({
    prisma: db.prisma,
    env: { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl, ATTIO_TIMEOUT_MS: "5000" },
    logLevel: "ERROR",
  });
  const client = await connectTestClient();
  return {
    db,
    fake,
    client,
    worker,
    async close() {
      await worker.shutdown();
      await fake.close();
      await db.cleanup();
    },
  };
}

/** Empties the workspace and Attio before a sequence. */
export async function resetModelSystem(sys: ModelSystem): Promise<void> {
  await sys.db.prisma.lead.deleteMany();
  await sys.db.prisma.attioRecordClaim.deleteMany(); // they map keys to records of the emptied Attio
  sys.fake.reset();
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
  const rows: LeadRow[] = await sys.db.prisma.lead.findMany({ select: LEAD_SELECT, orderBy: { id: "asc" } });
  return { people, companies, notes, leads: new Map(rows.map((l) => [l.id, l])) };
}

/** Record ids of one object in creation order (the fake lists them so). */
export function recordIds(sys: ModelSystem, object: "people" | "companies"): string[] {
  return (sys.fake.listRecords(object) as ApiRecord[]).map((r) => r.id.record_id);
}

/** One REST call as an Attio user; returns the status and parsed body. */
export async function asAttioUser(
  sys: ModelSystem,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sys.fake.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${USER_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
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
