// What the sync button shows for a status poll while it follows a run that outlived the action.
import type { SyncStep } from "../temporal/contract";
import type { SyncLeadStatus } from "./sync-status";

export type FollowStep = { kind: "wait"; step: SyncStep | null } | { kind: "done"; status: SyncLeadStatus };

/**
 * A stored outcome counts only when it belongs to the followed run: until that run's first step
 * marks the lead running, the lead still holds the previous run's outcome (e.g. its success).
 */
export function followStep(status: SyncLeadStatus, runId: string | null): FollowStep {
  if (status.status === "running") return { kind: "wait", step: status.step };
  if (runId && status.runId !== runId) return { kind: "wait", step: null };
  return { kind: "done", status };
}
