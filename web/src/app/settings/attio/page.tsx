import type { Metadata } from "next";
import { createAttioClient } from "@/lib/attio/client";
import { inspectWorkspace } from "@/lib/crm-settings/inspect";
import { loadCrmSettings } from "@/lib/crm-settings/mapping-store";
import { getPrisma } from "@/lib/db";
import { AttioSettingsForm } from "./attio-settings-form";
import { ConnectionPanel } from "./connection-panel";
import { type ReconcileView, WebhookPanel } from "./webhook-panel";
import { describeSchedule, RECONCILE_PASS, ScheduleServiceError } from "@/lib/schedule/service";
import { webDeps } from "@/app/web-deps";
import { formatTimestamp } from "@/lib/format";
import { currentWebhook, WEBHOOK_ROUTE_PATH } from "@/lib/attio-webhooks/registration";

export const metadata: Metadata = { title: "Attio settings" };
// Reads Attio live on every visit: a list or stage deleted in Attio must show as stale at once.
export const dynamic = "force-dynamic";

export default async function AttioSettingsPage() {
  const stored = await loadCrmSettings(getPrisma());
  const view = await inspectWorkspace(createAttioClient(), stored.settings);
  const webhook = await currentWebhook(getPrisma());
  const suggestedUrl = webhook ? webhook.targetUrl.slice(0, -WEBHOOK_ROUTE_PATH.length) : "";
  const reconcile = await reconcileView();
  return (
    <>
      <h1 id="attio-settings">Attio CRM</h1>
      <p className="muted">Where a sync puts each lead in Attio beyond the person, the company and the note.</p>
      <ConnectionPanel view={view} />
      <WebhookPanel webhook={webhook} suggestedUrl={suggestedUrl} now={Date.now()} reconcile={reconcile} />
      {view.stale.length ? (
        <div className="error-summary" role="alert" data-testid="stale-choices">
          <p>
            <strong>Some saved choices no longer exist in Attio. Syncs skip them and report it; choose again and save.</strong>
          </p>
          <ul>
            {view.stale.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <AttioSettingsForm view={view} settings={stored.settings} version={stored.version} />
    </>
  );
}

/** The reconcile pass's schedule; Temporal being down costs the page its deadline, not the page. */
async function reconcileView(): Promise<ReconcileView> {
  try {
    const status = await describeSchedule({ ...webDeps(), pass: RECONCILE_PASS });
    if (!status.exists) return { state: "missing" };
    const last = status.lastRun;
    const totals = last?.result as { scanned?: number; changed?: number } | null | undefined;
    const lastRun = last
      ? `Last pass ${formatTimestamp(last.startedAt)}: ${last.status}${totals ? `, ${totals.scanned} leads read, ${totals.changed} changed` : ""}${last.error ? ` (${last.error})` : ""}.`
      : null;
    return {
      state: "scheduled",
      every: status.every,
      paused: status.paused,
      nextRunAt: status.nextRunAt && formatTimestamp(status.nextRunAt),
      running: status.running,
      lastRun,
    };
  } catch (err) {
    if (err instanceof ScheduleServiceError) return { state: "unavailable", message: err.message };
    throw err;
  }
}
