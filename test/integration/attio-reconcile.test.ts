import { afterEach, describe, expect, it } from "vitest";
import { savePipelineSettings } from "../../prisma/attio-settings-fixtures";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { saveFieldPolicy } from "../../web/src/lib/crm-settings/field-policy-store";
import { createSchedule, deleteSchedule, RECONCILE_PASS, triggerSchedule } from "../../web/src/lib/schedule/service";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { leadWorkflowId, type ReconcileTotals } from "../../web/src/lib/temporal/contract";
import { asAttioMember, clearTwoWayState } from "../helpers/attio-webhooks";
import { useSyncHarness } from "../helpers/harness";
import { testScheduleDeps, waitForSettledPass } from "./resync-helpers";

type Json = any;

/**
 * The reconcile pass with no webhook at all: members change Attio (the fake, no webhook
 * registered, so nothing is delivered), then the Temporal Schedule's pass, run by the real worker,
 * reads the synced leads' records and applies what the webhooks would have.
 */
describe("the reconcile pass (Temporal Schedule leadsync-attio-reconcile)", () => {
  const h = useSyncHarness({
    fake: { rateLimit: false },
    resetFakeAfterEach: true,
    attioTimeoutMs: 5000,
    worker: { kind: "in-process", logLevel: "ERROR" },
    client: true,
  });
  const scheduleIds: string[] = [];
  afterEach(async () => {
    for (const id of scheduleIds.splice(0)) await deleteSchedule(testScheduleDeps(h.client, h.taskQueue, id)).catch(() => undefined);
    await clearTwoWayState(h.db.prisma);
  });

  const lead = (id: number) => h.db.prisma.lead.findUniqueOrThrow({ where: { id } });
  const requests = () => h.fake.requests() as Json[];
  const people = () => h.fake.listRecords("people") as Json[];

  async function syncedLead(fields: Parameters<typeof createLeadWithEvidence>[1] = {}) {
    const created = await createLeadWithEvidence(h.db.prisma, fields);
    expect(await runLeadSync(created.id, h.syncDeps())).toMatchObject({ success: true });
    await h.client.workflow.getHandle(leadWorkflowId(created.id)).result();
    return lead(created.id);
  }

  async function asMember(method: string, path: string, body: object) {
    const res = await asAttioMember(h.fake, method, path, body);
    expect(res.status).toBeLessThan(300);
    return res.body as Json;
  }

  /** Creates the schedule (test id, test task queue), triggers one pass and waits for it to end. */
  async function reconcilePass(): Promise<{ totals: ReconcileTotals; requests: Json[] }> {
    const scheduleId = `reconcile-test-${Date.now()}-${scheduleIds.length}`;
    scheduleIds.push(scheduleId);
    const deps = { ...testScheduleDeps(h.client, h.taskQueue, scheduleId), pass: RECONCILE_PASS, dispatcherInput: { pageSize: 2 } };
    await createSchedule(deps, { paused: true });
    const before = requests().length;
    await triggerSchedule(deps);
    const pass = await waitForSettledPass(deps, null);
    expect(pass.status).toBe("completed");
    return { totals: pass.result as unknown as ReconcileTotals, requests: requests().slice(before) };
  }

  it("applies a stage move, a pulled title, a merge and a deletion that no webhook delivered, with reads only", async () => {
    await savePipelineSettings(h.db.prisma);
    await saveFieldPolicy(h.db.prisma, { "person.jobTitle": "always" }, { "person.jobTitle": "pull" });
    const won = await syncedLead({ name: "Wendy Won", email: "wendy@won.example", companyName: "Won Co", companyDomain: "won.example" });
    const titled = await syncedLead({
      name: "Tom Title",
      email: "tom@title.example",
      role: "CTO",
      companyName: "Title Co",
      companyDomain: "title.example",
    });
    const ada = await syncedLead({
      name: "Ada Lovelace",
      email: "ada@engines.example",
      companyName: "Engines",
      companyDomain: "engines.example",
    });
    const bea = await syncedLead({
      name: "Ada L.",
      email: "ada.l@engines.example",
      companyName: "Engines",
      companyDomain: "engines.example",
    });
    const gone = await syncedLead({ name: "Gus Gone", email: "gus@gone.example", companyName: "Gone Co", companyDomain: "gone.example" });

    h.fake.crm.setEntryStage("outbound_pipeline", won.attioEntryId!, "Won");
    await asMember("PATCH", `/objects/people/records/${titled.attioPersonId}`, { data: { values: { job_title: "Chief Scientist" } } });
    const merged = await asMember("POST", "/objects/people/records/merge", {
      data: { primary_record_id: ada.attioPersonId, secondary_record_id: bea.attioPersonId },
    });
    const survivor = merged.data.new_record_id as string;
    h.fake.deleteRecord("people", gone.attioPersonId!);

    const { totals, requests: passRequests } = await reconcilePass();

    expect(await lead(won.id)).toMatchObject({ attioStage: "Won", attioResyncPausedReason: expect.stringContaining("Won") });
    expect(await lead(titled.id)).toMatchObject({ role: "Chief Scientist" });
    expect(await lead(ada.id)).toMatchObject({ attioPersonId: survivor });
    expect(await lead(bea.id)).toMatchObject({ attioPersonId: survivor });
    expect(await lead(gone.id)).toMatchObject({ attioPersonId: null, attioDeletedKind: "person", name: "Gus Gone" });
    // One inbound row per changed lead, shown in the sync log as the pass's doing.
    const rows = await h.db.prisma.attioInboxEvent.findMany({ where: { eventType: "reconcile" }, orderBy: { leadId: "asc" } });
    expect(rows.map((r) => r.leadId).sort()).toEqual([won.id, titled.id, ada.id, bea.id, gone.id].sort());
    expect(rows.every((r) => r.outcome === "applied" && r.actorType === "schedule")).toBe(true);
    expect(totals).toMatchObject({ scanned: 5, changed: 5 });
    // Reads only: nothing the pass did reached Attio as a write.
    expect(passRequests.filter((r) => r.kind === "write")).toEqual([]);
    expect(totals.reads).toBe(passRequests.filter((r) => r.kind === "read").length);
    // Each record and entry read once (the workspace's members once per page, for owners).
    const recordReads = passRequests.filter((r) => r.method === "GET" && !r.path.startsWith("/v2/workspace_members")).map((r) => r.path);
    expect(recordReads.length, recordReads.join("\n")).toBe(new Set(recordReads).size);

    // The merge found by the pass: the next syncs reuse the survivor.
    const peopleBefore = people().length;
    await h.db.prisma.lead.update({ where: { id: ada.id }, data: { role: "Analyst" } });
    expect(await runLeadSync(ada.id, h.syncDeps())).toMatchObject({ success: true });
    await h.client.workflow.getHandle(leadWorkflowId(ada.id)).result();
    expect(people().length).toBe(peopleBefore);
    expect((await lead(ada.id)).attioPersonId).toBe(survivor);
  });

  it("a lead re-pointed by a merge shows the survivor's entry, though its own entry was removed", async () => {
    await savePipelineSettings(h.db.prisma);
    const ada = await syncedLead({ name: "Ada Lovelace", email: "ada@engines.example" });
    const bea = await syncedLead({ name: "Ada L.", email: "ada.l@engines.example" });
    const merged = await asMember("POST", "/objects/people/records/merge", {
      data: { primary_record_id: ada.attioPersonId, secondary_record_id: bea.attioPersonId },
    });
    const survivor = merged.data.new_record_id as string;
    // The survivor took both entries; a member removes the one Bea's person had, moves the other.
    const res = await asAttioMember(h.fake, "DELETE", `/lists/outbound_pipeline/entries/${bea.attioEntryId}`, {});
    expect(res.status).toBeLessThan(300);
    h.fake.crm.setEntryStage("outbound_pipeline", ada.attioEntryId!, "Qualified");

    await reconcilePass();

    for (const id of [ada.id, bea.id]) {
      expect(await lead(id)).toMatchObject({ attioPersonId: survivor, attioEntryId: ada.attioEntryId, attioStage: "Qualified" });
    }
  });

  it("a second pass over an unchanged Attio changes nothing, records nothing and writes nothing", async () => {
    await savePipelineSettings(h.db.prisma);
    const ada = await syncedLead({ name: "Ada Lovelace", email: "ada@engines.example" });
    h.fake.crm.setEntryStage("outbound_pipeline", ada.attioEntryId!, "Qualified");
    const first = await reconcilePass();
    expect(first.totals.changed).toBe(1);
    const after = await lead(ada.id);
    const rows = await h.db.prisma.attioInboxEvent.count();

    const second = await reconcilePass();

    expect(second.totals).toMatchObject({ scanned: 1, changed: 0 });
    expect(second.requests.filter((r) => r.kind === "write")).toEqual([]);
    expect(await h.db.prisma.attioInboxEvent.count()).toBe(rows);
    expect((await lead(ada.id)).attioInboundAt).toEqual(after.attioInboundAt);
  });
});
