"use client";

import { useActionState, useState } from "react";
import type { WorkspaceView } from "@/lib/crm-settings/inspect";
import { MAPPABLE_FIELD_KEYS, MAPPABLE_FIELDS, type CrmSettings } from "@/lib/crm-settings/schema";
import { MiniTable } from "@/app/ui/mini-table";
import { RuleOptions } from "@/app/settings/rule-options";
import { createMissingAttributesAction, saveCrmSettingsAction, type SettingsActionState } from "./actions";

const initial: SettingsActionState = { ok: null, message: "", errors: [] };
const RULE_LABELS = { "if-empty": "Fill if empty", always: "Lead owns it (overwrite)", never: "Never write" } as const;

function Outcome({ state, testId }: { state: SettingsActionState; testId: string }) {
  if (state.ok === null) return null;
  return (
    <div className={state.ok ? "success-box" : "error-summary"} role={state.ok ? "status" : "alert"} data-testid={testId}>
      <p>
        <strong>{state.message}</strong>
      </p>
      {state.errors.length ? (
        <ul>
          {state.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function AttioSettingsForm({ view, settings, version }: { view: WorkspaceView; settings: CrmSettings; version: number | null }) {
  const [saveState, saveAction, saving] = useActionState(saveCrmSettingsAction, initial);
  const [createState, createAction, creating] = useActionState(createMissingAttributesAction, initial);
  const lists = view.lists.ok ? view.lists.value : [];
  const [listSlug, setListSlug] = useState(settings.list ?? "");
  const list = lists.find((l) => l.slug === listSlug);
  const members = view.members.ok ? view.members.value.filter((m) => m.active) : [];
  const attrs = view.peopleAttributes.ok ? view.peopleAttributes.value.filter((a) => !a.archived && a.writable) : [];
  const canCreate = view.connection.ok && view.connection.value.canCreateAttributes;
  const missingFields = MAPPABLE_FIELD_KEYS.filter(
    (f) => !attrs.some((a) => a.slug === (settings.mapping[f]?.attribute ?? MAPPABLE_FIELDS[f].slug)),
  );

  return (
    <>
      {/* Keyed by version: after a save or a creation the selects show what was stored. */}
      <form key={version ?? 0} action={saveAction} className="settings-form" data-testid="attio-settings-form">
        <section className="card settings-card" aria-labelledby="pipeline-heading">
          <h3 id="pipeline-heading">Pipeline list</h3>
          {view.lists.ok ? null : <p className="error-text">Lists unavailable: {view.lists.error}</p>}
          <div className="form-grid">
            <div className="field">
              <label htmlFor="list">List synced people join</label>
              <select id="list" name="list" value={listSlug} onChange={(e) => setListSlug(e.target.value)}>
                <option value="">No list</option>
                {lists.map((l) => (
                  <option key={l.slug} value={l.slug}>
                    {l.name}
                  </option>
                ))}
                {settings.list && !lists.some((l) => l.slug === settings.list) ? (
                  <option value={settings.list}>{settings.list} (missing in Attio)</option>
                ) : null}
              </select>
            </div>
            <div className="field">
              <label htmlFor="stage">Stage a new entry gets</label>
              <select id="stage" name="stage" defaultValue={settings.stage ?? ""} key={listSlug} disabled={!list?.stageAttribute}>
                <option value="">No stage</option>
                {(list?.stages ?? []).map((s) => (
                  <option key={s.title} value={s.title}>
                    {s.title}
                  </option>
                ))}
              </select>
              <input type="hidden" name="stageAttribute" value={list?.stageAttribute ?? ""} />
              <p className="hint">
                {list && !list.stageAttribute ? "This list has no status attribute." : "Set once, when the person joins the list."}
              </p>
            </div>
            <div className="field wide">
              <label className="check">
                <input type="checkbox" name="stageAlways" defaultChecked={settings.stageRule === "always"} /> Move the entry back to this
                stage on every sync (off: people move it in Attio and a re-sync leaves it)
              </label>
            </div>
            <div className="field">
              <label htmlFor="ownerEmail">Default owner</label>
              <select id="ownerEmail" name="ownerEmail" defaultValue={settings.ownerEmail ?? ""}>
                <option value="">No owner</option>
                {members.map((m) => (
                  <option key={m.id} value={m.email}>
                    {m.name} ({m.email})
                  </option>
                ))}
              </select>
              <input type="hidden" name="ownerAttribute" value={list?.ownerAttribute ?? ""} />
              <p className="hint">
                {view.members.ok
                  ? `Written to the list entry's ${list?.ownerAttribute ?? "owner"} attribute.`
                  : `Members unavailable: ${view.members.error}`}
              </p>
            </div>
          </div>
        </section>

        <section className="card settings-card" aria-labelledby="mapping-heading">
          <h3 id="mapping-heading">Field mapping (people)</h3>
          <MiniTable columns={["Lead field", "Attio attribute", "When Attio already has a value"]} className="mapping">
            {MAPPABLE_FIELD_KEYS.map((f) => {
              const spec = MAPPABLE_FIELDS[f];
              const saved = settings.mapping[f];
              const options = attrs.filter((a) => a.type === spec.type);
              return (
                <tr key={f}>
                  <th scope="row">
                    <label htmlFor={`map-${f}`}>{spec.label}</label>
                    <span className="small muted"> ({spec.type})</span>
                  </th>
                  <td>
                    <select id={`map-${f}`} name={`map.${f}`} defaultValue={saved?.attribute ?? ""}>
                      <option value="">Not mapped</option>
                      {options.map((a) => (
                        <option key={a.slug} value={a.slug}>
                          {a.title} ({a.slug})
                        </option>
                      ))}
                      {saved && !options.some((a) => a.slug === saved.attribute) ? (
                        <option value={saved.attribute}>{saved.attribute} (missing in Attio)</option>
                      ) : null}
                    </select>
                  </td>
                  <td>
                    <select aria-label={`${spec.label}: rule`} name={`rule.${f}`} defaultValue={saved?.rule ?? "if-empty"}>
                      <RuleOptions labels={RULE_LABELS} />
                    </select>
                  </td>
                </tr>
              );
            })}
          </MiniTable>
          <div className="form-grid">
            <div className="field wide">
              <label className="check">
                <input type="checkbox" name="createSelectOptions" defaultChecked={settings.createSelectOptions} /> Add a missing select
                option (e.g. a new signal angle) instead of reporting it
              </label>
            </div>
            <div className="field wide">
              <label htmlFor="appUrl">This app&apos;s address, for the link back to the lead</label>
              <input id="appUrl" name="appUrl" type="url" defaultValue={settings.appUrl ?? ""} placeholder="https://leads.example.com" />
            </div>
          </div>
        </section>

        <div className="form-actions">
          <button type="submit" className="button primary" disabled={saving} aria-busy={saving}>
            Save settings
          </button>
          <span className="small muted">{version === null ? "Nothing saved yet." : `Current version: ${version}.`}</span>
        </div>
        <Outcome state={saveState} testId="save-outcome" />
      </form>

      <form action={createAction} className="card settings-card" data-testid="create-attributes">
        <h3>Missing attributes</h3>
        {missingFields.length ? (
          <p>
            Not in Attio yet:{" "}
            {missingFields.map((f) => (
              <code key={f}>{settings.mapping[f]?.attribute ?? MAPPABLE_FIELDS[f].slug} </code>
            ))}
          </p>
        ) : (
          <p className="muted">Every mapped attribute exists.</p>
        )}
        {canCreate ? null : (
          <p className="error-text" data-testid="create-needs-scope">
            Creating attributes needs the <code>object_configuration:read-write</code> scope, which this token lacks.
          </p>
        )}
        <button type="submit" className="button" disabled={!canCreate || creating || missingFields.length === 0} aria-busy={creating}>
          Create missing attributes and map them
        </button>
        <Outcome state={createState} testId="create-outcome" />
      </form>
    </>
  );
}
