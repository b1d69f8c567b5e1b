import { DEFAULT_FIELD_POLICY, POLICY_FIELD_LABELS, POLICY_FIELDS, PULLABLE_FIELDS } from "@/lib/attio/field-policy";
import { getPrisma } from "@/lib/db";
import { loadFieldPolicy } from "@/lib/crm-settings/field-policy-store";
import { PolicyForm, type PolicyFormRow } from "./policy-form";
import { DirectionForm } from "./direction-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Field settings" };

export default async function FieldSettingsPage() {
  const { fromEnv, fromPage, directions } = await loadFieldPolicy(getPrisma());
  const rows: PolicyFormRow[] = POLICY_FIELDS.map((field) => ({
    field,
    label: POLICY_FIELD_LABELS[field],
    fallback: fromEnv[field] ?? DEFAULT_FIELD_POLICY[field],
    fallbackSource: fromEnv[field] ? "environment" : "default",
    chosen: fromPage[field] ?? "default",
  }));
  return (
    <>
      <div className="page-head">
        <h1>Field settings</h1>
      </div>
      <section className="card" aria-labelledby="policy-heading">
        <h2 id="policy-heading">What a sync may change in Attio</h2>
        <p className="muted">
          A record leadsync creates gets every value the lead has. On records that already exist, each field follows its rule, so what
          people maintain in Attio survives re-syncs. Emails and domains are only ever added, never removed.
        </p>
        <PolicyForm rows={rows} />
      </section>
      <section className="card settings-card" aria-labelledby="direction-heading">
        <h2 id="direction-heading">Which way each field goes</h2>
        <p className="muted">
          Push (default): the rules above. Pull: an edit in Attio comes into the lead and a sync never writes the field to an existing
          record. Both: the most recent change wins (an Attio edit is applied unless the lead was edited after the event arrived; a sync
          writes the lead&apos;s value where it differs). Only fields kept on the lead can be pulled.
        </p>
        <DirectionForm rows={PULLABLE_FIELDS.map((f) => ({ field: f, label: POLICY_FIELD_LABELS[f], direction: directions[f] }))} />
      </section>
    </>
  );
}
