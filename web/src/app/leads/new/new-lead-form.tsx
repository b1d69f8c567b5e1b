"use client";

import { useActionState, useEffect, useRef } from "react";
import { createLeadAction } from "./actions";
import { initialNewLeadState } from "@/lib/leads/form-state";
import { LEAD_FIELDS, LEAD_FIELD_LABELS, type LeadField } from "@/lib/leads/lead-fields";
import { SubmitButton } from "@/app/ui/submit-button";

interface FieldSpec {
  type?: "text" | "email" | "url" | "number";
  hint?: string;
  multiline?: boolean;
  autoComplete?: string;
  required?: boolean;
}

const SPECS: Record<LeadField, FieldSpec> = {
  name: { required: true, autoComplete: "off" },
  role: { hint: "Job title, e.g. VP Sales", autoComplete: "off" },
  companyName: { autoComplete: "off" },
  companyDomain: { hint: "e.g. acme.com; Attio matches the company on it", autoComplete: "off" },
  email: { type: "email", hint: "Attio matches the person on it", autoComplete: "off" },
  linkedinUrl: { type: "url", hint: "e.g. https://www.linkedin.com/in/ada-lovelace", autoComplete: "off" },
  icpScore: { type: "number", hint: "0 to 100" },
  icpReasons: { multiline: true, hint: "One per line" },
};

/**
 * The "Add lead" form. The server action validates (zod) and answers per-field messages, or
 * redirects to the new lead. `noValidate`: the browser's own bubbles would pre-empt the server's
 * messages, which say more (and are the only check that counts).
 */
export function NewLeadForm() {
  const [state, formAction, pending] = useActionState(createLeadAction, initialNewLeadState);
  const summaryRef = useRef<HTMLDivElement>(null);
  const invalid = LEAD_FIELDS.filter((f) => state.fieldErrors[f]?.length);

  // After a failed submit, move focus to the error summary so keyboard and screen-reader users hear it.
  useEffect(() => {
    if (state.formError) summaryRef.current?.focus();
  }, [state]);

  return (
    <form action={formAction} noValidate className="lead-form" aria-describedby={state.formError ? "form-errors" : undefined}>
      {state.formError ? (
        <div id="form-errors" className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} data-testid="form-errors">
          <p>
            <strong>{state.formError}</strong>
          </p>
          {invalid.length ? (
            <ul>
              {invalid.map((f) => (
                <li key={f}>
                  <a href={`#lead-${f}`}>
                    {LEAD_FIELD_LABELS[f]}: {state.fieldErrors[f]![0]}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <div className="form-grid">
        {LEAD_FIELDS.map((field) => {
          const spec = SPECS[field];
          const errors = state.fieldErrors[field];
          const id = `lead-${field}`;
          const describedBy =
            [spec.hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
          const common = {
            id,
            name: field,
            defaultValue: state.values[field],
            "aria-invalid": errors?.length ? true : undefined,
            "aria-describedby": describedBy,
            "aria-required": spec.required || undefined,
          };
          return (
            <div key={field} className={`field${spec.multiline ? " wide" : ""}${errors?.length ? " invalid" : ""}`}>
              <label htmlFor={id}>
                {LEAD_FIELD_LABELS[field]}
                {spec.required ? <span className="req"> (required)</span> : <span className="muted small"> (optional)</span>}
              </label>
              {spec.multiline ? (
                <textarea {...common} rows={3} />
              ) : (
                <input
                  {...common}
                  type={spec.type ?? "text"}
                  autoComplete={spec.autoComplete}
                  {...(spec.type === "number" ? { min: 0, max: 100, step: 1, inputMode: "numeric" as const } : {})}
                />
              )}
              {/* Hints under the inputs keep the inputs of both columns aligned. */}
              {spec.hint ? (
                <span id={`${id}-hint`} className="hint">
                  {spec.hint}
                </span>
              ) : null}
              {errors?.length ? (
                <span id={`${id}-error`} className="field-error" data-testid={`error-${field}`}>
                  {errors.join(" ")}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>

      <SubmitButton pending={pending} label="Add lead" pendingLabel="Saving…" />
    </form>
  );
}
