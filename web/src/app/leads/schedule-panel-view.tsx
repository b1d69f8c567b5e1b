"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import {
  createResyncScheduleAction,
  pauseResyncScheduleAction,
  resumeResyncScheduleAction,
  resyncNowAction,
  type ScheduleActionResult,
} from "./schedule-actions";
import type { ScheduleLastRun, ScheduleStatusResponse } from "@/lib/schedule/service";
import { formatTimestamp } from "@/lib/format";
import { ProgressBar } from "./progress-bar";

const POLL_MS = 1_500;
/** A pass over thousands of leads takes minutes; after this the panel stops polling and says so. */
const POLL_LIMIT_MS = 15 * 60_000;

type Busy = null | "pause" | "resume" | "resync" | "create";

/** The schedule panel's interactive part: state, buttons and polling while a pass runs. */
export function SchedulePanelView({ initial }: { initial: ScheduleStatusResponse }) {
  const router = useRouter();
  const [state, setState] = useState<ScheduleStatusResponse>(initial);
  const [busy, setBusy] = useState<Busy>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const polling = useRef(false);

  // A server refresh (router.refresh) hands in a newer initial state.
  useEffect(() => setState(initial), [initial]);

  /**
   * Polls the status route until no pass runs and the last one is settled, then refreshes the list.
   * After a trigger, `afterActions` (the count before it) keeps polling until the new pass shows
   * up: the schedule starts it asynchronously, so the first answers may still show the old one.
   */
  const poll = useCallback(
    async (afterActions?: number) => {
      if (polling.current) return;
      polling.current = true;
      const until = Date.now() + POLL_LIMIT_MS;
      try {
        while (Date.now() < until) {
          await new Promise((r) => setTimeout(r, POLL_MS));
          const res = await fetch("/api/schedule", { cache: "no-store" }).catch(() => null);
          if (!res) continue;
          const next = (await res.json().catch(() => null)) as ScheduleStatusResponse | null;
          if (!next) continue;
          setState(next);
          if (!next.ok || !next.status.exists) return;
          if (afterActions !== undefined && next.status.actionsTaken <= afterActions) continue;
          if (!next.status.running && next.status.lastRun?.status !== "running" && next.status.lastRun?.status !== "unknown") {
            setMessage(null); // "Re-sync started." is over: the last run's outcome says the rest
            router.refresh(); // the lead list's badges changed
            return;
          }
        }
      } finally {
        polling.current = false;
      }
    },
    [router],
  );

  const running = state.ok && state.status.exists && (state.status.running || state.status.lastRun?.status === "running");
  useEffect(() => {
    if (running) void poll();
  }, [running, poll]);

  async function run(kind: Exclude<Busy, null>, action: () => Promise<ScheduleActionResult>) {
    const actionsBefore = state.ok && state.status.exists ? state.status.actionsTaken : 0;
    setBusy(kind);
    setMessage(null);
    try {
      const result = await action();
      if (result.ok) {
        setState({ ok: true, status: result.status });
        setMessage({ text: result.message, error: false });
        // A new pass: wait for it to appear, then to finish. A skipped trigger: wait for the running one.
        if (kind === "resync") void poll(result.alreadyRunning ? undefined : actionsBefore);
      } else {
        setMessage({ text: result.error, error: true });
      }
    } catch {
      setMessage({ text: "The server did not answer. Try again in a moment.", error: true });
    } finally {
      setBusy(null);
    }
  }

  /** A panel button: disabled while any action runs, relabelled while its own does. */
  const actionButton = (kind: Exclude<Busy, null>, label: string, busyLabel: string, action: () => Promise<ScheduleActionResult>) => (
    <button type="button" className="button" disabled={busy !== null} onClick={() => run(kind, action)} data-testid={`schedule-${kind}`}>
      {busy === kind ? busyLabel : label}
    </button>
  );

  return (
    <section className="card" aria-labelledby="schedule-heading" data-testid="schedule-panel">
      <h2 id="schedule-heading">Scheduled re-sync</h2>
      {!state.ok ? (
        <p className="error-text" role="alert" data-testid="schedule-error">
          ⚠️ {state.unavailable ? "Temporal is not reachable, so the re-sync schedule cannot be shown. " : ""}
          {state.error}
        </p>
      ) : !state.status.exists ? (
        <div className="sync-box">
          <p className="muted" data-testid="schedule-state">
            No re-sync schedule yet. Changed leads are only synced when someone clicks.
          </p>
          {actionButton("create", "Create schedule (every 6h)", "Creating…", () => createResyncScheduleAction({}))}
        </div>
      ) : (
        <>
          <dl className="fields">
            <dt>Interval</dt>
            <dd data-testid="schedule-interval">{state.status.every ? `Every ${state.status.every}` : "Custom calendar"}</dd>
            <dt>State</dt>
            <dd data-testid="schedule-state">
              {state.status.paused ? "Paused" : "Active"}
              {state.status.paused && state.status.note ? <span className="muted"> ({state.status.note})</span> : null}
            </dd>
            <dt>Next run</dt>
            <dd data-testid="schedule-next-run">
              {state.status.paused ? (
                <span className="muted">None while paused</span>
              ) : (
                formatTimestamp(state.status.nextRunAt) || <span className="muted">—</span>
              )}
            </dd>
            <dt>Last run</dt>
            <dd data-testid="schedule-last-run">
              {state.status.lastRun ? <LastRun run={state.status.lastRun} /> : <span className="muted">Never</span>}
            </dd>
          </dl>
          <div className="sync-box" style={{ marginTop: 12 }}>
            {state.status.paused
              ? actionButton("resume", "Resume", "Resuming…", () => resumeResyncScheduleAction({}))
              : actionButton("pause", "Pause", "Pausing…", () => pauseResyncScheduleAction({}))}
            <button
              type="button"
              className="button primary"
              disabled={busy !== null || !!running}
              aria-busy={busy === "resync" || !!running}
              onClick={() => run("resync", () => resyncNowAction({}))}
              data-testid="schedule-resync-now"
            >
              {busy === "resync" ? "Starting…" : running ? "Re-syncing…" : "Re-sync now"}
            </button>
          </div>
        </>
      )}
      <p className={`sync-status ${message?.error ? "sync-failed" : ""}`} role="status" aria-live="polite" data-testid="schedule-message">
        {message?.text ?? ""}
      </p>
    </section>
  );
}

