import { describe, expect, it } from "vitest";
import { bulkSelectionSize, MAX_BULK_LEADS, selectAllLabel } from "../../web/src/lib/bulk/limits";

// "Select all N matching" must not promise more leads than a bulk sync takes.
describe("selecting all matching leads", () => {
  it.each([
    [120, false, "Select all 120 leads"],
    [20_000, true, "Select all 20,000 matching this search"],
    [35_000, false, "Select the newest 20,000 of 35,000 leads (a bulk sync takes at most 20,000)"],
  ])("%i matches (searching: %s) -> %s", (matching, searching, label) => {
    expect(selectAllLabel(matching, searching)).toBe(label);
  });

  it("selects at most the cap", () => {
    expect(bulkSelectionSize(35_000)).toBe(MAX_BULK_LEADS);
    expect(bulkSelectionSize(12)).toBe(12);
  });
});
