// The inputs and results of the sync activities, as recorded in each run's history.
import type { AttioRecordRef } from "../../web/src/lib/attio/client";
import type { FieldPolicy } from "../../web/src/lib/attio/field-policy";
import type { LeadIdentity } from "../../web/src/lib/leads/lead-identity";

export interface RunRef {
  workflowId: string;
  runId: string;
}

/**
 * What the company and person upserts need: the lead's identity, without the (large) note. The
 * records stored by earlier runs are re-read from the lead by each step, not carried here.
 */
export interface SyncRecordInput extends LeadIdentity {
  leadId: number;
  /** The field policy read by prepareSync, so both upserts of a run apply the same one (absent in runs started before). */
  fieldPolicy?: FieldPolicy;
}

export interface SyncNote {
  title: string;
  markdown: string;
  marker: string;
}

export interface PreparedSync extends SyncRecordInput {
  note: SyncNote;
  snapshotHash: string;
}

export interface PersistSyncInput extends RunRef {
  leadId: number;
  person: AttioRecordRef;
  company: AttioRecordRef | null;
  syncedAt: string;
  snapshotHash: string;
}