function LastRun({ run }: { run: ScheduleLastRun }) {
  return (
    <>
      {formatTimestamp(run.startedAt)}: <span data-testid="schedule-last-outcome">{outcome(run)}</span>{" "}
      <a href={run.url} target="_blank" rel="noreferrer">
        View in Temporal
      </a>
      {run.status === "running" && run.progress ? (
        // A pass finds its leads while it scans them, so the number left is not known up front.
        <ProgressBar
          counts={{
            total: null,
            done: run.progress.succeeded + run.progress.unchanged + run.progress.alreadyRunning,
            failed: run.progress.failed,
            startedAt: run.startedAt,
            running: true,
          }}
          label="Re-sync progress"
          testId="schedule-progress"
        />
      ) : null}
    </>
  );
}

function outcome(run: ScheduleLastRun): string {
  const counts = (t: { succeeded: number; unchanged: number; failed: number; alreadyRunning: number }) =>
    `${t.succeeded} synced, ${t.unchanged} unchanged, ${t.failed} failed` +
    (t.alreadyRunning ? `, ${t.alreadyRunning} already syncing` : "");
  switch (run.status) {
    case "completed":
      return run.result ? `Completed: ${counts(run.result)}` : "Completed";
    case "running":
      return run.progress ? `Running: ${counts(run.progress)}, ${run.progress.inFlight} in progress` : "Running…";
    case "failed":
      return `Failed: ${run.error ?? "unknown error"}`;
    case "timed_out":
      return "Timed out";
    case "unknown":
      return "Starting…";
    default:
      return run.status.charAt(0).toUpperCase() + run.status.slice(1);
  }
}
