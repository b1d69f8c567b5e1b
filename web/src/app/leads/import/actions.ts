"use server";

import { requireSignedIn } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { MAX_CSV_BYTES, planCsvImport } from "@/lib/leads/csv-import";
import { createLeads } from "@/lib/leads/lead-input";
import { leadsByEmail } from "@/lib/leads/shared-email";
import type { ImportState } from "@/lib/leads/form-state";

const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString("en-US")} KB`;

/**
 * Imports a CSV file of leads: every row is validated first, then all of them are inserted in
 * one transaction, so a bad row (or a failed insert) leaves nothing half-imported.
 * Reachable by direct POST: the file is checked for size and encoding before it is parsed.
 */
export async function importLeadsCsvAction(_prev: ImportState, formData: FormData): Promise<ImportState> {
  await requireSignedIn();
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return invalid(file instanceof File ? file.name : null, file instanceof File ? "The file is empty." : "Choose a CSV file to import.");
  }
  if (file.size > MAX_CSV_BYTES) {
    return invalid(
      file.name,
      `The file is ${kib(file.size)}; the limit is ${kib(MAX_CSV_BYTES)} (about 1,000 leads). Split it into smaller files.`,
    );
  }

  let text: string;
  try {
    // fatal: a file saved in another encoding (Excel's default "CSV" on Windows) is refused
    // instead of importing mangled names.
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return invalid(
      file.name,
      "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)”; in Google Sheets, use File › Download › CSV.",
    );
  }

  const plan = planCsvImport(text);
  if (!plan.ok) return { status: "invalid", fileName: file.name, errors: plan.errors, errorCount: plan.errorCount };

  let ids: number[];
  let sharedEmails: Extract<ImportState, { status: "imported" }>["sharedEmails"];
  try {
    const existing = await leadsByEmail(
      getPrisma(),
      plan.leads.map((l) => l.email),
    );
    sharedEmails = plan.leads.flatMap((lead, i) => {
      const other = lead.email ? existing.get(lead.email) : undefined;
      return other && lead.email ? [{ row: plan.rows[i]!, email: lead.email, leadId: other.id, leadName: other.name }] : [];
    });
    ids = await createLeads(getPrisma(), plan.leads);
  } catch {
    return invalid(file.name, "The leads could not be saved because of a database error; nothing was imported. Try again.");
  }
  return {
    status: "imported",
    fileName: file.name,
    count: ids.length,
    firstId: ids[0]!,
    ignoredColumns: plan.ignoredColumns,
    sharedEmails,
  };
}

function invalid(fileName: string | null, message: string): ImportState {
  return { status: "invalid", fileName, errors: [{ row: null, column: null, message }], errorCount: 1 };
}
