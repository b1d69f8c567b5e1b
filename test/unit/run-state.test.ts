import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import {
  endedRunMessage,
  markInboundApplied,
  markRunEnded,
  markRunFailed,
  markRunStarted,
  markRunSucceeded,
  type RunOfLead,
} from "../../web/src/lib/sync/run-state";

/** Each transition of the run-state owner, on a real database: the lead and its log row move together. */
describe("the run-state owner", () => {
  let db: TestDatabase;
  let n = 0;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const person = { id: "person-1", webUrl: "https://app.attio.com/p/1" };
  const company = { id: "company-1", webUrl: "https://app.attio.com/c/1" };
  const startedAt = new Date("2026-12-01T10:00:00Z");

  async function newRun(): Promise<RunOfLead> {
    const lead = await createLeadWithEvidence(db.prisma, { name: `Run State ${++n}`, email: `state${n}@run.example` });
    return { leadId: lead.id, workflowId: `lead-${lead.id}`, runId: `run-${lead.id}-${n}` };
  }
  const state = async (run: RunOfLead) => ({
    lead: await db.prisma.lead.findUniqueOrThrow({ where: { id: run.leadId } }),
    rows: await db.prisma.syncRun.findMany({ where: { workflowId: run.workflowId } }),
  });
  const started = async () => {
    const run = await newRun();
    await markRunStarted(db.prisma, { ...run, trigger: "schedule", startedAt });
    return run;
  };

  it("markRunStarted shows the lead running and opens one row with the lead's name and trigger", async () => {
    const run = await newRun();
    expect(await markRunStarted(db.prisma, { ...run, trigger: "schedule", startedAt })).toBe(true);
    const { lead, rows } = await state(run);
    expect(lead).toMatchObject({ attioSyncStatus: "running", attioSyncError: null, attioLastRunAt: startedAt, attioLastRunId: run.runId });
    expect(rows).toEqual([expect.objectContaining({ status: "running", trigger: "schedule", leadName: lead.name, startedAt })]);
  });

  it("markRunStarted repeated for the same run leaves the row's outcome alone", async () => {
    const run = await started();
    await markRunFailed(db.prisma, { ...run, error: "Attio said no" });
    await markRunStarted(db.prisma, { ...run, startedAt });
    expect((await state(run)).rows.map((r) => r.status)).toEqual(["failed"]);
  });

  it("markRunStarted for a deleted lead says so and still opens a row", async () => {
    const run = { leadId: 2_147_000_000, workflowId: "lead-gone", runId: "run-gone" };
    expect(await markRunStarted(db.prisma, { ...run, startedAt })).toBe(false);
    expect(await db.prisma.syncRun.findUnique({ where: { runId: run.runId } })).toMatchObject({
      leadName: `Lead ${run.leadId}`,
      status: "running",
    });
  });

  it("markRunSucceeded stores the outcome on the lead and closes the row with the records' links", async () => {
    const run = await started();
    const syncedAt = new Date("2026-12-01T10:00:05Z");
    expect(await markRunSucceeded(db.prisma, { ...run, person, company, syncedAt, snapshotHash: "hash-1" })).toBe(true);
    const { lead, rows } = await state(run);
    expect(lead).toMatchObject({ attioSyncStatus: "synced", attioSyncedAt: syncedAt, attioSnapshotHash: "hash-1", attioSyncError: null });
    expect(rows).toEqual([
      expect.objectContaining({ status: "synced", personUrl: person.webUrl, companyUrl: company.webUrl, error: null }),
    ]);
    expect(rows[0]!.finishedAt).not.toBeNull();
  });

  it("markRunSucceeded leaves the record ids to the steps that resolved them", async () => {
    const run = await started();
    await db.prisma.lead.update({ where: { id: run.leadId }, data: { attioPersonId: "stored-by-step" } });
    await markRunSucceeded(db.prisma, { ...run, person, company: null, syncedAt: startedAt, snapshotHash: "h" });
    expect((await state(run)).lead.attioPersonId).toBe("stored-by-step");
  });

  it("markRunSucceeded for a lead deleted mid-run writes nothing and says so", async () => {
    const run = await started();
    await db.prisma.lead.delete({ where: { id: run.leadId } });
    expect(await markRunSucceeded(db.prisma, { ...run, person, company, syncedAt: startedAt, snapshotHash: "h" })).toBe(false);
    expect(await db.prisma.syncRun.findUnique({ where: { runId: run.runId } })).toMatchObject({ status: "running" });
  });

  it("markRunFailed stores the (shortened) error on the lead and the row", async () => {
    const run = await started();
    await markRunFailed(db.prisma, { ...run, error: "x".repeat(3_000) });
    const { lead, rows } = await state(run);
    expect(lead.attioSyncStatus).toBe("failed");
    expect(lead.attioSyncError).toHaveLength(2_000);
    expect(rows).toEqual([expect.objectContaining({ status: "failed", error: lead.attioSyncError })]);
  });

  it("markRunFailed before the run's start was logged still writes a row", async () => {
    const run = await newRun();
    await markRunFailed(db.prisma, { ...run, error: "no database at first" });
    const { lead, rows } = await state(run);
    expect(lead).toMatchObject({ attioSyncStatus: "failed", attioLastRunId: run.runId });
    expect(rows).toEqual([expect.objectContaining({ status: "failed", trigger: "manual", leadName: lead.name })]);
  });

  it("markRunEnded closes a terminated run on the lead and the row with one message and Temporal's close time", async () => {
    const run = await started();
    const closedAt = new Date("2026-12-01T10:01:00Z");
    expect(await markRunEnded(db.prisma, run, { status: "terminated", closedAt })).toEqual({ lead: true, row: true });
    const { lead, rows } = await state(run);
    expect(lead).toMatchObject({ attioSyncStatus: "failed", attioSyncError: endedRunMessage("terminated") });
    expect(rows).toEqual([expect.objectContaining({ status: "failed", error: endedRunMessage("terminated"), finishedAt: closedAt })]);
  });

  it.each([
    ["terminated", /was terminated in Temporal/],
    ["cancelled", /was cancelled in Temporal/],
    ["timed_out", /timed out in Temporal/],
    ["failed", /failed in Temporal/],
  ] as const)("endedRunMessage names a %s run", (status, text) => {
    expect(endedRunMessage(status)).toMatch(text);
  });

  it.each(["running", "unknown"] as const)("markRunEnded changes nothing for a run Temporal reports %s", async (status) => {
    const run = await started();
    expect(await markRunEnded(db.prisma, run, { status, closedAt: null })).toEqual({ lead: false, row: false });
    expect((await state(run)).lead.attioSyncStatus).toBe("running");
  });

  it("markRunEnded leaves an outcome the run recorded itself", async () => {
    const run = await started();
    await markRunSucceeded(db.prisma, { ...run, person, company, syncedAt: startedAt, snapshotHash: "h" });
    expect(await markRunEnded(db.prisma, run, { status: "terminated", closedAt: null })).toEqual({ lead: false, row: false });
    expect((await state(run)).lead.attioSyncStatus).toBe("synced");
  });

  it("markRunEnded leaves a lead a newer run has taken over, closing only the old run's row", async () => {
    const old = await started();
    const newer = { ...old, runId: `${old.runId}-newer` };
    await markRunStarted(db.prisma, { ...newer, startedAt });
    expect(await markRunEnded(db.prisma, old, { status: "cancelled", closedAt: null })).toEqual({ lead: false, row: true });
    const { lead } = await state(old);
    expect(lead).toMatchObject({ attioSyncStatus: "running", attioLastRunId: newer.runId });
  });

  it("markRunEnded closes a completed run's row as synced and leaves the lead", async () => {
    const run = await started();
    expect(await markRunEnded(db.prisma, run, { status: "completed", closedAt: null })).toEqual({ lead: false, row: true });
    const { lead, rows } = await state(run);
    expect(lead.attioSyncStatus).toBe("running");
    expect(rows).toEqual([expect.objectContaining({ status: "synced", error: null })]);
  });

  /** An inbox row (issue 20's AttioInboxEvent) about the lead's person. */
  const inboxEvent = (leadId: number, key: string, eventIndex: number, actorType = "workspace-member") =>
    db.prisma.attioInboxEvent.create({
      data: {
        deliveryKey: `${key}-${leadId}`,
        eventIndex,
        webhookId: "webhook-1",
        eventType: "record.updated",
        actorType,
        workflowId: `attio-people-${leadId}`,
        receivedAt: startedAt,
      },
    });

  it("markInboundApplied stamps the inbox rows once and the lead's last Attio-side change", async () => {
    const run = await newRun();
    const rows = await Promise.all([0, 1].map((i) => inboxEvent(run.leadId, "delivery", i)));
    const appliedAt = new Date("2026-12-01T11:00:00Z");
    const ids = rows.map((r) => r.id);
    expect(
      await markInboundApplied(db.prisma, { inboxIds: ids, outcome: "applied", detail: "job title", leadId: run.leadId, appliedAt }),
    ).toBe(2);
    expect(
      await markInboundApplied(db.prisma, { inboxIds: ids, outcome: "echo", detail: null, leadId: run.leadId, appliedAt: new Date() }),
    ).toBe(0);
    const stored = await db.prisma.attioInboxEvent.findMany({ where: { id: { in: ids } } });
    expect(stored.map((r) => [r.outcome, r.detail, r.leadId])).toEqual([
      ["applied", "job title", run.leadId],
      ["applied", "job title", run.leadId],
    ]);
    expect((await state(run)).lead.attioInboundAt).toEqual(appliedAt);
  });

  it("markInboundApplied records an echo without touching the lead", async () => {
    const run = await newRun();
    const row = await inboxEvent(run.leadId, "echo", 0, "system");
    await markInboundApplied(db.prisma, { inboxIds: [row.id], outcome: "echo", detail: null, leadId: run.leadId, appliedAt: new Date() });
    expect((await state(run)).lead.attioInboundAt).toBeNull();
  });
});
