import Link from "next/link";
import { getPrisma } from "@/lib/db";
import { leadSyncHistory } from "@/lib/sync-log/queries";
import { SyncRunTable } from "../../syncs/sync-run-table";

/** The lead's last sync runs from the sync log (the lead page reconciled them), with a link to all of them. */
export async function LeadSyncHistory({ leadId }: { leadId: number }) {
  const runs = await leadSyncHistory(getPrisma(), leadId);
  return (
    <section className="card" aria-labelledby="history-heading" data-testid="lead-sync-history">
      <h2 id="history-heading">Sync history</h2>
      {runs.length === 0 ? (
        <p className="muted">No sync runs yet.</p>
      ) : (
        <>
          <SyncRunTable runs={runs} showLead={false} caption="This lead's sync runs, newest first" />
          <p className="small">
            <Link href={`/syncs?lead=${leadId}`}>All runs of this lead in the sync log</Link>
          </p>
        </>
      )}
    </section>
  );
}
