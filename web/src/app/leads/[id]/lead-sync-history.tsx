import Link from "next/link";
import { getPrisma } from "@/lib/db";
import { getTemporalClient } from "@/lib/temporal/client";
import { leadSyncHistory } from "@/lib/sync-log/queries";
import { reconcileRunningRuns } from "@/lib/sync-log/reconcile";
import { SyncRunTable } from "../../syncs/sync-run-table";

/** The lead's last sync runs from the sync log, with a link to all of them. */
export async function LeadSyncHistory({ leadId }: { leadId: number }) {
  const prisma = getPrisma();
  await reconcileRunningRuns({ prisma, getClient: () => getTemporalClient() }, { leadId });
  const runs = await leadSyncHistory(prisma, leadId);
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
