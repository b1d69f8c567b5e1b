import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

describe("test database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it("starts empty and migrated, and stores a lead with its relations", async () => {
    expect(await db.prisma.lead.count()).toBe(0);
    const lead = await db.prisma.lead.create({
      data: { name: "Ada Lovelace", drafts: { create: [{ angle: "a", variantKey: "A", hypothesis: "h", content: "c" }] } },
      include: { drafts: true },
    });
    expect(lead.attioSyncStatus).toBe("not_synced");
    expect(lead.drafts).toHaveLength(1);
  });
});
