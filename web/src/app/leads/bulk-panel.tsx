import { describeBulkSync } from "@/lib/bulk/service";
import { webDeps } from "@/app/web-deps";
import { StreamedCard } from "@/app/ui/streamed-card";
import { BulkSyncBar } from "./bulk-sync-bar";

/** Bulk actions for the leads page; streams in, so the list never waits for Temporal. */
export function BulkPanel({ q, matching }: { q: string; matching: number }) {
  return (
    <StreamedCard title="Bulk sync" loadingTestId="bulk-panel-loading">
      <BulkPanelLoader q={q} matching={matching} />
    </StreamedCard>
  );
}

async function BulkPanelLoader({ q, matching }: { q: string; matching: number }) {
  return <BulkSyncBar initial={await describeBulkSync(webDeps())} q={q} matching={matching} />;
}
