import Link from "next/link";
import Form from "next/form";
import { SYNC_TRIGGERS } from "@/lib/temporal/contract";
import { SYNC_OUTCOMES, listSyncRuns, parseSyncLogParams, syncLogSearchParams, type SyncLogCursor } from "@/lib/sync-log/queries";
import { reconcileEndedRuns, runsLoggedRunning } from "@/lib/sync/ended-runs";
import { webDeps } from "@/app/web-deps";
import { PagerLink } from "@/app/ui/pager-link";
import { SyncRunTable } from "./sync-run-table";
import { InboundEventTable } from "./inbound-table";
import { listInboundEvents } from "@/lib/sync-log/inbound";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sync log" };

type SearchParams = Record<string, string | string[] | undefined>;

/** Every sync run (click, schedule, bulk, retry), newest first, with filters. */
export default async function SyncLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { filters, cursor } = parseSyncLogParams(await searchParams);
  const deps = webDeps();
  const prisma = deps.prisma;
  // Rows of runs terminated in Temporal (or timed out) are closed before they are shown.
  await reconcileEndedRuns(await runsLoggedRunning(prisma), deps);
  const [page, inbound] = await Promise.all([listSyncRuns(prisma, filters, cursor), listInboundEvents(prisma)]);
  const href = (c: SyncLogCursor) => {
    const qs = syncLogSearchParams(filters, c).toString();
    return qs ? `/syncs?${qs}` : "/syncs";
  };
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <div className="page-head">
        <h1>Sync log</h1>
      </div>
      <Form className="toolbar log-filters" role="search" action="/syncs" aria-label="Filter sync runs">
        <div className="filter-row">
          <FilterSelect label="Outcome" name="outcome" value={filters.outcome} options={SYNC_OUTCOMES} />
          <FilterSelect label="Trigger" name="trigger" value={filters.trigger} options={SYNC_TRIGGERS} />
          <label>
            Lead (name or id)
            <input
              type="search"
              name="lead"
              defaultValue={filters.lead ?? ""}
              maxLength={100}
              data-testid="filter-lead"
              autoComplete="off"
            />
          </label>
          <label>
            From
            <input type="date" name="from" defaultValue={filters.from ?? ""} data-testid="filter-from" />
          </label>
          <label>
            To
            <input type="date" name="to" defaultValue={filters.to ?? ""} data-testid="filter-to" />
          </label>
          <div className="filter-actions">
            <button className="button" type="submit" data-testid="filter-apply">
              Filter
            </button>
            {filtered ? (
              <Link className="button ghost" href="/syncs">
                Clear
              </Link>
            ) : null}
          </div>
        </div>
      </Form>

      <SyncRunTable runs={page.runs} caption="Sync runs, newest first" />

      {page.newer || page.older ? (
        <nav className="pager" aria-label="Pages">
          <PagerLink href={page.newer ? href(page.newer) : null} label="‹ Newer" rel="prev" testId="log-newer" />
          <PagerLink href={page.older ? href(page.older) : null} label="Older ›" rel="next" testId="log-older" />
        </nav>
      ) : null}

      <InboundEventTable events={inbound} />
    </>
  );
}

/** A filter of the log: any value, or one of `options`; the select's test id is `filter-<name>`. */
function FilterSelect({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: readonly string[];
}) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ""} data-testid={`filter-${name}`}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
