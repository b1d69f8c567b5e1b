// What the sync button says during each step of a run (the `syncState` query's step), one table
// for the button and the browser test that checks it.
import type { SyncStep } from "../temporal/contract";

export const SYNC_STEP_LABELS: Record<SyncStep, string> = {
  loading: "Loading the lead…",
  company: "Syncing the company…",
  person: "Syncing the person…",
  note: "Adding the note…",
  crm: "Setting the Attio attributes and list entry…",
  saving: "Saving the Attio IDs…",
  done: "Finishing…",
  // The run is storing its failure; the outcome replaces this at the next poll.
  failed: "Syncing…",
};

/** The steps between a run's first and last, during which the button shows the live step. */
export const LIVE_SYNC_STEPS = ["loading", "company", "person", "note", "crm", "saving"] as const satisfies readonly SyncStep[];
