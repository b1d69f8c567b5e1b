import Link from "next/link";
import Form from "next/form";
import { getPrisma } from "@/lib/db";
import {
  MAX_SEARCH_LENGTH,
  cursorFromSearchParams,
  knownStages,
  listLeads,
  pageSearchParams,
  type LeadPageCursor,
} from "@/lib/leads/queries";
import { reconcileEndedRuns, runHeldByLead } from "@/lib/sync/ended-runs";
import { webDeps } from "@/app/web-deps";
import { scoreBand } from "@/lib/leads/score-band";
import { ListTable, type ListColumn } from "@/app/ui/list-table";
import { PagerLink } from "@/app/ui/pager-link";
import { SyncBadge } from "./sync-badge";
import { SchedulePanel } from "./schedule-panel";
import { BulkPanel } from "./bulk-panel";
import { LeadSelectBox } from "./bulk-sync-bar";
import { HealthPanel } from "./health-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Leads" };

type SearchParams = { q?: string; stage?: string; after?: string; before?: string; last?: string };

const n = (x: number) => x.toLocaleString("en-US");

const LEAD_COLUMNS: ListColumn[] = [
  { name: "Select", label: <span className="visually-hidden">Select</span>, className: "select-cell" },
  { name: "Name" },
  { name: "Company", className: "hide-sm" },
  { name: "Email", className: "hide-md" },
  { name: "ICP", label: <abbr title="Ideal customer profile score, 0 to 100">ICP</abbr>, className: "num" },
  { name: "Stage" },
  { name: "Attio sync" },
];

export default async function LeadsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const [page, stages] = await Promise.all([
    listLeads(getPrisma(), {
      q: typeof sp.q === "string" ? sp.q : undefined,
      stage: typeof sp.stage === "string" ? sp.stage : undefined,
      cursor: cursorFromSearchParams(sp),
    }),
    knownStages(getPrisma()),
  ]);
  const { q, stage, total, from, to } = page;
  // Runs terminated from the Temporal UI never record their outcome: ask Temporal about this page's
  // "running" leads, so the list says what the lead page says.
  const ended = new Set((await reconcileEndedRuns(page.leads.map(runHeldByLead), webDeps())).leadIds);
  const leads = page.leads.map((l) => (ended.has(l.id) ? { ...l, attioSyncStatus: "failed" } : l));
  const href = (cursor: LeadPageCursor) => {
    const params = pageSearchParams(q, cursor, stage).toString();
    return params ? `/leads?${params}` : "/leads";
  };
  const summary =
    total === 0
      ? q
        ? `No leads match “${q}”.`
        : stage
          ? `No leads at stage “${stage}”.`
          : "No leads yet."
      : `${from === to ? n(from) : `${n(from)}–${n(to)}`} of ${n(total)} ${total === 1 ? "lead" : "leads"}${q ? ` matching “${q}”` : ""}${stage ? ` at stage “${stage}”` : ""}`;

  return (
    <>
      <div className="page-head">
        <h1>Leads</h1>
        <div className="page-actions">
          <Link className="button primary" href="/leads/new">
            Add lead
          </Link>
          <Link className="button" href="/leads/import">
            Import CSV
          </Link>
        </div>
      </div>

      {/* next/form: a GET form that navigates client-side, and still works without JavaScript. */}
      <Form className="toolbar" role="search" action="/leads" aria-label="Search leads">
        <label htmlFor="lead-search">Search by name, company or email</label>
        <div className="search-row">
          <input
            id="lead-search"
            type="search"
            name="q"
            defaultValue={q}
            maxLength={MAX_SEARCH_LENGTH}
            placeholder="e.g. Ada, Northwind or acme.com"
            autoComplete="off"
          />
          <label htmlFor="stage-filter" className="visually-hidden">
            Attio stage
          </label>
          <select id="stage-filter" name="stage" defaultValue={stage} aria-label="Attio stage">
            <option value="">Any stage</option>
            {stages.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <button className="button" type="submit">
            Search
          </button>
          {q || stage ? (
            <Link className="button ghost" href="/leads">
              Clear
            </Link>
          ) : null}
        </div>
      </Form>

      <p className="muted" role="status" data-testid="list-summary">
        {summary}
      </p>

      <BulkPanel q={q} matching={total} />

      <ListTable
        className="leads"
        caption="Leads, most recently added first"
        columns={LEAD_COLUMNS}
        empty={
          leads.length > 0 ? null : q ? (
            <>
              Nothing matches “{q}”. <Link href="/leads">Show all leads</Link>
            </>
          ) : (
            <>
              No leads yet. <Link href="/leads/new">Add one</Link> or <Link href="/leads/import">import a CSV</Link>.
            </>
          )
        }
      >
        {leads.map((lead) => (
          <tr key={lead.id}>
            <td className="select-cell">
              <LeadSelectBox id={lead.id} name={lead.name} />
            </td>
            <td>
              <Link href={`/leads/${lead.id}`} className="lead-name">
                {lead.name}
              </Link>
              {lead.role || lead.companyName ? (
                <div className="muted small">
                  {lead.role}
                  {/* The company column is hidden on small screens: show it under the name. */}
                  {lead.companyName ? (
                    <span className="show-sm">
                      {lead.role ? " · " : ""}
                      {lead.companyName}
                    </span>
                  ) : null}
                </div>
              ) : null}
            </td>
            <td className="hide-sm">
              {lead.companyName ?? (
                <span className="muted" role="img" aria-label="none">
                  —
                </span>
              )}
            </td>
            <td className="hide-md email-cell">
              {lead.email ?? (
                <span className="muted" role="img" aria-label="none">
                  —
                </span>
              )}
            </td>
            <td className="num">
              {lead.icpScore ? (
                <span className={`score ${scoreBand(lead.icpScore.score)}`}>{lead.icpScore.score}</span>
              ) : (
                <span className="muted" role="img" aria-label="not scored">
                  —
                </span>
              )}
            </td>
            <td data-testid="lead-stage">
              {lead.attioDeletedAt ? (
                <span className="sync-failed">deleted in Attio</span>
              ) : (
                (lead.attioStage ?? (
                  <span className="muted" role="img" aria-label="no stage">
                    —
                  </span>
                ))
              )}
            </td>
            <td>
              <SyncBadge status={lead.attioSyncStatus} syncedAt={lead.attioSyncedAt} error={lead.attioSyncError} />
            </td>
          </tr>
        ))}
      </ListTable>

      {page.prev || page.next ? (
        <nav className="pager" aria-label="Pages">
          <PagerLink href={page.prev ? href({ kind: "first" }) : null} label="« First" />
          <PagerLink href={page.prev ? href(page.prev) : null} label="‹ Previous" rel="prev" />
          <PagerLink href={page.next ? href(page.next) : null} label="Next ›" rel="next" />
          <PagerLink href={page.next ? href({ kind: "last" }) : null} label="Last »" />
        </nav>
      ) : null}

      <HealthPanel />

      <SchedulePanel />
    </>
  );
}
