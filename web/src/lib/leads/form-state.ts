import type { CsvImportError } from "./csv-import";
import { leadFormValues, type LeadFieldErrors, type LeadFormValues } from "./lead-fields";

/**
 * What the form and import server actions answer. These live outside the `"use server"` files,
 * which may export nothing but async functions.
 */

export interface NewLeadState {
  values: LeadFormValues;
  fieldErrors: LeadFieldErrors;
  formError: string | null;
}

export const initialNewLeadState: NewLeadState = { values: leadFormValues(() => ""), fieldErrors: {}, formError: null };

export type ImportState =
  | { status: "idle" }
  | { status: "invalid"; fileName: string | null; errors: CsvImportError[]; errorCount: number }
  | {
      status: "imported";
      fileName: string;
      count: number;
      firstId: number;
      ignoredColumns: string[];
      /** Imported rows whose email an existing lead already has: they sync to that lead's Attio person. */
      sharedEmails: { row: number; email: string; leadId: number; leadName: string }[];
    };

export const initialImportState: ImportState = { status: "idle" };
