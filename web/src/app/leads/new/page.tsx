import Link from "next/link";
import { NewLeadForm } from "./new-lead-form";

export const metadata = { title: "Add lead" };

export default function NewLeadPage() {
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/leads">← All leads</Link>
      </nav>
      <h1>Add a lead</h1>
      <p className="muted">
        Only the name is required. Email, company domain and LinkedIn URL are how Attio recognises the person and the company, so add them
        when you have them. Many leads at once? <Link href="/leads/import">Import a CSV</Link>.
      </p>
      <section className="card">
        <NewLeadForm />
      </section>
    </>
  );
}
