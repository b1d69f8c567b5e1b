"use client";

import { useActionState } from "react";
import type { WebhookView } from "@/lib/attio-webhooks/registration";
import { connectWebhooksAction, reconcileNowAction, repairWebhooksAction, type WebhookActionState } from "./webhook-actions";

/** The reconcile pass's schedule as the page read it (page.tsx). */
export type ReconcileView =
  | { state: "scheduled"; every: string | null; paused: boolean; nextRunAt: string | null; running: boolean; lastRun: string | null }
  | { state: "missing" }
  | { state: "unavailable"; message: string };

const initial: WebhookActionState = { ok: null, message: "" };

function ageOf(at: Date | null, now: number): string {
  if (!at) return "no event received yet";
  const s = Math.max(0, Math.round((now - at.getTime()) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

function Outcome({ state, testId }: { state: WebhookActionState; testId: string }) {
  if (state.ok === null) return null;
  return (
    <p className={state.ok ? "success-box" : "error-summary"} role={state.ok ? "status" : "alert"} data-testid={testId}>
      {state.message}
    </p>
  );
}

/** Registration of leadsync's Attio webhook: public URL, connect, status, age of the last event, repair. */
export function WebhookPanel({
  webhook,
  suggestedUrl,
  now,
  reconcile,
}: {
  webhook: WebhookView | null;
  suggestedUrl: string;
  now: number;
  reconcile: ReconcileView;
}) {
  const [connectState, connect, connecting] = useActionState(connectWebhooksAction, initial);
  const [repairState, repair, repairing] = useActionState(repairWebhooksAction, initial);
  const [reconcileState, reconcileNow, reconciling] = useActionState(reconcileNowAction, initial);
  const broken = webhook && webhook.status !== "active";
  return (
    <section className="card settings-card" aria-labelledby="webhooks-heading" data-testid="webhooks">
      <h3 id="webhooks-heading">Webhooks (two-way sync)</h3>
      <p className="muted">Attio tells leadsync about stage moves, owner changes, merges, deletions and edits of pulled fields.</p>
      {webhook ? (
        <dl className="webhook-status" data-testid="webhook-status">
          <dt>Status</dt>
          <dd>
            <span className={broken ? "sync-failed" : "sync-synced"} data-testid="webhook-state">
              {webhook.status}
            </span>
            {broken ? " (Attio no longer delivers reliably: repair recreates it and reconciles the gap)" : null}
          </dd>
          <dt>Target</dt>
          <dd>
            <code data-testid="webhook-target">{webhook.targetUrl}</code>
          </dd>
          <dt>Last event</dt>
          <dd data-testid="webhook-last-event">{ageOf(webhook.lastEventAt, now)}</dd>
          <dt>Events</dt>
          <dd>{webhook.events.join(", ")}</dd>
        </dl>
      ) : (
        <p data-testid="webhook-status">Not connected: Attio changes reach leadsync only through the reconcile pass.</p>
      )}
      <form action={connect} className="webhook-connect">
        <label htmlFor="public-url">The app&apos;s public URL</label>
        <input id="public-url" name="publicUrl" type="url" required defaultValue={suggestedUrl} placeholder="https://leads.example.com" />
        <button type="submit" className="button primary" disabled={connecting}>
          {connecting ? "Connecting…" : webhook ? "Reconnect webhooks" : "Connect webhooks"}
        </button>
      </form>
      <Outcome state={connectState} testId="webhook-connect-outcome" />
      {webhook ? (
        <form action={repair}>
          <button type="submit" className="button ghost" disabled={repairing}>
            {repairing ? "Checking…" : "Check and repair"}
          </button>
        </form>
      ) : null}
      <Outcome state={repairState} testId="webhook-repair-outcome" />
      <h4>Reconcile pass</h4>
      <p className="muted" data-testid="reconcile-status">
        {reconcileLine(reconcile)}
      </p>
      <form action={reconcileNow}>
        <button type="submit" className="button ghost" disabled={reconciling}>
          {reconciling ? "Starting…" : "Reconcile now"}
        </button>
      </form>
      <Outcome state={reconcileState} testId="reconcile-outcome" />
    </section>
  );
}

/** Reads every synced lead's records in Attio and applies what webhooks would have: one line on its schedule. */
function reconcileLine(r: ReconcileView): string {
  if (r.state === "unavailable") return `Schedule unknown: ${r.message}`;
  if (r.state === "missing") return "Not scheduled yet: connecting webhooks schedules it (daily), or run it now.";
  const when = r.paused ? "paused" : `every ${r.every ?? "(custom)"}, next ${r.nextRunAt ?? "not planned"}`;
  return `Re-reads every synced lead's person, company and list entry in Attio, ${when}.${r.running ? " A pass is running now." : ""} ${r.lastRun ?? "No pass yet."}`;
}
