"use client";

import { useActionState } from "react";
import type { FieldDirection } from "@/lib/attio/field-policy";
import { saveFieldDirectionsAction, type SaveDirectionsState } from "./direction-actions";

export interface DirectionRow {
  field: string;
  label: string;
  direction: FieldDirection;
}

const LABELS: Record<FieldDirection, string> = {
  push: "Push: the lead's value goes to Attio",
  pull: "Pull: Attio's value comes into the lead",
  both: "Both: the most recent change wins",
};

/** One direction per pullable field. */
export function DirectionForm({ rows }: { rows: DirectionRow[] }) {
  const [state, action, pending] = useActionState<SaveDirectionsState, FormData>(saveFieldDirectionsAction, { status: "idle" });
  return (
    <form action={action} data-testid="direction-form">
      {rows.map((r) => (
        <div className="field" key={r.field}>
          <label htmlFor={`direction-${r.field}`}>{r.label}</label>
          <select id={`direction-${r.field}`} name={r.field} defaultValue={r.direction}>
            {(Object.keys(LABELS) as FieldDirection[]).map((d) => (
              <option key={d} value={d}>
                {LABELS[d]}
              </option>
            ))}
          </select>
        </div>
      ))}
      <button className="button primary" type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save directions"}
      </button>
      {state.status === "saved" ? (
        <p className="success-box" role="status" data-testid="direction-outcome">
          Saved. Attio changes of pulled fields come into the lead from the next event.
        </p>
      ) : state.status === "invalid" ? (
        <p className="error-summary" role="alert" data-testid="direction-outcome">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
