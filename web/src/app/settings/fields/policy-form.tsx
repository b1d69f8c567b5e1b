"use client";

import { useActionState } from "react";
import type { FieldRule, PolicyField } from "@/lib/attio/field-policy";
import { RuleOptions } from "@/app/settings/rule-options";
import { type SaveFieldPolicyState, saveFieldPolicyAction } from "./actions";

export interface PolicyFormRow {
  field: PolicyField;
  label: string;
  /** What applies without a page override: the environment's rule, else the built-in default. */
  fallback: FieldRule;
  fallbackSource: "environment" | "default";
  chosen: FieldRule | "default";
}

const RULE_TEXT: Record<FieldRule, string> = {
  always: "always: the lead is the source of truth",
  "if-empty": "if empty: fill blanks only",
  never: "never: leave Attio's value alone",
};

export function PolicyForm({ rows }: { rows: PolicyFormRow[] }) {
  const [state, action, pending] = useActionState<SaveFieldPolicyState, FormData>(saveFieldPolicyAction, { status: "idle" });
  return (
    <form action={action} className="policy-form" data-testid="field-policy-form">
      <table className="plan-table">
        <thead>
          <tr>
            <th scope="col">Attio field</th>
            <th scope="col">A sync writes it</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field}>
              <th scope="row">
                <label htmlFor={`rule-${row.field}`}>{row.label}</label>
              </th>
              <td>
                <select id={`rule-${row.field}`} name={row.field} defaultValue={row.chosen}>
                  <option value="default">
                    {row.fallbackSource === "environment" ? "as LEADSYNC_FIELD_POLICY says" : "default"} ({RULE_TEXT[row.fallback]})
                  </option>
                  <RuleOptions labels={RULE_TEXT} />
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>{" "}
        <span role="status" data-testid="field-policy-status">
          {state.status === "saved" ? "Saved. The next sync uses these rules." : state.status === "invalid" ? state.error : ""}
        </span>
      </p>
    </form>
  );
}
