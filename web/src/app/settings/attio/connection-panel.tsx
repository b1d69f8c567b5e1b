import type { WorkspaceView } from "@/lib/crm-settings/inspect";

/** The connection check: workspace, and each missing scope with what it enables. */
export function ConnectionPanel({ view }: { view: WorkspaceView }) {
  const c = view.connection;
  if (!c.ok) {
    return (
      <section className="card settings-card" aria-labelledby="connection-heading" data-testid="connection">
        <h3 id="connection-heading">Connection</h3>
        <p className="sync-failed">Not connected: {c.error}</p>
      </section>
    );
  }
  return (
    <section className="card settings-card" aria-labelledby="connection-heading" data-testid="connection">
      <h3 id="connection-heading">Connection</h3>
      <p className="sync-synced">
        Connected to the workspace <strong>{c.value.workspace ?? "(unnamed)"}</strong>.
      </p>
      {c.value.missing.length ? (
        <>
          <p>The token lacks these scopes (add them to the token in Attio, Workspace settings → Developers):</p>
          <ul data-testid="missing-scopes">
            {c.value.missing.map((m) => (
              <li key={m.scope}>
                <code>{m.scope}</code>: needed for {m.enables}.
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">The token has every scope leadsync uses.</p>
      )}
    </section>
  );
}
