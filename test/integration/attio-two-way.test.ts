import { afterEach, describe, expect, it } from "vitest";
import { savePipelineSettings } from "../../prisma/attio-settings-fixtures";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { createResyncActivities } from "../../temporal/activities/resync";
import { signAttioBody } from "../../web/src/lib/attio-inbound/verify";
import { saveFieldPolicy } from "../../web/src/lib/crm-settings/field-policy-store";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { leadWorkflowId } from "../../web/src/lib/temporal/contract";
import { asAttioMember, clearTwoWayState, TEST_PAYLOAD_KEY } from "../helpers/attio-webhooks";
import { useSyncHarness } from "../helpers/harness";
import { runResyncPass } from "./resync-helpers";

type Json = any;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Two-way sync with nothing standing in but Attio: the fake Attio delivers signed webhooks over
 * HTTP to the production build's route, which stores them and signals the per-record workflows
 * on the dev server, applied by the real worker. Members act in the fake (`X-Fake-Attio-Member`).
 */
describe("two-way sync end to end (the fake delivers to the app's route)", () => {
  const h = useSyncHarness({
    fake: { rateLimit: false, allowHttpTargets: true },
    resetFakeAfterEach: true,
    fakeWebhook: true,
    attioTimeoutMs: 5000,
    worker: { kind: "in-process", logLevel: "ERROR", env: { LEADSYNC_PAYLOAD_KEY: TEST_PAYLOAD_KEY } },
    client: { env: { LEADSYNC_PAYLOAD_KEY: TEST_PAYLOAD_KEY } },
    web: {
      env: {
        LEADSYNC_PASSWORD: "two-way-test-password",
        LEADSYNC_SESSION_SECRET: "two-way-test-session-secret-0123456789abcdef",
        LEADSYNC_PAYLOAD_KEY: TEST_PAYLOAD_KEY,
      },
    },
  });
  afterEach(async () => {
    await clearTwoWayState(h.db.prisma);
  });

  const lead = (id: number) => h.db.prisma.lead.findUniqueOrThrow({ where: { id } });
  const inbox = () => h.db.prisma.attioInboxEvent.findMany({ orderBy: { id: "asc" } });
  const people = () => h.fake.listRecords("people") as Json[];
  const requests = () => h.fake.requests() as Json[];
  const writes = () => requests().filter((r) => r.kind === "write");
  /** People leadsync created (attempts Attio refused created nothing). */
  const personCreates = () =>
    requests().filter((r) => r.method === "POST" && r.path === "/v2/objects/people/records" && r.status === 200).length;
  const deliveries = () => h.fake.webhooks.deliveries();

  async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Fires the fake's pending echoes, waits for its deliveries, then for every inbox row to have an outcome. */
  async function quiet(timeoutMs = 30_000) {
    await h.fake.webhooks.advance(5_000);
    await h.fake.webhooks.settle();
    return until("every inbox row applied", inbox, (rows) => rows.every((r) => r.outcome !== null), timeoutMs);
  }

  async function sync(leadId: number) {
    expect(await runLeadSync(leadId, h.syncDeps())).toMatchObject({ success: true });
    await h.client.workflow.getHandle(leadWorkflowId(leadId)).result();
  }
  /** A synced lead whose own sync's events have been delivered and applied. */
  async function syncedLead(fields: Parameters<typeof createLeadWithEvidence>[1] = {}) {
    const created = await createLeadWithEvidence(h.db.prisma, fields);
    await sync(created.id);
    await quiet();
    return lead(created.id);
  }

  const asMember = (method: string, path: string, body: object) => asAttioMember(h.fake, method, path, body);

  async function asMemberEdit(personId: string, values: object) {
    const edit = await asMember("PATCH", `/objects/people/records/${personId}`, { data: { values } });
    expect(edit.status).toBe(200);
  }
  function moveStage(title: string) {
    const [entry] = h.fake.crm.entries as Json[];
    h.fake.crm.setEntryStage("outbound_pipeline", entry.id, title);
    return entry;
  }

  it("a forged delivery to the route is refused with 401 and changes nothing", async () => {
    const ada = await syncedLead();
    const rowsBefore = (await inbox()).length;
    const rawBody = JSON.stringify({
      webhook_id: h.fakeWebhook.webhookId,
      events: [
        {
          event_type: "record.deleted",
          id: { workspace_id: h.fake.workspaceId, object_id: h.fake.objectIds.people, record_id: ada.attioPersonId },
          actor: { type: "workspace-member", id: null },
        },
      ],
    });
    const res = await fetch(`${h.web.url}/api/attio/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "attio-signature": signAttioBody(rawBody, "not-the-webhook-secret"),
        "idempotency-key": "forged-1",
      },
      body: rawBody,
    });
    expect(res.status).toBe(401);
    expect((await inbox()).length).toBe(rowsBefore);
    expect(await lead(ada.id)).toMatchObject({ attioPersonId: ada.attioPersonId, attioDeletedAt: null });
  });

  it("a replayed delivery (the fake sends each message twice, same Idempotency-Key) is stored and applied once", async () => {
    const ada = await syncedLead();
    const rowsBefore = (await inbox()).length;
    h.fake.webhooks.configure({ duplicateRate: 1, seed: 1 });
    h.fake.deleteRecord("people", ada.attioPersonId!);
    const rows = (await quiet()).slice(rowsBefore);

    const attempts = deliveries().filter((d) => d.eventTypes.includes("record.deleted"));
    expect(attempts.length).toBe(2);
    expect(new Set(attempts.map((d) => d.idempotencyKey)).size).toBe(1);
    expect(attempts.every((d) => d.status === 200)).toBe(true);
    const deletes = rows.filter((r) => r.eventType === "record.deleted");
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toMatchObject({ outcome: "applied", leadId: ada.id, deliveryKey: attempts[0].idempotencyKey });
    expect(await lead(ada.id)).toMatchObject({ attioPersonId: null, attioDeletedKind: "person", name: ada.name });
  });

  it("a merge done in Attio by a member re-points both leads within seconds; their next syncs create no person", async () => {
    const ada = await syncedLead({ email: "ada@engines.example" });
    const bea = await syncedLead({ name: "Ada L.", email: "ada.l@engines.example" });
    const merged = await asMember("POST", "/objects/people/records/merge", {
      data: { primary_record_id: ada.attioPersonId, secondary_record_id: bea.attioPersonId },
    });
    expect(merged.status).toBe(200);
    const survivor = merged.body.data.new_record_id as string;
    const startedAt = Date.now();
    await until(
      "both leads on the survivor",
      () => Promise.all([lead(ada.id), lead(bea.id)]),
      (ls) => ls.every((l) => l.attioPersonId === survivor),
    );
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    const mergeRows = (await quiet()).filter((r) => r.eventType === "record.merged");
    expect(mergeRows.map((r) => [r.workflowId, r.outcome])).toEqual([
      [`attio-people-${survivor}`, "applied"],
      [`attio-people-${survivor}`, "applied"],
    ]);

    const before = personCreates();
    await sync(ada.id);
    await sync(bea.id);
    expect(personCreates()).toBe(before);
    expect(people()).toHaveLength(1);
    expect((await lead(ada.id)).attioPersonId).toBe(survivor);
  });

  it("a sync running while a merge answered 202 waits out merge_in_progress and creates no person", async () => {
    const ada = await syncedLead({ email: "ada@engines.example" });
    const bea = await syncedLead({ name: "Ada L.", email: "ada.l@engines.example" });
    h.fake.webhooks.setMergeInProgressMs(4_000);
    const merged = await asMember("POST", "/objects/people/records/merge", {
      data: { primary_record_id: ada.attioPersonId, secondary_record_id: bea.attioPersonId },
    });
    expect(merged.status).toBe(202);
    const survivor = merged.body.data.new_record_id as string;
    const before = personCreates();
    // Edited meanwhile, so the sync has something to write.
    await h.db.prisma.lead.update({ where: { id: ada.id }, data: { role: "Chief Engineer" } });
    await sync(ada.id);
    await quiet();
    expect(personCreates()).toBe(before);
    expect(people()).toHaveLength(1);
    expect((await lead(ada.id)).attioPersonId).toBe(survivor);
    expect((await lead(bea.id)).attioPersonId).toBe(survivor);
  });

  it("a stage moved to Won by a member shows on the lead and stops its scheduled re-sync", async () => {
    await savePipelineSettings(h.db.prisma);
    const ada = await syncedLead();
    const entry = moveStage("Won");
    const moved = await until(
      "the stage on the lead",
      () => lead(ada.id),
      (l) => l.attioStage === "Won",
    );
    expect(moved).toMatchObject({ attioEntryId: entry.id, attioEntryOwner: "grace@leadsync.example" });
    expect(moved.attioResyncPausedReason).toContain("Won");
    await quiet();

    // Edited since its last sync, yet a scheduled pass (the dispatcher workflow) does not sync it.
    await h.db.prisma.lead.update({ where: { id: ada.id }, data: { role: "CEO" } });
    const pass = await runResyncPass(h.client, h.taskQueue, `resync-won-${Date.now()}`);
    expect(pass.started).toBe(0);
    expect((await lead(ada.id)).attioLastRunId).toBe(moved.attioLastRunId);
  });

  it("a pulled title edited by a member lands in the lead and is not pushed back (no leadsync write follows)", async () => {
    await saveFieldPolicy(h.db.prisma, { "person.jobTitle": "always" }, { "person.jobTitle": "pull" });
    const ada = await syncedLead({ role: "CTO" });
    await asMemberEdit(ada.attioPersonId!, { job_title: "Chief Scientist" });
    const writesAfterUserChange = writes().length;
    await until(
      "the title on the lead",
      () => lead(ada.id),
      (l) => l.role === "Chief Scientist",
    );
    const rows = await quiet();
    expect(rows.filter((r) => r.detail?.includes("job title pulled"))).toHaveLength(1);

    const scan = await createResyncActivities({ prisma: h.db.prisma }).findLeadsNeedingSync({ afterLeadId: 0, limit: 100 });
    expect(scan.leadIds).not.toContain(ada.id);
    expect(writes().length).toBe(writesAfterUserChange);
    expect(people()[0].values.job_title[0].value).toBe("Chief Scientist");
  });

  it("leadsync's own writes' events change nothing and start no sync", async () => {
    await savePipelineSettings(h.db.prisma);
    const created = await createLeadWithEvidence(h.db.prisma);
    await sync(created.id);
    const synced = await lead(created.id);
    const writesOfSync = writes().length;
    const rows = await quiet();
    expect(rows.map((r) => r.actorType)).toContain("api-token");
    // The records' events are echoes; the entry's only records on the lead the stage the sync set.
    const applied = rows.filter((r) => r.outcome === "applied" || r.outcome === "failed");
    expect(applied.map((r) => r.eventType)).toEqual(applied.map(() => "list-entry.created"));
    const after = await lead(created.id);
    expect(after).toMatchObject({ attioLastRunId: synced.attioLastRunId, name: synced.name, role: synced.role, attioStage: "Prospect" });
    expect(writes().length).toBe(writesOfSync);
  });

  it.each([
    ["a pushed title edited by a member", [], (personId: string) => asMemberEdit(personId, { job_title: "Typist" })],
    ["a stage moved by a member (and Attio's system echo of it)", ["system"], () => moveStage("Qualified")],
  ])("%s causes no leadsync write and starts no sync", async (_name, echoActors, change) => {
    await savePipelineSettings(h.db.prisma);
    const ada = await syncedLead();
    await change(ada.attioPersonId!);
    const writesAfterUserChange = writes().length;
    await h.fake.webhooks.advance(5_000);
    const rows = await quiet();
    expect(rows.filter((r) => r.actorType === "workspace-member").length).toBeGreaterThan(0);
    const echoes = rows.filter((r) => r.actorType === "system");
    expect(echoes.length > 0).toBe(echoActors.length > 0);
    expect(echoes.filter((r) => r.outcome === "applied" || r.outcome === "failed")).toEqual([]);
    expect(writes().length).toBe(writesAfterUserChange);
    expect((await lead(ada.id)).attioLastRunId).toBe(ada.attioLastRunId);
  });

  it("a day with the app's route down ends with every member change applied exactly once", async () => {
    await savePipelineSettings(h.db.prisma);
    await saveFieldPolicy(h.db.prisma, { "person.jobTitle": "always" }, { "person.jobTitle": "pull" });
    const ada = await syncedLead({ role: "CTO" });
    const rowsBefore = (await inbox()).length;

    await h.stopWeb();
    await asMemberEdit(ada.attioPersonId!, { job_title: "Chief Scientist" });
    moveStage("Won");
    const writesAfterUserChanges = writes().length;
    await h.fake.webhooks.advance(DAY_MS);
    const failed = deliveries().filter((d) => !d.delivered);
    expect(failed.length).toBeGreaterThan(4);
    expect(failed.every((d) => d.status === null)).toBe(true);
    expect((await inbox()).length).toBe(rowsBefore);

    await h.startWeb();
    await h.fake.webhooks.advance(DAY_MS);
    const rows = (await quiet(60_000)).slice(rowsBefore);
    const delivered = deliveries().filter((d) => d.delivered);
    const keys = new Set(failed.map((d) => d.idempotencyKey));
    for (const key of keys) expect(delivered.filter((d) => d.idempotencyKey === key)).toHaveLength(1);
    expect(rows.length).toBe(keys.size);
    expect(new Set(rows.map((r) => r.deliveryKey))).toEqual(keys);
    expect(rows.filter((r) => r.actorType === "workspace-member").map((r) => r.outcome)).not.toContain("failed");
    expect(await lead(ada.id)).toMatchObject({ role: "Chief Scientist", attioStage: "Won" });
    expect(writes().length).toBe(writesAfterUserChanges);
  });
});
