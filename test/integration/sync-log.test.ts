import { describe, expect, it } from "vitest";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { useSyncHarness } from "../helpers/harness";
import { testSettings } from "../helpers/temporal";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { describeBulkSync, failedLeadIds, startBulkSync, type BulkDeps } from "../../web/src/lib/bulk/service";
import { listSyncRuns, leadSyncHistory } from "../../web/src/lib/sync-log/queries";
import { healthCounts, syncsPerDay } from "../../web/src/lib/sync-log/health";
import { RESYNC_WORKFLOW_TYPE, type BulkProgress } from "../../web/src/lib/temporal/contract";

/** The sync log as the workflows write it: one row per run, for clicks, bulk syncs, retries and scheduled passes. */
describe("the sync log", () => {
  const h = useSyncHarness({
    // Some tests fail syncs on purpose; each failure would log a warning.
    worker: { kind: "in-process", logLevel: "ERROR" },
    attioTimeoutMs: 5000,
    client: true,
    resetFakeAfterEach: true,
  });

  const bulkDeps = (): BulkDeps => ({
    prisma: h.db.prisma,
    getClient: async () => h.client,
    settings: testSettings(h.taskQueue),
    dispatcher: { concurrency: 3, batchSize: 2 },
  });
  const lead = (name: string) =>
    createLeadWithEvidence(h.db.prisma, {
      name,
      email: `${name.toLowerCase().replace(/\W+/g, ".")}@log.io`,
      companyName: `${name} Co`,
      companyDomain: null,
    });

  it("records a click's run as synced, with its trigger, times and links to the Attio records", async () => {
    const l = await lead("Log Clicked");
    await runLeadSync(l.id, h.syncDeps());
    const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: l.id } });
    const runs = await leadSyncHistory(h.db.prisma, l.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      leadName: "Log Clicked",
      workflowId: `lead-${l.id}`,
      runId: stored.attioLastRunId,
      trigger: "manual",
      status: "synced",
      error: null,
      personUrl: stored.attioPersonUrl,
      companyUrl: stored.attioCompanyUrl,
    });
    expect(runs[0]!.finishedAt!.getTime()).toBeGreaterThanOrEqual(runs[0]!.startedAt.getTime());
  });

  it("records a failed run with Attio's error", async () => {
    const l = await lead("Log Rejected");
    h.fake.setFaults({ errorRate: 1, errorStatus: 400 });
    const result = await runLeadSync(l.id, h.syncDeps());
    expect(result.success).toBe(false);
    const [run] = await leadSyncHistory(h.db.prisma, l.id);
    expect(run).toMatchObject({ status: "failed", trigger: "manual" });
    expect(run!.error).toBe((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: l.id } })).attioSyncError);
  });

  it("runs 'Sync selected' as one bulk dispatcher (across continue-as-new) and logs each child as bulk", async () => {
    const leads = [];
    for (let i = 0; i < 5; i++) leads.push(await lead(`Log Bulk ${i}`));
    const started = await startBulkSync(
      bulkDeps(),
      leads.map((l) => l.id),
      "bulk",
    );
    expect(started).toMatchObject({ ok: true, count: 5 });
    const progress = (await h.client.workflow.getHandle(`bulk-sync-${h.taskQueue}`).result()) as BulkProgress;
    expect(progress).toMatchObject({ trigger: "bulk", total: 5, succeeded: 5, failed: 0, inFlight: 0 });
    expect(await describeBulkSync(bulkDeps())).toMatchObject({ status: "completed", progress: { succeeded: 5, total: 5 } });
    const page = await listSyncRuns(h.db.prisma, { trigger: "bulk" });
    expect(page.runs.map((r) => r.leadId).sort()).toEqual(leads.map((l) => l.id).sort());
    expect(page.runs.every((r) => r.status === "synced")).toBe(true);
  });

  it("'Retry all failed' retries exactly the failed leads, logged as retry", async () => {
    await h.db.prisma.lead.updateMany({ data: { attioSyncStatus: "synced" }, where: { attioSyncStatus: "failed" } });
    const a = await lead("Log Retry A");
    const b = await lead("Log Retry B");
    h.fake.setFaults({ errorRate: 1, errorStatus: 400 });
    await runLeadSync(a.id, h.syncDeps());
    await runLeadSync(b.id, h.syncDeps());
    h.fake.setFaults({});
    const ids = await failedLeadIds(h.db.prisma);
    expect(ids.sort()).toEqual([a.id, b.id].sort());
    expect(await startBulkSync(bulkDeps(), ids, "retry")).toMatchObject({ ok: true, count: 2 });
    const progress = (await h.client.workflow.getHandle(`bulk-sync-${h.taskQueue}`).result()) as BulkProgress;
    expect(progress).toMatchObject({ trigger: "retry", succeeded: 2, failed: 0 });
    const retried = await listSyncRuns(h.db.prisma, { trigger: "retry" });
    expect(retried.runs.map((r) => [r.leadId, r.status]).sort()).toEqual(
      [
        [a.id, "synced"],
        [b.id, "synced"],
      ].sort(),
    );
    expect((await listSyncRuns(h.db.prisma, { lead: String(a.id) })).runs.map((r) => r.status)).toEqual(["synced", "failed"]);
  });

  it("logs a scheduled pass's children as schedule, and counts them in the health view", async () => {
    const l = await lead("Log Scheduled");
    await h.client.workflow.execute(RESYNC_WORKFLOW_TYPE, {
      workflowId: `log-resync-${l.id}`,
      taskQueue: h.taskQueue,
      args: [{ concurrency: 5 }],
    });
    const runs = await leadSyncHistory(h.db.prisma, l.id);
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([["schedule", "synced"]]);

    const counts = await healthCounts(h.db.prisma);
    const all = await h.db.prisma.lead.count();
    expect(counts.synced).toBe(all);
    expect(counts.failed + counts.running + counts.neverSynced).toBe(0);
    const days = await syncsPerDay(h.db.prisma);
    expect(days).toHaveLength(30);
    const today = days[days.length - 1]!;
    expect(today.synced).toBe(await h.db.prisma.syncRun.count({ where: { status: "synced" } }));
    expect(today.failed).toBe(await h.db.prisma.syncRun.count({ where: { status: "failed" } }));
  });

  it("pages through the log newest first with filters that combine", async () => {
    const base = { leadId: 1, workflowId: "lead-1", trigger: "manual" };
    await h.db.prisma.syncRun.deleteMany({});
    for (let i = 0; i < 120; i++) {
      await h.db.prisma.syncRun.create({
        data: {
          ...base,
          leadName: i % 2 ? "Odd Lead" : "Even Lead",
          runId: `page-${i}`,
          status: i % 3 === 0 ? "failed" : "synced",
          startedAt: new Date(Date.UTC(2026, 10, 1 + (i % 20), 12)),
        },
      });
    }
    const first = await listSyncRuns(h.db.prisma, {});
    expect(first.runs).toHaveLength(50);
    expect(first.runs[0]!.runId).toBe("page-119");
    expect(first.newer).toBeNull();
    const second = await listSyncRuns(h.db.prisma, {}, first.older!);
    expect(second.runs[0]!.runId).toBe("page-69");
    const third = await listSyncRuns(h.db.prisma, {}, second.older!);
    expect(third.runs).toHaveLength(20);
    expect(third.older).toBeNull();
    const back = await listSyncRuns(h.db.prisma, {}, third.newer!);
    expect(back.runs.map((r) => r.runId)).toEqual(second.runs.map((r) => r.runId));

    const filtered = await listSyncRuns(h.db.prisma, { outcome: "failed", lead: "Odd", from: "2026-11-05", to: "2026-11-06" });
    const expected = Array.from({ length: 120 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 2 === 1 && [4, 5].includes(i % 20));
    expect(filtered.runs.map((r) => r.runId)).toEqual(expected.reverse().map((i) => `page-${i}`));
  });
});
