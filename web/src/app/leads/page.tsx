import Link from "next/link";
import { getPrisma } from "../../lib/db";
import { listLeads } from "../../lib/leads/queries";
import { SyncBadge } from "./sync-badge";

export const dynamic = "force-dynamic";
export const metadata = { title: "Leads" };

export default async function LeadsPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const sp = await searchParams;
  const { q, page, total, pageCount, leads } = await listLeads(getPrisma(), { q: sp.q, page: Number(sp.page) || 1 });
  const pageHref = (p: number) => `/leads?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <>
      <h1>Leads</h1>
      <p className="muted">{total.toLocaleString("en-US")} {total === 1 ? "lead" : "leads"}{q ? ` matching “${q}”` : ""}</p>
      <form className="toolbar" role="search" action="/leads">
        <label>
          Search by name, company or email
          <input type="search" name="q" defaultValue={q} placeholder="e.g. Ada or acme.com" />
        </label>
        <button className="button" type="submit">Search</button>
      </form>
      <table className="leads">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="hide-sm">Company</th>
            <th scope="col" className="hide-sm">Email</th>
            <th scope="col">ICP</th>
            <th scope="col">Attio sync</th>
          </tr>
        </thead>
        <tbody>
          {leads.map((lead) => (
            <tr key={lead.id}>
              <td>
                <Link href={`/leads/${lead.id}`}>{lead.name}</Link>
                {lead.role ? <div className="muted">{lead.role}</div> : null}
              </td>
              <td className="hide-sm">{lead.companyName ?? <span className="muted">—</span>}</td>
              <td className="hide-sm">{lead.email ?? <span className="muted">—</span>}</td>
              <td>{lead.icpScore?.score ?? <span className="muted">—</span>}</td>
              <td><SyncBadge status={lead.attioSyncStatus} syncedAt={lead.attioSyncedAt} error={lead.attioSyncError} /></td>
            </tr>
          ))}
          {leads.length === 0 ? (
            <tr><td colSpan={5} className="muted">No leads found.</td></tr>
          ) : null}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pagination">
        {page > 1 ? <Link className="button" href={pageHref(page - 1)} rel="prev">← Previous</Link> : null}
        <span>Page {page} of {pageCount}</span>
        {page < pageCount ? <Link className="button" href={pageHref(page + 1)} rel="next">Next →</Link> : null}
      </nav>
    </>
  );
}
