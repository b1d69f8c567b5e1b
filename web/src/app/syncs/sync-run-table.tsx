import Link from "next/link";
import { formatShortTimestamp, formatTimestamp } from "@/lib/format";
import { temporalRunUrl } from "@/lib/temporal/client";
import type { SyncRunRow } from "@/lib/sync-log/queries";
import { ListTable, type ListColumn } from "@/app/ui/list-table";
import "../operations.css";

const OUTCOME_TEXT: Record<string, string> = { running: "Running", synced: "Synced", failed: "Failed" };

/** "1.2 s", "3 min 4 s": how long a finished run took. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const s = Math.round(ms / 1_000);
  return s < 3_600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
}

/** Runs of the sync log as a table; `showLead` is off on a lead's own page. */
export function SyncRunTable({ runs, showLead = true, caption }: { runs: SyncRunRow[]; showLead?: boolean; caption: string }) {
  const columns: ListColumn[] = [
    ...(showLead ? [{ name: "Lead" }] : []),
    { name: "Outcome" },
    { name: "Trigger", className: "hide-sm" },
    { name: "Started" },
    { name: "Duration", className: "hide-sm" },
    { name: "Links" },
  ];
  return (
    <ListTable
      className="leads sync-runs"
      testId="sync-runs"
      caption={caption}
      columns={columns}
      empty={runs.length === 0 ? "No sync runs match." : null}
    >
      {runs.map((run) => (
        <tr key={run.id} data-testid="sync-run" data-run-id={run.runId} data-outcome={run.status} data-trigger={run.trigger}>
          {showLead ? (
            <td>
              <Link href={`/leads/${run.leadId}`}>{run.leadName}</Link>
            </td>
          ) : null}
          <td>
            <span className={`badge ${run.status}`} data-testid="run-outcome">
              {OUTCOME_TEXT[run.status] ?? run.status}
            </span>
            {/* The trigger column is hidden on small screens: show it under the outcome. */}
            <span className="show-sm small muted"> {run.trigger}</span>
            {run.error ? (
              <div className="small run-error" data-testid="run-error">
                {run.error}
              </div>
            ) : null}
          </td>
          <td className="hide-sm" data-testid="run-trigger">
            {run.trigger}
          </td>
          <td>
            <time dateTime={run.startedAt.toISOString()} title={formatTimestamp(run.startedAt)}>
              {formatShortTimestamp(run.startedAt)}
            </time>
          </td>
          <td className="hide-sm">
            {run.finishedAt ? formatDuration(run.finishedAt.getTime() - run.startedAt.getTime()) : <span className="muted">—</span>}
          </td>
          <td>
            <div className="run-links">
              {run.personUrl ? (
                <a href={run.personUrl} target="_blank" rel="noreferrer">
                  Person
                </a>
              ) : null}
              {run.companyUrl ? (
                <a href={run.companyUrl} target="_blank" rel="noreferrer">
                  Company
                </a>
              ) : null}
              <a href={temporalRunUrl(run.workflowId, run.runId)} target="_blank" rel="noreferrer" data-testid="run-temporal-link">
                Temporal
              </a>
            </div>
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
