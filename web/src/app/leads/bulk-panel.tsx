import { Suspense } from "react";
import { describeBulkSync } from "@/lib/bulk/service";
import { webBulkDeps } from "@/lib/bulk/deps";
import { BulkSyncBar } from "./bulk-sync-bar";

/** Bulk actions for the leads page; streams in, so the list never waits for Temporal. */
export function BulkPanel({ q, matching }: { q: string; matching: number }) {
  return (
    <Suspense
      fallback={
        <section className="card" aria-busy="true" data-testid="bulk-panel-loading">
          <h2>Bulk sync</h2>
          <p className="muted">Loading…</p>
        </section>
      }
    >
      <BulkPanelLoader q={q} matching={matching} />
    </Suspense>
  );
}

async function BulkPanelLoader({ q, matching }: { q: string; matching: number }) {
  return <BulkSyncBar initial={await describeBulkSync(webBulkDeps())} q={q} matching={matching} />;
}
