"use client";

import { useEffect, useState } from "react";
import "../operations.css";

export interface ProgressCounts {
  /** Leads to go through; null when not known yet (a scheduled pass still scanning). */
  total: number | null;
  done: number;
  failed: number;
  /** When the work started (ISO 8601): the rate is measured from there. */
  startedAt: string;
  running: boolean;
}

/** "1 min 5 s" */
function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "—";
  s = Math.max(0, Math.round(s));
  if (s < 60) return `${s} s`;
  if (s < 3_600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
}

/** A progress bar with done, failed, remaining, rate and time left, ticking every second while it runs. */
export function ProgressBar({ counts, label, testId }: { counts: ProgressCounts; label: string; testId: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    if (!counts.running) return;
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, [counts.running]);

  const finished = counts.done + counts.failed;
  const total = counts.total ?? finished;
  const remaining = Math.max(0, total - finished);
  const elapsedS = now === null ? 0 : Math.max(0.001, (now - Date.parse(counts.startedAt)) / 1_000);
  const rate = now === null || finished === 0 ? null : finished / elapsedS;
  const pct = (n: number) => (total > 0 ? `${(100 * n) / total}%` : "0%");
  return (
    <div data-testid={testId}>
      <div
        className="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={finished}
        data-testid={`${testId}-bar`}
      >
        <div className="done" style={{ width: pct(counts.done) }} />
        <div className="failed" style={{ width: pct(counts.failed) }} />
      </div>
      <p className="progress-text" data-testid={`${testId}-text`}>
        <span data-testid={`${testId}-done`}>{counts.done} done</span>, <span data-testid={`${testId}-failed`}>{counts.failed} failed</span>
        , <span data-testid={`${testId}-remaining`}>{counts.total === null ? "remaining unknown" : `${remaining} remaining`}</span>
        {counts.running ? (
          <>
            {" · "}
            {rate === null ? "measuring rate…" : `${rate.toFixed(1)} leads/s`}
            {" · "}
            {rate === null || counts.total === null ? "time left —" : `about ${formatSeconds(remaining / rate)} left`}
          </>
        ) : null}
      </p>
    </div>
  );
}
