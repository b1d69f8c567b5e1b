import { Client, Connection } from "@temporalio/client";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { savePipelineSettings } from "../../prisma/attio-settings-fixtures";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { startInboundDrain } from "../../temporal/inbound-drain";
import { createResyncActivities } from "../../temporal/activities/resync";
import { temporalInboxSignaller } from "../../web/src/lib/attio-inbound/signaller";
import { saveFieldPolicy } from "../../web/src/lib/crm-settings/field-policy-store";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { leadWorkflowId } from "../../web/src/lib/temporal/contract";
import { attioEvents, registerTestWebhook, TEST_QUIET_MS, type TestWebhooks } from "../helpers/attio-webhooks";
import { useSyncHarness } from "../helpers/harness";
import { runResyncPass } from "./resync-helpers";

type Json = any;

/**
 * Two-way sync through real parts: the intake the webhook route runs (signature, inbox), the dev
 * server, the worker running attioRecordEventsWorkflow, and the fake Attio holding the records.
 */
describe("inbound Attio events", () => {
  const h = useSyncHarness({
    fake: { rateLimit: false },
    attioTimeoutMs: 5000,
    worker: { kind: "in-process", logLevel: "ERROR" },
    client: true,
  });
  let hooks: TestWebhooks;
  beforeAll(async () => {
    hooks = await registerTestWebhook(h.db.prisma, h.client, h.taskQueue);
  });
  afterEach(async () => {
    h.fake.reset();
    await h.db.prisma.attioInboxEvent.deleteMany();
    await h.db.prisma.attioRecordState.deleteMany();
    await h.db.prisma.appSetting.deleteMany();
    await h.db.prisma.attioSettings.deleteMany();
    await h.db.prisma.lead.deleteMany();
  });

  const people = () => h.fake.listRecords("people") as Json[];
  const peopleId = () => h.fake.objectIds.people;
  const lead = (id: number) => h.db.prisma.lead.findUniqueOrThrow({ where: { id } });
  const writes = () => h.fake.requests().filter((r: Json) => r.kind === "write");

  async function syncedLead(fields: Parameters<typeof createLeadWithEvidence>[1] = {}) {
    const created = await createLeadWithEvidence(h.db.prisma, fields);
    await sync(created.id);
    return lead(created.id);
  }
  async function sync(leadId: number) {
    expect(await runLeadSync(leadId, h.syncDeps())).toMatchObject({ success: true });
    await h.client.workflow.getHandle(leadWorkflowId(leadId)).result();
  }
  async function editInAttio(recordId: string, values: object) {
    const res = await fetch(`${h.fake.baseUrl}/objects/people/records/${recordId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${h.fake.token}`, "content-type": "application/json" },
      body: JSON.stringify({ data: { values } }),
    });
    expect(res.status).toBe(200);
  }

  it("a delivery with a forged or missing signature is refused with 401 and stores nothing", async () => {
    const ada = await syncedLead();
    const event = attioEvents.recordDeleted(peopleId(), ada.attioPersonId!);
    expect(await hooks.deliver([event], { signature: "0".repeat(64) })).toBe(401);
    expect(await hooks.deliver([event], { signature: null })).toBe(401);
    expect(await h.db.prisma.attioInboxEvent.count()).toBe(0);
    expect((await lead(ada.id)).attioPersonId).toBe(ada.attioPersonId);
  });

  it("a replayed delivery (same Idempotency-Key) is stored and applied once", async () => {
    const ada = await syncedLead();
    h.fake.deleteRecord("people", ada.attioPersonId!);
    const event = attioEvents.recordDeleted(peopleId(), ada.attioPersonId!);
    expect(await hooks.deliver([event], { key: "msg-1" })).toBe(200);
    expect(await hooks.deliver([event], { key: "msg-1" })).toBe(200);
    const rows = await hooks.settled();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: "applied", leadId: ada.id });
    const after = await lead(ada.id);
    expect(after).toMatchObject({ attioPersonId: null, attioDeletedKind: "person", name: ada.name, email: ada.email });
    expect(after.attioDeletedAt).not.toBeNull();
  });

  it("retries of one message arriving at once store it once", async () => {
    const ada = await syncedLead();
    const event = attioEvents.recordUpdated(peopleId(), ada.attioPersonId!);
    const statuses = await Promise.all([1, 2, 3].map(() => hooks.deliver([event, event], { key: "msg-concurrent" })));
    expect(statuses).toEqual([200, 200, 200]);
    const rows = await hooks.settled();
    expect(rows.map((r) => [r.deliveryKey, r.eventIndex])).toEqual([
      ["msg-concurrent", 0],
      ["msg-concurrent", 1],
    ]);
  });

  it("a merge in Attio re-points both leads at the survivor within seconds; their next syncs create no person", async () => {
    const ada = await syncedLead({ email: "ada@engines.example" });
    const bea = await syncedLead({ name: "Ada L.", email: "ada.l@engines.example" });
    const survivor = h.fake.mergeRecords("people", ada.attioPersonId!, bea.attioPersonId!);
    const startedAt = Date.now();
    await hooks.deliver([attioEvents.recordMerged(peopleId(), survivor, ada.attioPersonId!)]);
    await hooks.deliver([attioEvents.recordMerged(peopleId(), survivor, bea.attioPersonId!)]);
    const rows = await hooks.settled();
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect(new Set(rows.map((r) => r.workflowId))).toEqual(new Set([`attio-people-${survivor}`]));
    expect(rows.map((r) => r.outcome)).toEqual(["applied", "applied"]);
    expect((await lead(ada.id)).attioPersonId).toBe(survivor);
    expect((await lead(bea.id)).attioPersonId).toBe(survivor);

    const creates = () => h.fake.requests().filter((r: Json) => r.method === "POST" && r.path === "/v2/objects/people/records").length;
    const before = creates();
    await sync(ada.id);
    await sync(bea.id);
    expect(creates()).toBe(before);
    expect(people()).toHaveLength(1);
    expect((await lead(ada.id)).attioPersonId).toBe(survivor);
  });

  it("a company merge re-points the leads' company", async () => {
    const ada = await syncedLead({ email: "ada@engines.example", companyName: "Engines", companyDomain: "engines.example" });
    const bea = await syncedLead({ email: "bea@engines-ltd.example", companyName: "Engines Ltd", companyDomain: "engines-ltd.example" });
    const survivor = h.fake.mergeRecords("companies", ada.attioCompanyId!, bea.attioCompanyId!);
    const companiesId = h.fake.objectIds.companies;
    await hooks.deliver([
      attioEvents.recordMerged(companiesId, survivor, ada.attioCompanyId!),
      attioEvents.recordMerged(companiesId, survivor, bea.attioCompanyId!),
    ]);
    const rows = await hooks.settled();
    expect(rows.map((r) => [r.workflowId, r.outcome])).toEqual([
      [`attio-companies-${survivor}`, "applied"],
      [`attio-companies-${survivor}`, "applied"],
    ]);
    expect((await lead(ada.id)).attioCompanyId).toBe(survivor);
    expect((await lead(bea.id)).attioCompanyId).toBe(survivor);
  });

  /** A synced lead whose pipeline entry a member moved to `stage` in Attio, with the event delivered and applied. */
  async function leadMovedToStage(stage: string) {
    await savePipelineSettings(h.db.prisma);
    const ada = await syncedLead();
    const [entry] = h.fake.crm.entries as Json[];
    h.fake.crm.setEntryStage("outbound_pipeline", entry.id, stage);
    await hooks.deliver([attioEvents.entryUpdated(entry.listId, entry.id, peopleId(), ada.attioPersonId!)]);
    const rows = await hooks.settled();
    return { ada, entry, row: rows[rows.length - 1] };
  }

  it("a stage moved to Won shows on the lead and its scheduled re-sync skips it", async () => {
    const { ada, entry, row } = await leadMovedToStage("Won");
    expect(row).toMatchObject({ outcome: "applied", leadId: ada.id });
    const after = await lead(ada.id);
    expect(after).toMatchObject({ attioStage: "Won", attioEntryId: entry.id, attioEntryOwner: "grace@leadsync.example" });
    expect(after.attioResyncPausedReason).toContain("Won");

    // Edited since its last sync, yet a scheduled pass (the dispatcher workflow) does not sync it.
    await h.db.prisma.lead.update({ where: { id: ada.id }, data: { role: "CEO" } });
    const pass = await runResyncPass(h.client, h.taskQueue, `resync-paused-${Date.now()}`);
    expect(pass.started).toBe(0);
    expect((await lead(ada.id)).attioLastRunId).toBe(after.attioLastRunId);
  });

  it("an entry removed from the list clears the lead's stage, owner and pause", async () => {
    const { ada, entry } = await leadMovedToStage("Lost");
    expect((await lead(ada.id)).attioResyncPausedAt).not.toBeNull();
    const removed = {
      ...attioEvents.entryUpdated(entry.listId, entry.id, peopleId(), ada.attioPersonId!),
      event_type: "list-entry.deleted",
    };
    await hooks.deliver([removed]);
    const rows = await hooks.settled();
    expect(rows[1]).toMatchObject({ outcome: "applied", leadId: ada.id });
    expect(await lead(ada.id)).toMatchObject({ attioStage: null, attioEntryOwner: null, attioEntryId: null, attioResyncPausedAt: null });
  });

  it("a pulled job title lands in the lead and is not pushed back: one Attio write per user change", async () => {
    // The rule alone would have every sync write the lead's title; the direction overrides it.
    await saveFieldPolicy(h.db.prisma, { "person.jobTitle": "always" }, { "person.jobTitle": "pull" });
    const ada = await syncedLead({ role: "CTO" });
    await editInAttio(ada.attioPersonId!, { job_title: "Chief Scientist" });
    const writesAfterUserChange = writes().length;
    await hooks.deliver([attioEvents.recordUpdated(peopleId(), ada.attioPersonId!)]);
    const [row] = await hooks.settled();
    expect(row).toMatchObject({ outcome: "applied", leadId: ada.id });
    expect(row.detail).toContain("job title pulled");
    expect((await lead(ada.id)).role).toBe("Chief Scientist");

    // Nothing to re-sync (the hash moved with the pulled value), and nothing was written to Attio.
    const scan = await createResyncActivities({ prisma: h.db.prisma }).findLeadsNeedingSync({ afterLeadId: 0, limit: 100 });
    expect(scan.leadIds).not.toContain(ada.id);
    expect(writes().length).toBe(writesAfterUserChange);

    // A lead-side title edit then a sync: the pulled field is Attio's, the sync leaves it.
    await h.db.prisma.lead.update({ where: { id: ada.id }, data: { role: "Intern" } });
    await sync(ada.id);
    expect(people()[0].values.job_title[0].value).toBe("Chief Scientist");
  });

  it("a pulled title changed in Attio lands in the lead even when a sync of the lead ran before its event arrived", async () => {
    await saveFieldPolicy(h.db.prisma, { "person.jobTitle": "always" }, { "person.jobTitle": "pull" });
    const ada = await syncedLead({ role: "CTO" });
    await editInAttio(ada.attioPersonId!, { job_title: "Chief Scientist" });
    // The event is late: the lead is edited and synced first (the sync does not write a pulled title).
    await h.db.prisma.lead.update({ where: { id: ada.id }, data: { companyName: "Analytical Engines" } });
    await sync(ada.id);
    await hooks.deliver([attioEvents.recordUpdated(peopleId(), ada.attioPersonId!)]);
    const [row] = await hooks.settled();
    expect(row).toMatchObject({ outcome: "applied", leadId: ada.id });
    expect((await lead(ada.id)).role).toBe("Chief Scientist");
  });

  it("echoes of leadsync's own writes (and Attio's system reactions) change nothing and start no sync", async () => {
    const ada = await syncedLead();
    const runBefore = (await lead(ada.id)).attioLastRunId;
    const writesBefore = writes().length;
    await hooks.deliver([
      attioEvents.recordUpdated(peopleId(), ada.attioPersonId!, { type: "api-token", id: "22222222-2222-4222-8222-222222222222" }),
      attioEvents.recordUpdated(peopleId(), ada.attioPersonId!, { type: "system", id: null }),
    ]);
    const rows = await hooks.settled();
    expect(rows.map((r) => r.outcome)).toEqual(["echo", "echo"]);
    const after = await lead(ada.id);
    expect(after).toMatchObject({ attioLastRunId: runBefore, name: ada.name, role: ada.role, attioInboundAt: null });
    expect(writes().length).toBe(writesBefore);
  });

  it("a burst of events about one person is applied by one read of it", async () => {
    const ada = await syncedLead();
    const reads = () =>
      h.fake.requests().filter((r: Json) => r.method === "GET" && r.path === `/v2/objects/people/records/${ada.attioPersonId}`).length;
    const before = reads();
    for (let i = 0; i < 5; i++) await hooks.deliver([attioEvents.recordUpdated(peopleId(), ada.attioPersonId!)]);
    const rows = await hooks.settled();
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.appliedAt?.getTime())).size).toBe(1);
    expect(reads() - before).toBe(1);
  });

  it.each([
    [true, "creates the person again and clears the deleted mark"],
    [false, "fails with the reason and creates no person"],
  ])("after a delete in Attio with recreateDeletedRecords=%s, the next sync %s", async (recreate) => {
    await savePipelineSettings(h.db.prisma, {
      list: null,
      stageAttribute: null,
      stage: null,
      ownerAttribute: null,
      ownerEmail: null,
      recreateDeletedRecords: recreate,
    });
    const ada = await syncedLead();
    h.fake.deleteRecord("people", ada.attioPersonId!);
    await hooks.deliver([attioEvents.recordDeleted(peopleId(), ada.attioPersonId!)]);
    expect((await hooks.settled())[0].detail).toContain(recreate ? "creates it again" : "does not create it again");
    const outcome = await runLeadSync(ada.id, h.syncDeps());
    expect(outcome.success).toBe(recreate);
    const after = await lead(ada.id);
    if (recreate) {
      expect(people()).toHaveLength(1);
      expect(after).toMatchObject({ attioSyncStatus: "synced", attioDeletedAt: null, attioPersonId: people()[0].id.record_id });
    } else {
      expect(people()).toHaveLength(0);
      expect(after).toMatchObject({ attioSyncStatus: "failed", attioPersonId: null, attioDeletedKind: "person" });
      expect(after.attioSyncError).toContain("deleted in Attio");
    }
  });

  it("events stored while Temporal is unreachable are answered 200 and applied once the drain runs", async () => {
    const ada = await syncedLead();
    h.fake.deleteRecord("people", ada.attioPersonId!);
    // A client aimed at a port nothing listens on: every signal fails, as with the server down.
    const down = new Client({ connection: Connection.lazy({ address: "127.0.0.1:1" }) });
    const unreachable = temporalInboxSignaller(down, { taskQueue: h.taskQueue, deadlineMs: 500 });
    expect(await hooks.deliver([attioEvents.recordDeleted(peopleId(), ada.attioPersonId!)], { signal: unreachable })).toBe(200);
    const [stored] = await h.db.prisma.attioInboxEvent.findMany();
    expect(stored).toMatchObject({ signalledAt: null, outcome: null });

    const drain = startInboundDrain({
      prisma: h.db.prisma,
      client: h.client,
      taskQueue: h.taskQueue,
      everyMs: 200,
      quietMs: TEST_QUIET_MS,
    });
    try {
      const [row] = await hooks.settled();
      expect(row).toMatchObject({ outcome: "applied", leadId: ada.id });
      expect(row.signalledAt).not.toBeNull();
    } finally {
      await drain.stop();
      await down.connection.close().catch(() => undefined);
    }
    expect((await lead(ada.id)).attioDeletedKind).toBe("person");
  });
});
