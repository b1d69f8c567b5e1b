import { CsvParseError, isBlankRecord, parseCsv } from "./csv";
import { LEAD_FIELD_LABELS, leadFormValues, validateLead, type LeadField, type LeadFormValues, type LeadInput } from "./lead-input";

/**
 * CSV import of leads: header row, one lead per row, every row validated before anything is
 * written (the caller inserts the whole batch in one transaction, or nothing).
 */

/**
 * Limits. Next.js refuses server-action bodies over 1 MB (`serverActions.bodySizeLimit`), so the
 * file limit stays well below it, multipart overhead included; 1,000 rows insert in one
 * transaction in well under a second.
 */
export const MAX_CSV_BYTES = 512 * 1024;
export const MAX_CSV_ROWS = 1_000;
/** Errors returned to the page; a file with more gets a count of the rest. */
export const MAX_REPORTED_ERRORS = 50;

/** Accepted header names (lowercased, spaces and dashes as `_`) and the field each fills. */
const COLUMN_ALIASES: Record<string, LeadField> = {
  name: "name",
  full_name: "name",
  role: "role",
  title: "role",
  job_title: "role",
  company: "companyName",
  company_name: "companyName",
  company_domain: "companyDomain",
  domain: "companyDomain",
  email: "email",
  email_address: "email",
  linkedin_url: "linkedinUrl",
  linkedin: "linkedinUrl",
  icp_score: "icpScore",
  icp_reasons: "icpReasons",
};

export const CSV_TEMPLATE_HEADER = "name,role,company,company_domain,email,linkedin_url,icp_score,icp_reasons";

export interface CsvImportError {
  /** Spreadsheet row (the header is row 1); null for problems with the file as a whole. */
  row: number | null;
  /** The column as written in the file's header, when the problem is one cell. */
  column: string | null;
  message: string;
}

export type CsvImportPlan =
  | { ok: true; leads: LeadInput[]; rows: number[]; ignoredColumns: string[] }
  | { ok: false; errors: CsvImportError[]; errorCount: number };

function headerKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

function fail(errors: CsvImportError[]): CsvImportPlan {
  return { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS), errorCount: errors.length };
}

/** Parses and validates a whole CSV file; `ok` only when every row is a valid lead. */
export function planCsvImport(text: string, limits = { maxRows: MAX_CSV_ROWS }): CsvImportPlan {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvParseError) return fail([{ row: err.row, column: null, message: err.message }]);
    throw err;
  }

  const header = records[0];
  if (!header || isBlankRecord(header)) {
    return fail([{ row: 1, column: null, message: `The first row must be a header row, for example: ${CSV_TEMPLATE_HEADER}` }]);
  }

  // Column index -> field; unknown columns are ignored and reported, duplicates are errors.
  const columns: { index: number; name: string; field: LeadField }[] = [];
  const ignoredColumns: string[] = [];
  const headerErrors: CsvImportError[] = [];
  header.fields.forEach((raw, index) => {
    const name = raw.trim();
    const field = COLUMN_ALIASES[headerKey(raw)];
    if (!field) {
      if (name) ignoredColumns.push(name);
      return;
    }
    const twin = columns.find((c) => c.field === field);
    if (twin) {
      headerErrors.push({
        row: 1,
        column: name,
        message: `Columns “${twin.name}” and “${name}” both give the ${LEAD_FIELD_LABELS[field].toLowerCase()}; keep one.`,
      });
      return;
    }
    columns.push({ index, name, field });
  });
  if (!columns.some((c) => c.field === "name")) {
    const found = header.fields
      .map((f) => f.trim())
      .filter(Boolean)
      .join(", ");
    headerErrors.push({
      row: 1,
      column: null,
      message: `The header row needs a “name” column (found: ${found || "nothing"}). Expected columns: ${CSV_TEMPLATE_HEADER}.`,
    });
  }
  if (headerErrors.length) return fail(headerErrors);

  const dataRecords = records.slice(1).filter((r) => !isBlankRecord(r));
  if (dataRecords.length === 0) return fail([{ row: null, column: null, message: "The file has a header row but no leads." }]);
  if (dataRecords.length > limits.maxRows) {
    return fail([
      {
        row: null,
        column: null,
        message: `The file has ${dataRecords.length.toLocaleString("en-US")} leads; import at most ${limits.maxRows.toLocaleString("en-US")} at a time (split the file).`,
      },
    ]);
  }

  const errors: CsvImportError[] = [];
  const leads: LeadInput[] = [];
  const rows: number[] = [];
  const columnOf = new Map(columns.map((c) => [c.field, c.name]));
  const emailRows = new Map<string, number>();
  for (const record of dataRecords) {
    const extra = record.fields.slice(header.fields.length);
    if (extra.some((cell) => cell.trim() !== "")) {
      errors.push({
        row: record.row,
        column: null,
        message: `This row has ${record.fields.length} cells but the header has ${header.fields.length} columns (an unquoted comma?).`,
      });
      continue;
    }
    const values: LeadFormValues = leadFormValues(() => "");
    // Short rows are fine: spreadsheets drop trailing empty cells.
    for (const c of columns) values[c.field] = record.fields[c.index] ?? "";

    const result = validateLead(values);
    if (!result.ok) {
      for (const [field, messages] of Object.entries(result.fieldErrors) as [LeadField, string[]][]) {
        for (const message of messages) errors.push({ row: record.row, column: columnOf.get(field) ?? null, message });
      }
      continue;
    }
    // Attio treats an email address as one person: two rows with it would merge on sync.
    const email = result.lead.email;
    if (email) {
      const first = emailRows.get(email);
      if (first !== undefined) {
        errors.push({
          row: record.row,
          column: columnOf.get("email") ?? null,
          message: `The same email as row ${first}; each person once, please.`,
        });
        continue;
      }
      emailRows.set(email, record.row);
    }
    leads.push(result.lead);
    rows.push(record.row);
  }
  if (errors.length) return fail(errors);
  return { ok: true, leads, rows, ignoredColumns };
}
