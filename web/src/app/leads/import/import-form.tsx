"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import { importLeadsCsvAction } from "./actions";
import { initialImportState } from "@/lib/leads/form-state";
import { MiniTable } from "@/app/ui/mini-table";
import { SubmitButton } from "@/app/ui/submit-button";

/**
 * The CSV upload. The size limit is checked here as well as on the server, because Next.js
 * rejects a server-action body over 1 MB before the action runs, with no message for the user.
 */
export function ImportForm({ maxBytes, maxRows }: { maxBytes: number; maxRows: number }) {
  const [state, formAction, pending] = useActionState(importLeadsCsvAction, initialImportState);
  const [clientError, setClientError] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  // Move focus to the outcome so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (state.status !== "idle") resultRef.current?.focus();
  }, [state]);

  function onChange(e: React.ChangeEvent<HTMLInputElement>) {
    const file = e.currentTarget.files?.[0];
    if (file && file.size > maxBytes) {
      setClientError(
        `“${file.name}” is ${Math.round(file.size / 1024)} KB; the limit is ${Math.round(maxBytes / 1024)} KB (about ${maxRows.toLocaleString("en-US")} leads). Split it into smaller files.`,
      );
      e.currentTarget.value = "";
    } else {
      setClientError(null);
    }
  }

  const hidden = state.status === "invalid" ? state.errorCount - state.errors.length : 0;
  return (
    <>
      <form action={formAction} className="import-form">
        <div className="field">
          <label htmlFor="csv-file">CSV file</label>
          <span id="csv-file-hint" className="hint">
            UTF-8, comma-separated, with a header row; up to {maxRows.toLocaleString("en-US")} leads and {Math.round(maxBytes / 1024)} KB.
          </span>
          <input
            id="csv-file"
            type="file"
            name="file"
            accept=".csv,text/csv"
            required
            aria-describedby={clientError ? "csv-file-hint csv-file-error" : "csv-file-hint"}
            aria-invalid={clientError ? true : undefined}
            onChange={onChange}
          />
          {clientError ? (
            <span id="csv-file-error" className="field-error" role="alert">
              {clientError}
            </span>
          ) : null}
        </div>
        <SubmitButton pending={pending} label="Import leads" pendingLabel="Importing…" />
      </form>

      {state.status === "invalid" ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={resultRef} data-testid="import-errors">
          <p>
            <strong>Nothing was imported{state.fileName ? ` from “${state.fileName}”` : ""}.</strong>{" "}
            {state.errorCount === 1 ? "Fix this problem" : `Fix these ${state.errorCount.toLocaleString("en-US")} problems`} and import the
            file again.
          </p>
          <MiniTable columns={["Row", "Column", "Problem"]} className="import-errors">
            {state.errors.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one render of a fixed error list
              <tr key={i}>
                <td>{e.row ?? "—"}</td>
                <td>{e.column ?? "—"}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </MiniTable>
          {hidden > 0 ? <p className="muted">…and {hidden.toLocaleString("en-US")} more.</p> : null}
        </div>
      ) : null}

      {state.status === "imported" ? (
        <div className="success-box" role="status" tabIndex={-1} ref={resultRef} data-testid="import-success">
          <p>
            <strong>
              ✅ Imported {state.count.toLocaleString("en-US")} {state.count === 1 ? "lead" : "leads"}
            </strong>{" "}
            from “{state.fileName}”. <Link href="/leads">See them in the list</Link>
            {state.count === 1 ? (
              <>
                {" "}
                or <Link href={`/leads/${state.firstId}`}>open it</Link>
              </>
            ) : null}
            .
          </p>
          {state.ignoredColumns.length ? <p className="muted">Ignored columns: {state.ignoredColumns.join(", ")}.</p> : null}
          {state.sharedEmails.length ? (
            <div className="notice" data-testid="import-shared-emails">
              <p>These leads have an email another lead already has; each pair syncs to one Attio person:</p>
              <ul>
                {state.sharedEmails.map((s) => (
                  <li key={s.row}>
                    Row {s.row} ({s.email}): <Link href={`/leads/${s.leadId}`}>{s.leadName}</Link> (lead #{s.leadId})
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
