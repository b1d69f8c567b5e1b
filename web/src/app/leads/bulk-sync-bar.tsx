"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { BulkStatus } from "@/lib/bulk/service";
import { retryAllFailedLeadsAction, syncSelectedLeadsAction, type BulkSelection } from "./bulk-actions";
import { ProgressBar } from "./progress-bar";
import { bulkSelectionSize, selectAllLabel } from "@/lib/bulk/limits";

/** The row checkboxes belong to this (otherwise empty) form, so the bar finds them wherever the table is. */
export const BULK_FORM_ID = "bulk-select";
const POLL_MS = 1_000;

/** A lead row's checkbox for bulk actions. */
export function LeadSelectBox({ id, name }: { id: number; name: string }) {
  return <input type="checkbox" form={BULK_FORM_ID} name="leadId" value={id} aria-label={`Select ${name}`} data-testid="lead-select" />;
}

function checkedBoxes(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>(`input[form="${BULK_FORM_ID}"][name="leadId"]`)];
}

/**
 * Bulk actions over the leads list: select rows (or all N leads matching the search), sync them,
 * or retry every failed lead, with the running bulk's progress. The progress comes from the
 * dispatcher run itself, so it is back after a reload.
 */
export function BulkSyncBar({ initial, q, matching }: { initial: BulkStatus; q: string; matching: number }) {
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  const [selected, setSelected] = useState(0);
  const [onPage, setOnPage] = useState(0);
  const [allMatching, setAllMatching] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const polling = useRef(false);

  const recount = useCallback(() => {
    const boxes = checkedBoxes();
    setOnPage(boxes.length);
    const n = boxes.filter((b) => b.checked).length;
    setSelected(n);
    if (n < boxes.length) setAllMatching(false);
  }, []);

  useEffect(() => {
    recount();
    const onChange = (e: Event) => {
      if ((e.target as HTMLInputElement | null)?.getAttribute?.("form") === BULK_FORM_ID) recount();
    };
    document.addEventListener("change", onChange);
    return () => document.removeEventListener("change", onChange);
  }, [recount]);

  const poll = useCallback(async () => {
    if (polling.current) return;
    polling.current = true;
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        const res = await fetch("/api/bulk", { cache: "no-store" }).catch(() => null);
        const next = res ? ((await res.json().catch(() => null)) as BulkStatus | null) : null;
        if (!next) continue;
        setStatus(next);
        if (next.status !== "running") {
          setMessage(null); // "Syncing N leads." is over: the bar's final counts say the rest
          router.refresh(); // the rows' badges changed
          return;
        }
      }
    } finally {
      polling.current = false;
    }
  }, [router]);

  const running = status.status === "running";
  useEffect(() => {
    if (running) void poll();
  }, [running, poll]);

  function selectPage(checked: boolean) {
    for (const b of checkedBoxes()) b.checked = checked;
    recount();
  }

  async function start(action: () => Promise<Awaited<ReturnType<typeof retryAllFailedLeadsAction>>>) {
    setBusy(true);
    setMessage(null);
    try {
      const result = await action();
      if (!result.ok) setMessage({ text: result.error, error: true });
      else {
        setMessage({ text: `Syncing ${result.count} ${result.count === 1 ? "lead" : "leads"}.`, error: false });
        setStatus(result.status);
        selectPage(false);
        void poll();
      }
    } catch {
      setMessage({ text: "The server did not answer. Try again in a moment.", error: true });
    } finally {
      setBusy(false);
    }
  }

  const selection = (): BulkSelection =>
    allMatching
      ? { kind: "search", q }
      : {
          kind: "ids",
          ids: checkedBoxes()
            .filter((b) => b.checked)
            .map((b) => Number(b.value)),
        };
  const count = allMatching ? bulkSelectionSize(matching) : selected;
  const p = status.progress;

  return (
    <section className="card" aria-labelledby="bulk-heading" data-testid="bulk-panel">
      <h2 id="bulk-heading">Bulk sync</h2>
      <form id={BULK_FORM_ID} onSubmit={(e) => e.preventDefault()} />
      <div className="bulk-bar">
        <label>
          <input
            type="checkbox"
            checked={onPage > 0 && selected === onPage}
            onChange={(e) => selectPage(e.target.checked)}
            disabled={onPage === 0}
            data-testid="select-page"
          />{" "}
          Select this page
        </label>
        <span className="muted" data-testid="selection-count" aria-live="polite">
          {count} selected
        </span>
        {selected === onPage && onPage > 0 && matching > onPage && !allMatching ? (
          <button type="button" className="button ghost" onClick={() => setAllMatching(true)} data-testid="select-all-matching">
            {selectAllLabel(matching, Boolean(q))}
          </button>
        ) : null}
        <button
          type="button"
          className="button primary"
          disabled={busy || running || count === 0}
          onClick={() => start(() => syncSelectedLeadsAction(selection()))}
          data-testid="sync-selected"
        >
          Sync selected
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || running}
          onClick={() => start(() => retryAllFailedLeadsAction({}))}
          data-testid="retry-failed"
        >
          Retry all failed
        </button>
      </div>
      {p ? (
        <>
          <p className="small" data-testid="bulk-state">
            {running
              ? p.trigger === "retry"
                ? "Retrying failed leads…"
                : "Syncing selected leads…"
              : `Last bulk sync (${p.trigger}): finished.`}{" "}
            <a href={status.url} target="_blank" rel="noreferrer">
              View in Temporal
            </a>
          </p>
          <ProgressBar
            counts={{ total: p.total, done: p.succeeded + p.alreadyRunning, failed: p.failed, startedAt: p.startedAt, running }}
            label="Bulk sync progress"
            testId="bulk-progress"
          />
        </>
      ) : running ? (
        <p className="small" data-testid="bulk-state">
          A bulk sync is running…
        </p>
      ) : null}
      <p className={`sync-status ${message?.error ? "sync-failed" : ""}`} role="status" aria-live="polite" data-testid="bulk-message">
        {message?.text ?? ""}
      </p>
    </section>
  );
}
