import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@temporalio/client";
import { startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { savePipelineSettings } from "../../prisma/attio-settings-fixtures";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { createAttioClient } from "../../web/src/lib/attio/client";
import { MAPPABLE_FIELD_KEYS, MAPPABLE_FIELDS } from "../../web/src/lib/crm-settings/schema";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { leadWorkflowId, type SyncLeadResult } from "../../web/src/lib/temporal/contract";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { connectTestClient, startTestWorker, testSyncDeps, type TestWorker } from "../helpers/temporal";

type Json = any;

/**
 * The CRM step of a sync through the real worker and dev server: mapped attributes, one list
 * entry per person with its stage and owner, people's edits in Attio kept, and a list deleted in
 * Attio reported by name while person, company and note are still written.
 */
describe("sync with the Attio CRM settings", () => {
  let db: TestDatabase;
  let fake: FakeAttio;
  let worker: TestWorker;
  let client: Client;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeAttio({ rateLimit: false });
    env = { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl, ATTIO_TIMEOUT_MS: "5000" };
    worker = await startTestWorker({ prisma: db.prisma, env });
    client = await connectTestClient();
  });
  afterAll(async () => {
    await worker?.shutdown();
    await fake?.close();
    await db?.cleanup();
  });

  const sync = async (leadId: number): Promise<SyncLeadResult> => {
    const started = await runLeadSync(leadId, testSyncDeps({ prisma: db.prisma, client, taskQueue: worker.taskQueue }));
    expect(started).toMatchObject({ success: true });
    return client.workflow.getHandle(leadWorkflowId(leadId)).result();
  };
  const entries = (): Json[] => fake.crm.entries.filter((e) => fake.crm.lists.some((l) => l.id === e.listId));
  const person = (): Json => (fake.listRecords("people") as Json[])[0];

  it("writes mapping, list, stage and owner; a re-sync after edits keeps one entry, the stage and people's edits", async () => {
    const attio = createAttioClient({ apiKey: fake.token, baseUrl: fake.baseUrl });
    for (const f of MAPPABLE_FIELD_KEYS) {
      const spec = MAPPABLE_FIELDS[f];
      await attio.createAttribute("objects", "people", { title: spec.title, apiSlug: spec.slug, type: spec.type });
    }
    const mapping = Object.fromEntries(MAPPABLE_FIELD_KEYS.map((f) => [f, { attribute: MAPPABLE_FIELDS[f].slug, rule: "if-empty" }]));
    const version = await savePipelineSettings(db.prisma, {
      mapping: { ...mapping, icpScore: { attribute: "icp_score", rule: "always" } },
      appUrl: "https://leads.example.com",
    });
    const lead = await createLeadWithEvidence(db.prisma);

    const first = await sync(lead.id);
    expect(first.crm).toMatchObject({ settingsVersion: version, problems: [] });
    let values = person().values;
    expect(values.icp_score[0].value).toBe(87);
    expect(values.icp_reasons[0].value).toBe("Series B; Data team growing");
    expect(values.signal_angle[0].option.title).toBe("hiring");
    expect(values.last_touchpoint[0].value).toBe("2026-11-02");
    expect(values.leadsync_link[0].value).toBe(`https://leads.example.com/leads/${lead.id}`);
    expect(entries()).toHaveLength(1);
    const [entry] = entries();
    expect(entry.parentRecordId).toBe(person().id.record_id);
    const grace = fake.crm.members.find((m) => m.email === "grace@leadsync.example");
    expect(entry.values.get("owner")[0].data.referenced_actor_id).toBe(grace?.id);
    const stageTitle = (e: Json) => {
      const stage = fake.crm.lists[0].attributes.find((a) => a.slug === "stage");
      return stage?.custom?.choices.find((c) => c.id === e.values.get("stage")[0].data.status_id)?.title;
    };
    expect(stageTitle(entry)).toBe("Prospect");

    // People work in Attio: the entry moves on, someone rewrites the ICP reasons. The lead changes.
    fake.crm.setEntryStage("outbound_pipeline", entry.id, "Qualified");
    await attio.patchPersonValues(person().id.record_id, { icp_reasons: ["Edited by hand"] });
    await db.prisma.icpScore.update({ where: { leadId: lead.id }, data: { score: 42, reasons: JSON.stringify(["Changed"]) } });

    const second = await sync(lead.id);
    expect(second.crm?.problems).toEqual([]);
    expect(entries()).toHaveLength(1);
    expect(stageTitle(entries()[0])).toBe("Qualified");
    values = person().values;
    expect(values.icp_score[0].value).toBe(42); // the mapping says the lead owns it
    expect(values.icp_reasons[0].value).toBe("Edited by hand"); // if-empty: people's edit kept
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSettingsVersion).toBe(version);

    // The list is deleted in Attio: the run still writes the note and names the failed part.
    fake.crm.deleteList("outbound_pipeline");
    const notesBefore = fake.listNotes().length;
    const third = await sync(lead.id);
    expect(fake.listNotes().length).toBe(notesBefore + 1);
    expect(third.crm?.problems).toEqual([
      expect.stringMatching(/^Attio list entry: .*List with slug\/ID "outbound_pipeline" not found.*\/settings\/attio/),
    ]);
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSyncStatus).toBe("synced");
  });

  it("a lead synced onto its person's existing entry shows that entry's stage and owner, as do the person's other leads", async () => {
    fake.reset(); // the test above deleted the list
    await savePipelineSettings(db.prisma);
    const first = await createLeadWithEvidence(db.prisma, { name: "Eve Entry", email: "eve@entries.example" });
    await sync(first.id);
    const entryId = (await db.prisma.lead.findUniqueOrThrow({ where: { id: first.id } })).attioEntryId!;
    // A member moves the entry on; no webhook is registered, so nothing tells leadsync.
    fake.crm.setEntryStage("outbound_pipeline", entryId, "Qualified");
    const second = await createLeadWithEvidence(db.prisma, { name: "Eve Entry", email: "eve@entries.example" });

    await sync(second.id);

    for (const id of [first.id, second.id]) {
      expect(await db.prisma.lead.findUniqueOrThrow({ where: { id } })).toMatchObject({
        attioEntryId: entryId,
        attioStage: "Qualified",
        attioEntryOwner: "grace@leadsync.example",
      });
    }
  });
});
