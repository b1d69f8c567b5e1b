import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSyncRuns } from "../../web/src/lib/sync-log/queries";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

// `%` and `_` in the lead filter are text, as a user typing them means, not SQL wildcards.
describe("the sync log's lead filter", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const names = ["Ada Lovelace", "100% Growth Co", "snake_case Ltd", "Grace Hopper"];
    await db.prisma.syncRun.createMany({
      data: names.map((leadName, i) => ({
        leadId: i + 1,
        leadName,
        workflowId: `lead-${i + 1}`,
        runId: `run-${i + 1}`,
        trigger: "manual",
        status: "synced",
        startedAt: new Date(Date.UTC(2026, 11, 1, 10, i)),
      })),
    });
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const leadsFor = async (lead: string) => (await listSyncRuns(db.prisma, { lead })).runs.map((r) => r.leadName).sort();

  it.each([
    ["%", ["100% Growth Co"]],
    ["_", ["snake_case Ltd"]],
    ["0%", ["100% Growth Co"]],
    ["e_c", ["snake_case Ltd"]],
    ["a%b", []],
    ["Lovelace", ["Ada Lovelace"]],
  ])("%j matches only names containing it", async (lead, expected) => {
    expect(await leadsFor(lead)).toEqual(expected);
  });
});
