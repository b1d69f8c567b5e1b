import { formatShortTimestamp, formatTimestamp } from "@/lib/format";

/** The lead's stored sync outcome as a compact badge; a failure's message is in its tooltip and spoken text. */
export function SyncBadge({ status, syncedAt, error }: { status: string; syncedAt: Date | null; error: string | null }) {
  if (status === "running") return <span className="badge running">Running</span>;
  if (status === "failed") {
    return (
      <span className="badge failed" title={error ?? undefined}>
        Failed{error ? <span className="visually-hidden">: {error}</span> : null}
      </span>
    );
  }
  if (status === "synced" && syncedAt) {
    return (
      <span className="badge synced" title={`Synced at ${formatTimestamp(syncedAt)}`}>
        Synced <time dateTime={syncedAt.toISOString()}>{formatShortTimestamp(syncedAt)}</time>
      </span>
    );
  }
  return <span className="badge">Not synced</span>;
}
