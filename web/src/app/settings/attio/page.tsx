import type { Metadata } from "next";
import { createAttioClient } from "@/lib/attio/client";
import { inspectWorkspace } from "@/lib/crm-settings/inspect";
import { loadCrmSettings } from "@/lib/crm-settings/mapping-store";
import { getPrisma } from "@/lib/db";
import { AttioSettingsForm } from "./attio-settings-form";
import { ConnectionPanel } from "./connection-panel";
import { WebhookPanel } from "./webhook-panel";
import { currentWebhook, WEBHOOK_ROUTE_PATH } from "@/lib/attio-webhooks/registration";

export const metadata: Metadata = { title: "Attio settings" };
// Reads Attio live on every visit: a list or stage deleted in Attio must show as stale at once.
export const dynamic = "force-dynamic";

export default async function AttioSettingsPage() {
  const stored = await loadCrmSettings(getPrisma());
  const view = await inspectWorkspace(createAttioClient(), stored.settings);
  const webhook = await currentWebhook(getPrisma());
  const suggestedUrl = webhook ? webhook.targetUrl.slice(0, -WEBHOOK_ROUTE_PATH.length) : "";
  return (
    <>
      <h1 id="attio-settings">Attio CRM</h1>
      <p className="muted">Where a sync puts each lead in Attio beyond the person, the company and the note.</p>
      <ConnectionPanel view={view} />
      <WebhookPanel webhook={webhook} suggestedUrl={suggestedUrl} now={Date.now()} />
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
