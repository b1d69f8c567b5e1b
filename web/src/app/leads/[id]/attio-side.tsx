import { loadCrmSettings } from "@/lib/crm-settings/mapping-store";
import { getPrisma } from "@/lib/db";
import { formatTimestamp } from "@/lib/format";

interface AttioSideLead {
  id: number;
  attioStage: string | null;
  attioEntryOwner: string | null;
  attioDeletedAt: Date | null;
  attioDeletedKind: string | null;
  attioResyncPausedAt: Date | null;
  attioResyncPausedReason: string | null;
}

/** "Deleted in Attio" and "re-syncs paused" banners: what Attio's users did and what the next sync does about it. */
export async function AttioSideBanners({ lead }: { lead: AttioSideLead }) {
  const { settings } = await loadCrmSettings(getPrisma());
  return (
    <>
      {lead.attioDeletedAt ? (
        <div className="error-summary" role="alert" data-testid="deleted-in-attio">
          <p>
            <strong>
              The {lead.attioDeletedKind === "company" ? "company" : "person"} was deleted in Attio ({formatTimestamp(lead.attioDeletedAt)}
              ).
            </strong>{" "}
            {settings.recreateDeletedRecords
              ? "The next sync creates it again."
              : "The next sync does not create it again (the setting to recreate deleted records is off)."}
          </p>
        </div>
      ) : null}
      {lead.attioResyncPausedAt ? (
        <p className="badge" data-testid="resync-paused">
          Re-syncs paused ({lead.attioResyncPausedReason ?? "paused"})
        </p>
      ) : null}
    </>
  );
}

/** The stage and owner of the lead's list entry, as Attio last told leadsync. */
export function AttioEntryFields({ lead }: { lead: AttioSideLead }) {
  const none = <span className="muted">—</span>;
  return (
    <>
      <dt>Stage</dt>
      <dd data-testid="attio-stage">{lead.attioStage ?? none}</dd>
      <dt>Entry owner</dt>
      <dd data-testid="attio-entry-owner">{lead.attioEntryOwner ?? none}</dd>
    </>
  );
}

/** The lead's last Attio-side changes (inbox rows), newest first: event, outcome, what changed or why not. */
export async function AttioSideChanges({ leadId }: { leadId: number }) {
  const events = await getPrisma().attioInboxEvent.findMany({
    where: { leadId },
    orderBy: { id: "desc" },
    take: 10,
    select: { id: true, eventType: true, actorType: true, receivedAt: true, outcome: true, detail: true },
  });
  return (
    <section className="card" aria-labelledby="attio-side-heading" data-testid="attio-side-changes">
      <h2 id="attio-side-heading">Changes made in Attio</h2>
      {events.length ? (
        <ul className="attio-side-list">
          {events.map((e) => (
            <li key={e.id}>
              <span className="mono">{e.eventType}</span> by {e.actorType}, {formatTimestamp(e.receivedAt)}:{" "}
              <strong>{e.outcome ?? "pending"}</strong>
              {e.detail ? ` (${e.detail})` : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No change made in Attio has reached leadsync yet.</p>
      )}
    </section>
  );
}
