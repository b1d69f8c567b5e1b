import { describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";

describe("test database", () => {
  const h = useSyncHarness({ fake: false });

  it("starts empty and migrated, and stores a lead with its relations", async () => {
    expect(await h.db.prisma.lead.count()).toBe(0);
    const lead = await h.db.prisma.lead.create({
      data: { name: "Ada Lovelace", drafts: { create: [{ angle: "a", variantKey: "A", hypothesis: "h", content: "c" }] } },
      include: { drafts: true },
    });
    expect(lead.attioSyncStatus).toBe("not_synced");
    expect(lead.drafts).toHaveLength(1);
  });
});
