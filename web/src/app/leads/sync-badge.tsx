import { formatTimestamp } from "../../lib/format";

/** The lead's stored sync outcome as a compact badge. */
export function SyncBadge({ status, syncedAt, error }: { status: string; syncedAt: Date | null; error: string | null }) {
  if (status === "running") return <span className="badge running">Running</span>;
  if (status === "failed") return <span className="badge failed" title={error ?? undefined}>Failed</span>;
  if (status === "synced" && syncedAt) return <span className="badge synced">Synced {formatTimestamp(syncedAt)}</span>;
  return <span className="badge">Not synced</span>;
}
