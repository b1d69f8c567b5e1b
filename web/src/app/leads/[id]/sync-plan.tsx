import Link from "next/link";
import type { LeadRef } from "@/lib/leads/shared-email";
import type { FieldPlanRow } from "@/lib/sync/field-plan";

/** What the next sync changes in Attio, field by field, per the field policy. */
export function SyncPlan({ rows, sharedWith }: { rows: FieldPlanRow[]; sharedWith: LeadRef | null }) {
  return (
    <section className="card" aria-labelledby="plan-heading" data-testid="sync-plan">
      <h2 id="plan-heading">What the next sync writes</h2>
      {sharedWith ? (
        <p className="notice" data-testid="shared-email">
          <Link href={`/leads/${sharedWith.id}`}>{sharedWith.name}</Link> (lead #{sharedWith.id}) already has this email: both leads sync to
          one Attio person, whose fields the older lead keeps.
        </p>
      ) : null}
      <table className="plan-table">
        <thead>
          <tr>
            <th scope="col">Attio field</th>
            <th scope="col">This lead</th>
            <th scope="col">Next sync</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field} data-field={row.field}>
              <th scope="row">{row.label}</th>
              <td>{row.value ?? <span className="muted">—</span>}</td>
              <td>{row.effect}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Change what a sync may overwrite in <Link href="/settings/fields">field settings</Link>.
      </p>
    </section>
  );
}
