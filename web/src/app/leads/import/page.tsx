import Link from "next/link";
import { MAX_CSV_BYTES, MAX_CSV_ROWS } from "@/lib/leads/csv-import";
import { MiniTable } from "@/app/ui/mini-table";
import { ImportForm } from "./import-form";

export const metadata = { title: "Import leads" };

const COLUMNS: [string, string][] = [
  ["name", "Required. The person's full name."],
  ["role", "Job title."],
  ["company", "Company name."],
  ["company_domain", "The company's website domain, e.g. acme.com."],
  ["email", "Work email; each address at most once per file."],
  ["linkedin_url", "LinkedIn profile URL."],
  ["icp_score", "Whole number from 0 to 100."],
  ["icp_reasons", "Reasons for the score, separated by “;”."],
];

export default function ImportPage() {
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/leads">← All leads</Link>
      </nav>
      <h1>Import leads from CSV</h1>
      <p className="muted">
        Every row is checked before anything is saved: if one row has a problem, nothing is imported and each problem is listed with its row
        number (the header is row 1, as in a spreadsheet).
      </p>
      <section className="card">
        <ImportForm maxBytes={MAX_CSV_BYTES} maxRows={MAX_CSV_ROWS} />
      </section>
      <section className="card" aria-labelledby="columns-heading">
        <h2 id="columns-heading">Columns</h2>
        <p className="muted">
          Only <code>name</code> is required; columns can come in any order, and other columns are ignored.{" "}
          <a href="/leads/import/template.csv" download>
            Download a template
          </a>
          .
        </p>
        <MiniTable columns={["Header", "Meaning"]}>
          {COLUMNS.map(([h, m]) => (
            <tr key={h}>
              <td>
                <code>{h}</code>
              </td>
              <td>{m}</td>
            </tr>
          ))}
        </MiniTable>
      </section>
    </>
  );
}
