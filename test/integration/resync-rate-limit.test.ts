import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@temporalio/client";
import { startFakeAttioProcess, type FakeAttioProcess } from "../../fake-attio/process";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { connectTestClient, type TestWorker } from "../helpers/temporal";
import { seedGeneratedLeads } from "../../prisma/seed-data";
import { RESYNC_ACTIVITIES_PER_SECOND, RESYNC_WORKFLOW_TYPE, type ResyncLeadsResult } from "../../web/src/lib/temporal/contract";
import { startWorkerWithOptions } from "./resync-helpers";
import { expectBackfillWithinAttioLimits } from "../helpers/reliability";

const LEADS = 60;

describe("a re-sync backfill against Attio's real limits", () => {
  let db: TestDatabase;
  let fake: FakeAttioProcess;
  let worker: TestWorker;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Generated leads: shared companies, free-mail and missing emails, LinkedIn-only people.
    await seedGeneratedLeads(db.prisma, LEADS);
    // Its own process: 25 writes/s and 100 reads/s, 429 + Retry-After beyond, on a clock the
    // worker's synchronous database work in this process cannot stall.
    fake = await startFakeAttioProcess();
    worker = await startWorkerWithOptions({
      prisma: db.prisma,
      env: {
        ATTIO_API_KEY: fake.token,
        ATTIO_BASE_URL: fake.baseUrl,
        ATTIO_TIMEOUT_MS: "10000",
        // No LEADSYNC_ATTIO_WRITES_PER_SECOND: the worker runs at the default budget, Attio's own 25/s,
        // and the shared budget's jitter margin is what keeps the fake from counting 26.
      },
      maxTaskQueueActivitiesPerSecond: RESYNC_ACTIVITIES_PER_SECOND,
    });
    client = await connectTestClient();
  });
  afterAll(async () => {
    await worker?.shutdown();
    await fake?.stop();
    await db?.cleanup();
  });

  // No retry: a second pass would find every lead already synced and start nothing.
  it("stays within 25 writes/s, rides out 429s with Retry-After and syncs every lead exactly once", { retry: 0 }, async () => {
    // Attio answers the first writes with 429 whatever the pace, so the retry path runs for sure.
    await fake.setFaults({ burst429: 5, appliesTo: "writes" });

    const result: ResyncLeadsResult = await client.workflow.execute(RESYNC_WORKFLOW_TYPE, {
      taskQueue: worker.taskQueue,
      workflowId: `resync-rate-${randomUUID()}`,
      args: [{}],
    });

    const stats = await fake.stats();
    expect(result).toMatchObject({ started: LEADS, succeeded: LEADS, failed: 0 });
    expect(stats.status429).toBeGreaterThanOrEqual(5);
    expectBackfillWithinAttioLimits(stats, LEADS);
    expect(await db.prisma.lead.count({ where: { attioSyncStatus: "synced" } })).toBe(LEADS);
  });
});
