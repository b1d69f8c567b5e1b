import { describe, expect, it } from "vitest";
import { followStep } from "../../web/src/lib/sync/follow-run";
import type { SyncLeadStatus } from "../../web/src/lib/sync/sync-status";

const status = (over: Partial<SyncLeadStatus>): SyncLeadStatus => ({
  leadId: 1,
  status: "synced",
  step: null,
  syncedAt: "2026-11-01T10:00:00.000Z",
  error: null,
  personId: "p",
  companyId: null,
  personUrl: null,
  companyUrl: null,
  runUrl: null,
  runId: "run-old",
  ...over,
});

describe("following a run that outlived the sync action", () => {
  it("does not take the previous run's success for the new run's outcome", () => {
    expect(followStep(status({ status: "synced", runId: "run-old" }), "run-new")).toEqual({ kind: "wait", step: null });
  });

  it("shows the live step while the followed run is running", () => {
    expect(followStep(status({ status: "running", step: "person", runId: "run-new" }), "run-new")).toEqual({
      kind: "wait",
      step: "person",
    });
  });

  it("ends with the followed run's own outcome", () => {
    const failed = status({ status: "failed", error: "Attio said no", runId: "run-new" });
    expect(followStep(failed, "run-new")).toEqual({ kind: "done", status: failed });
  });

  it("after a reload (no run id known) takes whatever outcome is stored", () => {
    const synced = status({});
    expect(followStep(synced, null)).toEqual({ kind: "done", status: synced });
  });
});
