import { describe, expect, it } from "vitest";
import { parseSyncLogParams } from "../../web/src/lib/sync-log/queries";

describe("the sync log's page parameters", () => {
  it.each(["3000000000", "1e3", "0x10", "-1", "0"])("ignores the cursor %j instead of querying with it", (raw) => {
    expect(parseSyncLogParams({ older: raw }).cursor).toEqual({ kind: "first" });
    expect(parseSyncLogParams({ newer: raw }).cursor).toEqual({ kind: "first" });
  });

  it("takes a plain row id", () => {
    expect(parseSyncLogParams({ older: "42" }).cursor).toEqual({ kind: "older", id: 42 });
  });
});
