// Shared between workflows, activities, the worker and the web app. Workflow code imports this,
// so it may import nothing but `@temporalio/workflow` and pure code (no Node built-ins, no Prisma).
import { defineQuery } from "@temporalio/workflow";

export const TASK_QUEUE = "leadsync";
export const SYNC_WORKFLOW_TYPE = "syncLeadWorkflow";

/** Workflow id for a lead: one id per lead makes concurrent clicks attach to the same run. */
export function leadWorkflowId(leadId: number): string {
  return `lead-${leadId}`;
}

export type SyncStep = "loading" | "company" | "person" | "note" | "saving" | "done" | "failed";

export interface SyncState {
  leadId: number;
  step: SyncStep;
  startedAt: string;
  finishedAt: string | null;
  personId: string | null;
  companyId: string | null;
  noteId: string | null;
  error: string | null;
}

export interface SyncLeadInput {
  leadId: number;
  /** Who asked: a click in the app, or the scheduled re-sync dispatcher. */
  trigger?: "manual" | "schedule";
}

export interface SyncLeadResult {
  leadId: number;
  personId: string;
  companyId: string | null;
  noteId: string;
  syncedAt: string;
}

export const syncStateQuery = defineQuery<SyncState>("syncState");
