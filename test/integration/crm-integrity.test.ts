/**
 * Regression tests for syncs that damaged the CRM as data changed: each runs the real workflow
 * through the real worker against the fake Attio, and checks the records Attio ends up with.
 */
import { afterEach, describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import type { FakeAttio } from "../../fake-attio/server";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { saveFieldPolicy } from "../../web/src/lib/crm-settings/field-policy-store";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { reconcileEndedRuns, runHeldByLead } from "../../web/src/lib/sync/ended-runs";
import { leadWorkflowId, SYNC_WORKFLOW_TYPE } from "../../web/src/lib/temporal/contract";

const companies = (fake: FakeAttio) => fake.listRecords("companies") as any[];
const people = (fake: FakeAttio) => fake.listRecords("people") as any[];
const nameOf = (r: any) => r.values.name?.[0]?.value ?? r.values.name?.[0]?.full_name ?? null;
const domainsOf = (r: any) => (r.values.domains ?? []).map((d: any) => d.domain);
const companyOf = (r: any) => r.values.company?.[0]?.target_record_id ?? null;

describe("CRM integrity as leads change", () => {
  const h = useSyncHarness({
    fake: { rateLimit: false },
    attioTimeoutMs: 5000,
    worker: { kind: "in-process", logLevel: "ERROR" },
    client: true,
    resetFakeAfterEach: true,
  });
  afterEach(async () => {
    await h.db.prisma.appSetting.deleteMany();
  });

  const deps = () => h.syncDeps();

  /** A lead created with `fields` and synced once, successfully. */
  async function syncedLead(fields: Parameters<typeof createLeadWithEvidence>[1]) {
    const lead = await createLeadWithEvidence(h.db.prisma, fields);
    expect(await runLeadSync(lead.id, deps())).toMatchObject({ success: true });
    return lead;
  }

  /** An Attio user's edit of a record through the REST API (PATCH adds to multi-value attributes, PUT replaces). */
  async function editInAttio(method: "PATCH" | "PUT", object: "people" | "companies", recordId: string, values: object) {
    const res = await fetch(`${h.fake.baseUrl}/objects/${object}/records/${recordId}`, {
      method,
      headers: { authorization: `Bearer ${h.fake.token}`, "content-type": "application/json" },
      body: JSON.stringify({ data: { values } }),
    });
    expect(res.status).toBe(200);
  }

  /** Starts lead-<id> against a slow Attio and returns once the run has marked the lead running (its first step). */
  async function startSlowRunUntilRunning(leadId: number) {
    h.fake.setLatency(4_000);
    const handle = await h.client.workflow.start(SYNC_WORKFLOW_TYPE, {
      taskQueue: h.taskQueue,
      workflowId: leadWorkflowId(leadId),
      args: [{ leadId, trigger: "manual" }],
    });
    for (let i = 0; i < 100; i++) {
      if ((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).attioSyncStatus === "running") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return handle;
  }
  it("a lead that moves to another company gets that company; the old company keeps its name and domain", async () => {
    const lead = await syncedLead({ email: "ines@maison-lumiere.fr", companyName: "Maison Lumière", companyDomain: "maison-lumiere.fr" });
    const [old] = companies(h.fake);

    await h.db.prisma.lead.update({
      where: { id: lead.id },
      data: { companyName: "Globex Corporation", companyDomain: "globex.com", email: "ines@globex.com" },
    });
    expect(await runLeadSync(lead.id, deps())).toMatchObject({ success: true });

    const after = companies(h.fake);
    const kept = after.find((c) => c.id.record_id === old.id.record_id);
    expect(nameOf(kept)).toBe("Maison Lumière");
    expect(domainsOf(kept)).toEqual(["maison-lumiere.fr"]);
    const globex = after.find((c) => domainsOf(c).includes("globex.com"));
    expect(nameOf(globex)).toBe("Globex Corporation");
    const [person] = people(h.fake);
    expect(people(h.fake)).toHaveLength(1);
    expect(companyOf(person)).toBe(globex.id.record_id);
    const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(stored.attioCompanyId).toBe(globex.id.record_id);
  });

  it("a company renamed in Attio keeps its name when its leads sync again", async () => {
    const lead = await syncedLead({ email: "a@initech.example", companyName: "Initech", companyDomain: "initech.example" });
    const [company] = companies(h.fake);
    await editInAttio("PATCH", "companies", company.id.record_id, { name: ["Initech Holdings (edited in Attio)"] });

    expect(await runLeadSync(lead.id, deps())).toMatchObject({ success: true });
    expect(nameOf(companies(h.fake)[0])).toBe("Initech Holdings (edited in Attio)");
  });

  it("a person whose address was given to someone else in Attio is left to them; the lead gets a person of its own", async () => {
    const ada = await syncedLead({ name: "Ada Lovelace", email: "ada@globex.example", companyDomain: "globex.example" });
    const [person] = people(h.fake);
    const globex = companyOf(person);
    // Someone in Attio turns that record into Grace's: her address replaces Ada's.
    await editInAttio("PUT", "people", person.id.record_id, { email_addresses: ["grace@ml.example"] });
    // Grace's lead lands on that record; Ada's (older) lead still owns it.
    const grace = await syncedLead({ name: "Grace Hopper", email: "grace@ml.example", companyName: "ML", companyDomain: "ml.example" });
    const record = () => people(h.fake).find((p) => p.id.record_id === person.id.record_id);
    expect(companyOf(record())).toBe(globex);

    await h.db.prisma.lead.update({ where: { id: ada.id }, data: { role: "Countess" } });
    expect(await runLeadSync(ada.id, deps())).toMatchObject({ success: true });
    const adaPerson = people(h.fake).find((p) => p.values.email_addresses?.some((e: any) => e.email_address === "ada@globex.example"));
    expect(adaPerson.id.record_id).not.toBe(person.id.record_id);
    expect(companyOf(adaPerson)).toBe(globex);

    await runLeadSync(grace.id, deps()); // now Grace's lead owns the record
    const ml = companies(h.fake).find((c) => domainsOf(c).includes("ml.example"));
    expect(companyOf(record())).toBe(ml.id.record_id);
  });

  it("the lead owns a company's name when the settings page says so", async () => {
    await saveFieldPolicy(h.db.prisma, { "company.name": "always" });
    const lead = await syncedLead({ email: "b@hooli.example", companyName: "Hooli", companyDomain: "hooli.example" });
    await h.db.prisma.lead.update({ where: { id: lead.id }, data: { companyName: "Hooli XYZ" } });
    await runLeadSync(lead.id, deps());
    expect(companies(h.fake).map(nameOf)).toEqual(["Hooli XYZ"]);
  });

  it("a lead with a domain but no company name gets a company", async () => {
    const lead = await syncedLead({ email: "c@vandelay.example", companyName: null, companyDomain: "vandelay.example" });
    const [company] = companies(h.fake);
    expect(domainsOf(company)).toEqual(["vandelay.example"]);
    expect(companyOf(people(h.fake)[0])).toBe(company.id.record_id);
  });

  it("a run that created the person and then failed stored its id: an email change does not create a second person", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, {
      email: "d@oldjob.example",
      companyName: "Oldjob",
      companyDomain: "oldjob.example",
    });
    h.fake.setFaults({ errorRate: 1, errorStatus: 400, only: ["POST /v2/notes"] });
    expect(await runLeadSync(lead.id, deps())).toMatchObject({ success: false });
    h.fake.setFaults({});
    const [created] = people(h.fake);
    expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioPersonId).toBe(created.id.record_id);

    await h.db.prisma.lead.update({ where: { id: lead.id }, data: { email: "d@newjob.example" } });
    expect(await runLeadSync(lead.id, deps())).toMatchObject({ success: true });
    expect(people(h.fake)).toHaveLength(1);
    const emails = people(h.fake)[0]
      .values.email_addresses.map((e: any) => e.email_address)
      .sort();
    expect(emails).toEqual(["d@newjob.example", "d@oldjob.example"]);
  });

  it("name-only leads of one company synced at once create one company", async () => {
    h.fake.setLatency(150); // widens the window between a lookup and a create
    const leads = await Promise.all(
      ["Ann", "Bob", "Cid", "Dee"].map((name) =>
        createLeadWithEvidence(h.db.prisma, {
          name: `${name} Smith`,
          email: null,
          linkedinUrl: null,
          companyName: "Nameonly Widgets",
          companyDomain: null,
        }),
      ),
    );
    const results = await Promise.all(leads.map((l) => runLeadSync(l.id, deps())));
    expect(results.every((r) => r.success)).toBe(true);
    expect(companies(h.fake).filter((c) => nameOf(c) === "Nameonly Widgets")).toHaveLength(1);
  });

  it("two leads with one LinkedIn URL synced at once create one person", async () => {
    h.fake.setLatency(150);
    const leads = await Promise.all(
      ["Eve", "Eve"].map((name) =>
        createLeadWithEvidence(h.db.prisma, {
          name,
          email: null,
          linkedinUrl: "https://www.linkedin.com/in/eve-only",
          companyName: null,
          companyDomain: null,
        }),
      ),
    );
    const results = await Promise.all(leads.map((l) => runLeadSync(l.id, deps())));
    expect(results.every((r) => r.success)).toBe(true);
    expect(people(h.fake)).toHaveLength(1);
  });

  /** Two name-only Adas at two companies, synced; then the first lead is renamed to Grace and moved to the second's company. */
  async function renameNameOnlyLeadBesideANamesake() {
    const nameOnly = { name: "Ada Lovelace", email: null, linkedinUrl: null, companyDomain: null };
    const first = await createLeadWithEvidence(h.db.prisma, { ...nameOnly, companyName: "Nameonly Alpha" });
    const second = await createLeadWithEvidence(h.db.prisma, { ...nameOnly, companyName: "Nameonly Beta" });
    for (const lead of [first, second]) expect(await runLeadSync(lead.id, deps())).toMatchObject({ success: true });
    const firstPerson = (await h.db.prisma.lead.findUniqueOrThrow({ where: { id: first.id } })).attioPersonId;
    await h.db.prisma.lead.update({ where: { id: first.id }, data: { name: "Grace Hopper", companyName: "Nameonly Beta" } });
    expect(await runLeadSync(first.id, deps())).toMatchObject({ success: true });
    const beta = companies(h.fake).find((c) => nameOf(c) === "Nameonly Beta");
    const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: first.id } });
    return { beta: beta.id.record_id, firstPerson, person: people(h.fake).find((p) => p.id.record_id === stored.attioPersonId) };
  }

  it("a name-only lead renamed to someone else gets that person; its old person is not moved beside a namesake", async () => {
    const { beta, firstPerson, person } = await renameNameOnlyLeadBesideANamesake();
    expect(nameOf(person)).toBe("Grace Hopper");
    expect(companyOf(person)).toBe(beta);
    const adasAtBeta = people(h.fake).filter((p) => nameOf(p) === "Ada Lovelace" && companyOf(p) === beta);
    expect(adasAtBeta).toHaveLength(1);
    expect(people(h.fake).find((p) => p.id.record_id === firstPerson)).toBeDefined(); // left as it was, never emptied
  });

  it("a renamed name-only lead keeps its person, renamed, when the lead owns person names", async () => {
    await saveFieldPolicy(h.db.prisma, { "person.name": "always" });
    const { beta, firstPerson, person } = await renameNameOnlyLeadBesideANamesake();
    expect(person.id.record_id).toBe(firstPerson);
    expect(nameOf(person)).toBe("Grace Hopper");
    expect(companyOf(person)).toBe(beta);
    expect(people(h.fake)).toHaveLength(2);
  });

  it("two people merged in Attio: the newer lead's sync leaves the survivor to the older lead, so no sync flips it", async () => {
    const older = await syncedLead({
      name: "Ada Lovelace",
      email: "ada@globex.example",
      companyName: "Globex",
      companyDomain: "globex.example",
    });
    const newer = await syncedLead({ name: "Ada Lovelace", email: "ada@ml.example", companyName: "ML", companyDomain: "ml.example" });
    const [olderPerson, newerPerson] = await Promise.all(
      [older, newer].map(async (l) => (await h.db.prisma.lead.findUniqueOrThrow({ where: { id: l.id } })).attioPersonId!),
    );
    const survivor = h.fake.mergeRecords("people", olderPerson, newerPerson);
    const globex = companyOf(people(h.fake).find((p) => p.id.record_id === survivor));

    expect(await runLeadSync(newer.id, deps())).toMatchObject({ success: true });
    expect(companyOf(people(h.fake).find((p) => p.id.record_id === survivor))).toBe(globex);
    expect(await runLeadSync(older.id, deps())).toMatchObject({ success: true });
    expect(companyOf(people(h.fake).find((p) => p.id.record_id === survivor))).toBe(globex);
  });

  it("a name-only company merged in Attio is found again by its name in any case, not created twice", async () => {
    const nameOnly = { email: null, linkedinUrl: null, companyDomain: null };
    const hooli = await syncedLead({ ...nameOnly, name: "Ann Hooli", companyName: "Hooli" });
    const zeta = await syncedLead({ ...nameOnly, name: "Zed Zeta", companyName: "Zeta Merge Co" });
    const [hooliCompany, zetaCompany] = await Promise.all(
      [hooli, zeta].map(async (l) => (await h.db.prisma.lead.findUniqueOrThrow({ where: { id: l.id } })).attioCompanyId!),
    );
    const survivor = h.fake.mergeRecords("companies", hooliCompany, zetaCompany); // named "Hooli"

    const lower = await syncedLead({ ...nameOnly, name: "Bo Hooli", companyName: "hooli" });
    expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lower.id } })).attioCompanyId).toBe(survivor);
    expect(companies(h.fake).filter((c) => nameOf(c)?.toLowerCase() === "hooli")).toHaveLength(1);
  });

  it("a run cancelled from the Temporal UI leaves the lead failed, not running", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, { email: "e@slow.example", companyDomain: "slow.example" });
    // Cancel once the run has marked the lead running (its first step).
    const handle = await startSlowRunUntilRunning(lead.id);
    await handle.cancel();
    await handle.result().catch(() => undefined);
    const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(stored.attioSyncStatus).toBe("failed");
    expect(stored.attioSyncError).toMatch(/cancelled/);
  });

  it("a run terminated from the Temporal UI shows as failed in the leads list, as on the lead page", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, { email: "f@terminated.example", companyDomain: "terminated.example" });
    const handle = await startSlowRunUntilRunning(lead.id);
    await handle.terminate("stuck");
    const row = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(row.attioSyncStatus).toBe("running"); // no workflow code ran to record it

    expect((await reconcileEndedRuns([runHeldByLead(row)], deps())).leadIds).toEqual([lead.id]);
    const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(stored.attioSyncStatus).toBe("failed");
    expect(stored.attioSyncError).toMatch(/terminated in Temporal/);
  });
});
