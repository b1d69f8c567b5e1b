import { describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { createLeadWithEvidence, leadAt, type LeadFixture } from "../../prisma/lead-fixtures";
import { expectNoDuplicates, fakeNotes, requestsTo, startSync, waitFor } from "../helpers/reliability";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { syncMarker } from "../../web/src/lib/note/build-note";
import { leadWorkflowId, syncStateQuery, type SyncState } from "../../web/src/lib/temporal/contract";

type FakeRecord = { id: { record_id: string }; values: Record<string, { email_address?: string }[]> };

/** Second and later syncs of a lead: stored Attio ids first, recovery when Attio lost a record, a new note per run. */
describe("syncLeadWorkflow re-syncing a lead", () => {
  const h = useSyncHarness({ worker: { kind: "in-process" }, client: true, attioTimeoutMs: 5000, resetFakeAfterEach: true });

  const deps = () => h.syncDeps();
  const stored = (id: number) => h.db.prisma.lead.findUniqueOrThrow({ where: { id } });

  /** Syncs a new lead, deletes its person or company in Attio, and syncs it again (which must succeed). */
  async function resyncAfterDeleting(object: "people" | "companies", fields: LeadFixture) {
    const lead = await createLeadWithEvidence(h.db.prisma, fields);
    const first = await runLeadSync(lead.id, deps());
    h.fake.deleteRecord(object, (object === "people" ? first.personId : first.companyId)!);
    const second = await runLeadSync(lead.id, deps());
    expect(second.success).toBe(true);
    return { lead, first, second };
  }
  it("adds a second note, carrying the new run's marker, to the same person and company", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Twice Synced", "twice@twice.io", "Twice"));

    const first = await runLeadSync(lead.id, deps());
    const firstRun = (await stored(lead.id)).attioLastRunId!;
    const second = await runLeadSync(lead.id, deps());
    const secondRun = (await stored(lead.id)).attioLastRunId!;

    expect(second).toMatchObject({ success: true, personId: first.personId, companyId: first.companyId });
    expect(secondRun).not.toBe(firstRun);
    const notes = fakeNotes(h.fake);
    expect(notes).toHaveLength(2);
    expect(notes.every((n) => n.parent_record_id === first.personId)).toBe(true);
    const workflowId = leadWorkflowId(lead.id);
    expect(notes.filter((n) => n.content_markdown.includes(syncMarker(workflowId, firstRun)))).toHaveLength(1);
    expect(notes.filter((n) => n.content_markdown.includes(syncMarker(workflowId, secondRun)))).toHaveLength(1);
    expect(h.fake.stats()).toMatchObject({ people: 1, companies: 1 });
  });

  it("updates the stored person by id even after the lead's email changed", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("New Mail", "old@new-mail.io"));
    const first = await runLeadSync(lead.id, deps());
    await h.db.prisma.lead.update({ where: { id: lead.id }, data: { email: "new@new-mail.io" } });

    const second = await runLeadSync(lead.id, deps());

    expect(second.personId).toBe(first.personId);
    const people = h.fake.listRecords("people") as FakeRecord[];
    expect(people).toHaveLength(1);
    expect(people[0].values.email_addresses.map((e) => e.email_address).sort()).toEqual(["new@new-mail.io", "old@new-mail.io"]);
  });

  it("creates the person again when it was deleted in Attio since the last sync, and stores the new id", async () => {
    const { lead, first, second } = await resyncAfterDeleting("people", leadAt("Deleted Person", "person@deleted-person.io"));

    expect(second.personId).not.toBe(first.personId);
    expect((await stored(lead.id)).attioPersonId).toBe(second.personId);
    // No person holds the lead's (unchanged) email any more, so the stored record is not the
    // lead's person: it is not even looked up, and a new person gets the email.
    expect(requestsTo(h.fake, "GET", new RegExp(`/records/${first.personId}$`))).toEqual([]);
    expect(h.fake.stats()).toMatchObject({ people: 1, companies: 1 });
    expectNoDuplicates(h.fake);
    expect(fakeNotes(h.fake).filter((n) => n.parent_record_id === second.personId)).toHaveLength(1);
  });

  it("creates the company again when it was deleted in Attio since the last sync, and links the person to it", async () => {
    const { lead, first, second } = await resyncAfterDeleting("companies", leadAt("Deleted Company", "company@deleted-company.io"));

    expect(second.companyId).not.toBe(first.companyId);
    expect(second.personId).toBe(first.personId);
    expect((await stored(lead.id)).attioCompanyId).toBe(second.companyId);
    expect(requestsTo(h.fake, "GET", new RegExp(`/records/${first.companyId}$`)).map((r) => r.status)).toEqual([404]);
    const [person] = h.fake.listRecords("people") as { values: { company: { target_record_id: string }[] } }[];
    expect(person.values.company[0].target_record_id).toBe(second.companyId);
    expect(h.fake.stats()).toMatchObject({ people: 1, companies: 1 });
    expectNoDuplicates(h.fake);
  });

  it("answers the syncState query with the live step while running and the outcome when done", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Watched", "watched@watched.io"));
    h.fake.setLatency(300);

    const handle = await startSync(h.client, h.taskQueue, lead.id);
    let live: SyncState | undefined;
    await waitFor(
      async () => {
        live = await handle.query(syncStateQuery);
        return live.step === "company" || live.step === "person";
      },
      "an Attio step",
      { everyMs: 50 },
    );
    const result = await handle.result();
    const done = await handle.query(syncStateQuery);

    expect(live).toMatchObject({ leadId: lead.id, finishedAt: null, error: null, noteId: null });
    expect(done).toMatchObject({
      leadId: lead.id,
      step: "done",
      error: null,
      personId: result.personId,
      companyId: result.companyId,
      noteId: result.noteId,
    });
    expect(done.startedAt).toBe(result.syncedAt);
    expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
  });
});
