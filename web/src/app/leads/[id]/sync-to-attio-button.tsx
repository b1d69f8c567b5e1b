"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { syncLeadToAttio } from "./actions";
import type { LeadSyncStatus } from "../../../lib/sync/lead-sync";
import { formatTimestamp } from "../../../lib/format";

const STEP_LABELS: Record<string, string> = {
  loading: "Loading lead…",
  company: "Syncing company…",
  person: "Syncing person…",
  note: "Adding note…",
  saving: "Saving Attio IDs…",
  done: "Finishing…",
};

type View =
  | { kind: "idle" }
  | { kind: "syncing"; step: string | null }
  | { kind: "synced"; syncedAt: string }
  | { kind: "failed"; error: string };

function viewFromStatus(s: LeadSyncStatus): View {
  if (s.status === "running") return { kind: "syncing", step: s.step };
  if (s.status === "failed") return { kind: "failed", error: s.error ?? "The last sync failed." };
  if (s.status === "synced" && s.syncedAt) return { kind: "synced", syncedAt: s.syncedAt };
  return { kind: "idle" };
}

export function SyncToAttioButton({ leadId, initialStatus }: { leadId: number; initialStatus: LeadSyncStatus }) {
  const router = useRouter();
  const [view, setView] = useState<View>(() => viewFromStatus(initialStatus));
  const polling = useRef(false);

  /** Polls the status route (not a server action: those run one at a time) until the run ends. */
  const poll = useCallback(async () => {
    if (polling.current) return;
    polling.current = true;
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, 500));
        const res = await fetch(`/api/leads/${leadId}/sync`, { cache: "no-store" }).catch(() => null);
        if (!res?.ok) continue;
        const status = (await res.json()) as LeadSyncStatus;
        if (status.status === "running") {
          setView((v) => (v.kind === "syncing" ? { kind: "syncing", step: status.step ?? v.step } : v));
          continue;
        }
        setView(viewFromStatus(status));
        router.refresh();
        return;
      }
    } finally {
      polling.current = false;
    }
  }, [leadId, router]);

  // A reload in the middle of a run picks the run up again.
  useEffect(() => {
    if (initialStatus.status === "running") void poll();
  }, [initialStatus.status, poll]);

  async function onClick() {
    setView({ kind: "syncing", step: null });
    const live = poll();
    const result = await syncLeadToAttio(leadId);
    if (result.running) return void (await live);
    if (result.success && result.syncedAt) {
      setView({ kind: "synced", syncedAt: result.syncedAt });
    } else if (!result.success) {
      setView({ kind: "failed", error: result.error ?? "The sync failed." });
    }
    router.refresh();
  }

  const busy = view.kind === "syncing";
  return (
    <div className="sync-box">
      <button type="button" className="button primary" onClick={onClick} disabled={busy} aria-busy={busy} data-testid="sync-button">
        {busy ? "Syncing…" : "Sync to Attio"}
      </button>
      {/* Fixed-height live region: the layout does not shift as the state changes. */}
      <p className={`sync-status sync-${view.kind}`} role="status" aria-live="polite" data-testid="sync-status">
        {view.kind === "idle" && "Not synced yet."}
        {view.kind === "syncing" && (view.step ? STEP_LABELS[view.step] ?? "Syncing…" : "Starting sync…")}
        {view.kind === "synced" && <>✅ Synced {formatTimestamp(view.syncedAt)}</>}
        {view.kind === "failed" && <span role="alert">⚠️ {view.error}</span>}
      </p>
    </div>
  );
}
