import Link from "next/link";
import { formatTimestamp } from "@/lib/format";
import type { InboundLogRow } from "@/lib/sync-log/inbound";

/** Inbound events from Attio: source, event, lead, what changed, applied or why not. */
export function InboundEventTable({ events }: { events: InboundLogRow[] }) {
  return (
    <section className="card" aria-labelledby="inbound-heading" data-testid="inbound-events">
      <h2 id="inbound-heading">From Attio (webhooks and reconcile)</h2>
      {events.length ? (
        <div className="table-scroll">
          <table className="mini inbound-events">
            <caption className="visually-hidden">Inbound events from Attio, newest first</caption>
            <thead>
              <tr>
                <th scope="col" className="hide-sm">
                  Received
                </th>
                <th scope="col" className="hide-sm">
                  Source
                </th>
                <th scope="col">Event</th>
                <th scope="col">Lead</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-testid="inbound-event">
                  <td className="hide-sm">{formatTimestamp(e.receivedAt)}</td>
                  <td className="hide-sm">Attio ({e.actorType})</td>
                  <td>
                    <span className="mono">{e.eventType}</span>
                    {/* Received and source columns are hidden on small screens: shown under the event. */}
                    <div className="show-sm muted small">
                      {e.actorType}, {formatTimestamp(e.receivedAt)}
                    </div>
                  </td>
                  <td>{e.lead ? <Link href={`/leads/${e.lead.id}`}>{e.lead.name}</Link> : <span className="muted">no lead</span>}</td>
                  <td>
                    <strong>{e.outcome ?? "pending"}</strong>
                    {e.detail ? <div className="muted small">{e.detail}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No event from Attio yet (connect webhooks in Settings → Attio CRM).</p>
      )}
    </section>
  );
}
