"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { syncLeadToAttio } from "./actions";
import { followStep } from "@/lib/sync/follow-run";
import type { SyncLeadStatus } from "@/lib/sync/sync-status";
import { formatTimestamp } from "@/lib/format";
import { SYNC_STEP_LABELS } from "@/lib/sync/step-labels";
import type { SyncStep } from "@/lib/temporal/contract";

const POLL_MS = 500;
/** A run still "running" after this long is stuck (worker down?): stop polling and say so. */
const FOLLOW_LIMIT_MS = 5 * 60_000;

type View =
  | { kind: "idle" }
  | { kind: "syncing"; step: SyncStep | null }
  | { kind: "synced"; syncedAt: string }
  | { kind: "failed"; error: string }
  | { kind: "stalled" };

function viewFromStatus(s: SyncLeadStatus): View {
  if (s.status === "running") return { kind: "syncing", step: s.step };
  if (s.status === "failed") return { kind: "failed", error: s.error ?? "The last sync failed." };
  if (s.status === "synced" && s.syncedAt) return { kind: "synced", syncedAt: s.syncedAt };
  return { kind: "idle" };
}

/** Server messages quote commands and variables in backticks; show those as code. */
function withCode(text: string): React.ReactNode[] {
  // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, never reordered
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The lead's status from the route handler. Polling goes through a route, not a server action:
 * Next.js runs a client's server actions one at a time, so a status action would queue behind
 * the running sync action and never show progress.
 */
async function fetchStatus(leadId: number): Promise<SyncLeadStatus | null> {
  try {
    const res = await fetch(`/api/leads/${leadId}/sync`, { cache: "no-store" });
    return res.ok ? ((await res.json()) as SyncLeadStatus) : null;
  } catch {
    return null;
  }
}

/**
 * "Sync to Attio": starts the lead's run through the server action and, while it runs, shows the
 * workflow's live step by polling the status route every 500 ms. A reload during a run picks the
 * run up again from the stored "running" status.
 */
export function SyncToAttioButton({ leadId, initialStatus }: { leadId: number; initialStatus: SyncLeadStatus }) {
  const router = useRouter();
  const [view, setView] = useState<View>(() => viewFromStatus(initialStatus));
  // Bumped by every new run and on unmount: a loop whose token is stale stops touching the view.
  const token = useRef(0);

  const showStep = (step: SyncStep | null) => setView((v) => (v.kind === "syncing" ? { kind: "syncing", step: step ?? v.step } : v));

  /** Polls until the stored status leaves "running", then shows the outcome. */
  // biome-ignore lint/correctness/useExhaustiveDependencies: showStep only calls the stable setView
  const follow = useCallback(
    async (mine: number, runId: string | null = null) => {
      const until = Date.now() + FOLLOW_LIMIT_MS;
      while (Date.now() < until) {
        await sleep(POLL_MS);
        const status = await fetchStatus(leadId);
        if (mine !== token.current) return;
        if (!status) continue;
        const next = followStep(status, runId);
        if (next.kind === "wait") {
          showStep(next.step);
          continue;
        }
        setView(viewFromStatus(next.status));
        router.refresh(); // the IDs, the run link and the synced time below the button
        return;
      }
      if (mine === token.current) setView({ kind: "stalled" });
    },
    [leadId, router],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: only on mount; later refreshes hand in an initialStatus this state already reflects
  useEffect(() => {
    const mine = ++token.current;
    if (initialStatus.status === "running") void follow(mine);
    return () => {
      token.current++;
    };
  }, []);

  async function onClick() {
    const mine = ++token.current;
    setView({ kind: "syncing", step: null });

    // Live steps while the action waits for the run. Only "running" answers count here: before
    // the run's first step the stored status is still the previous outcome, which is stale.
    let actionDone = false;
    void (async () => {
      while (!actionDone && mine === token.current) {
        await sleep(POLL_MS);
        if (actionDone) return;
        const status = await fetchStatus(leadId);
        if (!actionDone && mine === token.current && status?.status === "running") showStep(status.step);
      }
    })();

    let result: Awaited<ReturnType<typeof syncLeadToAttio>>;
    try {
      result = await syncLeadToAttio(leadId);
    } catch {
      result = { success: false, error: "The app's server did not answer. Check that it is running, then try again." };
    } finally {
      actionDone = true;
    }
    if (mine !== token.current) return;
    // The run outlived the action's wait: keep following it through the status route.
    if (result.running) return void follow(mine, result.runId ?? null);
    if (result.success && result.syncedAt) setView({ kind: "synced", syncedAt: result.syncedAt });
    else setView({ kind: "failed", error: result.error ?? "The sync failed." });
    router.refresh();
  }

  const busy = view.kind === "syncing";
  return (
    <div className="sync-box sync-control" data-state={view.kind}>
      <button
        type="button"
        className="button primary sync-button"
        onClick={onClick}
        disabled={busy}
        aria-describedby="sync-status"
        data-testid="sync-button"
      >
        {busy ? (
          <>
            <span className="spinner" aria-hidden="true" />
            Syncing…
          </>
        ) : (
          "Sync to Attio"
        )}
      </button>
      {/* A live region with room reserved for two lines: changing state never moves the page. */}
      <p id="sync-status" className={`sync-status sync-${view.kind}`} role="status" aria-live="polite" data-testid="sync-status">
        {view.kind === "idle" && <span className="muted">Not synced yet. Sends the company, the person and a snapshot note to Attio.</span>}
        {view.kind === "syncing" && (view.step ? SYNC_STEP_LABELS[view.step] : "Starting the sync…")}
        {view.kind === "synced" && <>✅ Synced {formatTimestamp(view.syncedAt)}</>}
        {view.kind === "failed" && <>⚠️ {withCode(view.error)}</>}
        {view.kind === "stalled" && (
          <>⚠️ The sync is still marked as running after five minutes. Is the worker running? Open the run in the Temporal UI to see why.</>
        )}
      </p>
    </div>
  );
}
