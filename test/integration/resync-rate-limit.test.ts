import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { seedGeneratedLeads } from "../../prisma/generated-leads";
import { RESYNC_ACTIVITIES_PER_SECOND, RESYNC_WORKFLOW_TYPE, type ResyncLeadsResult } from "../../web/src/lib/temporal/contract";
import { expectBackfillWithinAttioLimits } from "../helpers/reliability";

const LEADS = 60;

describe("a re-sync backfill against Attio's real limits", () => {
  const h = useSyncHarness({
    // Generated leads: shared companies, free-mail and missing emails, LinkedIn-only people.
    seed: (prisma) => seedGeneratedLeads(prisma, LEADS),
    // Its own process: 25 writes/s and 100 reads/s, 429 + Retry-After beyond, on a clock the
    // worker's synchronous database work in this process cannot stall.
    fake: "process",
    attioTimeoutMs: 10_000,
    worker: {
      kind: "in-process",
      taskQueuePrefix: "resync",
      // ERROR, not WARN: the 429 retries this test provokes would otherwise log a warning each.
      logLevel: "ERROR",
      workerOptions: { maxConcurrentActivityTaskExecutions: 20, maxTaskQueueActivitiesPerSecond: RESYNC_ACTIVITIES_PER_SECOND },
      // No LEADSYNC_ATTIO_WRITES_PER_SECOND: the worker runs at the default budget, Attio's own 25/s,
      // and the shared budget's jitter margin is what keeps the fake from counting 26.
    },
    client: true,
  });

  // No retry: a second pass would find every lead already synced and start nothing.
  it("stays within 25 writes/s, rides out 429s with Retry-After and syncs every lead exactly once", { retry: 0 }, async () => {
    // Attio answers the first writes with 429 whatever the pace, so the retry path runs for sure.
    await h.fakeProcess.setFaults({ burst429: 5, appliesTo: "writes" });

    const result: ResyncLeadsResult = await h.client.workflow.execute(RESYNC_WORKFLOW_TYPE, {
      taskQueue: h.taskQueue,
      workflowId: `resync-rate-${randomUUID()}`,
      args: [{}],
    });

    const stats = await h.fakeProcess.stats();
    expect(result).toMatchObject({ started: LEADS, succeeded: LEADS, failed: 0 });
    expect(stats.status429).toBeGreaterThanOrEqual(5);
    expectBackfillWithinAttioLimits(stats, LEADS);
    expect(await h.db.prisma.lead.count({ where: { attioSyncStatus: "synced" } })).toBe(LEADS);
  });
});
