import Link from "next/link";
import { notFound } from "next/navigation";
import { parseLeadId } from "@/lib/leads/lead-id";
import { getPrisma } from "@/lib/db";
import { getLeadWithEvidence } from "@/lib/leads/queries";
import { formatTimestamp } from "@/lib/format";
import { toLeadSnapshot } from "@/lib/note/snapshot";
import { buildSyncNote } from "@/lib/note/build-note";
import { storedSyncStatus, type SyncLeadStatusKind } from "@/lib/sync/sync-status";
import { reconcileLeadRuns } from "@/lib/sync/ended-runs";
import { webDeps } from "@/app/web-deps";
import { otherLeadWithEmail } from "@/lib/leads/shared-email";
import { loadFieldPolicy } from "@/lib/crm-settings/field-policy-store";
import { fieldPlan } from "@/lib/sync/field-plan";
import { SyncPlan } from "./sync-plan";
import { ICP_BAND_FLOOR, scoreBand } from "@/lib/leads/score-band";
import { MiniTable } from "@/app/ui/mini-table";
import { SyncToAttioButton } from "./sync-to-attio-button";
import { LeadSyncHistory } from "./lead-sync-history";
import { AttioEntryFields, AttioSideBanners, AttioSideChanges } from "./attio-side";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function loadLead(idParam: string) {
  const id = parseLeadId(idParam);
  if (id === null) notFound();
  // Runs Temporal closed without an outcome, on the lead and in its history, asked about once each
  // before anything shows them; the button then asks only about a run still open.
  await reconcileLeadRuns(id, webDeps());
  const lead = await getLeadWithEvidence(getPrisma(), id);
  if (!lead) notFound();
  return lead;
}

export async function generateMetadata({ params }: Props) {
  const id = parseLeadId((await params).id);
  const lead = id !== null ? await getPrisma().lead.findUnique({ where: { id }, select: { name: true } }) : null;
  return { title: lead?.name ?? "Lead not found" };
}

/** An outbound link with a visible "↗" and a spoken "opens in a new tab" (described once per page). */
function External({ href, children, testId }: { href: string; children: React.ReactNode; testId?: string }) {
  return (
    <a href={href} target="_blank" rel="noreferrer" aria-describedby="new-tab-hint" data-testid={testId}>
      {children}
      <span aria-hidden="true" className="ext">
        ↗
      </span>
    </a>
  );
}

/** An Attio record id, linked to the record when Attio gave its URL. */
function AttioRecordId({ kind, id, url }: { kind: "person" | "company"; id: string; url: string | null }) {
  const text = (
    <span className="mono" data-testid={`attio-${kind}-id`}>
      {id}
    </span>
  );
  return url ? (
    <External href={url} testId={`attio-${kind}-link`}>
      {text}
    </External>
  ) : (
    text
  );
}

/** A card headed by its title and item count, saying `empty` when there are no items. */
function ListSection({
  id,
  title,
  count,
  empty,
  children,
}: {
  id: string;
  title: string;
  count: number;
  empty: string;
  children: React.ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="count">{count}</span>
      </h2>
      {count === 0 ? <p className="muted">{empty}</p> : children}
    </section>
  );
}

const STATUS_TEXT: Record<SyncLeadStatusKind, string> = {
  not_synced: "Not synced",
  running: "Sync running",
  synced: "Synced",
  failed: "Last sync failed",
};

export default async function LeadPage({ params }: Props) {
  const lead = await loadLead((await params).id);
  const snapshot = toLeadSnapshot(lead);
  const preview = buildSyncNote(snapshot, { syncedAt: new Date(), marker: "(added when the sync runs)" });
  const status = storedSyncStatus(lead, webDeps().settings);
  const [{ policy }, sharedWith] = await Promise.all([loadFieldPolicy(getPrisma()), otherLeadWithEmail(getPrisma(), lead.email, lead.id)]);
  const plan = fieldPlan(lead, policy, { sharedEmail: !!sharedWith && sharedWith.id < lead.id });
  const runUrl = status.runUrl;
  const none = <span className="muted">—</span>;

  return (
    <>
      <span id="new-tab-hint" hidden>
        Opens in a new tab
      </span>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/leads">← All leads</Link>
      </nav>
      <div className="lead-head">
        <h1>{lead.name}</h1>
        <p className="muted">
          {[lead.role, lead.companyName].filter(Boolean).join(" at ") || "No role or company"}
          <span className="dot" aria-hidden="true">
            {" "}
            ·{" "}
          </span>
          <span>Added {formatTimestamp(lead.createdAt)}</span>
        </p>
      </div>

      <section className="card attio-card" aria-labelledby="attio-heading">
        <h2 id="attio-heading">Attio</h2>
        <AttioSideBanners lead={lead} />
        <SyncToAttioButton leadId={lead.id} initialStatus={status} />
        {/* Every row is always present (a dash when empty), so a sync never reflows the page. */}
        <dl className="fields attio-fields">
          <dt>Sync status</dt>
          <dd>
            <span data-testid="synced-at">{lead.attioSyncedAt ? `Synced at ${formatTimestamp(lead.attioSyncedAt)}` : "Not synced"}</span>
            {lead.attioSyncStatus === "running" || lead.attioSyncStatus === "failed" ? (
              <span className={`badge ${lead.attioSyncStatus}`} style={{ marginLeft: 8 }}>
                {STATUS_TEXT[lead.attioSyncStatus]}
              </span>
            ) : null}
          </dd>
          <dt>Attio person</dt>
          <dd>{lead.attioPersonId ? <AttioRecordId kind="person" id={lead.attioPersonId} url={lead.attioPersonUrl} /> : none}</dd>
          <dt>Attio company</dt>
          <dd>
            {lead.attioCompanyId ? (
              <AttioRecordId kind="company" id={lead.attioCompanyId} url={lead.attioCompanyUrl} />
            ) : lead.attioPersonId ? (
              <span className="muted">None (no company name or domain)</span>
            ) : (
              none
            )}
          </dd>
          <AttioEntryFields lead={lead} />
          <dt>Latest run</dt>
          <dd>
            {runUrl && lead.attioLastWorkflowId ? (
              <>
                <External href={runUrl} testId="temporal-run-link">
                  Open in the Temporal UI
                </External>
                <span className="muted small">
                  {" "}
                  {lead.attioLastWorkflowId}
                  {lead.attioLastRunAt ? `, started ${formatTimestamp(lead.attioLastRunAt)}` : ""}
                </span>
              </>
            ) : (
              none
            )}
          </dd>
        </dl>
      </section>

      <div className="grid">
        <section className="card" aria-labelledby="contact-heading">
          <h2 id="contact-heading">Contact</h2>
          <dl className="fields">
            <dt>Email</dt>
            <dd>{lead.email ? <a href={`mailto:${lead.email}`}>{lead.email}</a> : none}</dd>
            <dt>LinkedIn</dt>
            <dd>
              {lead.linkedinUrl ? (
                <External href={lead.linkedinUrl}>{lead.linkedinUrl.replace(/^https?:\/\/(www\.)?/, "")}</External>
              ) : (
                none
              )}
            </dd>
            <dt>Company</dt>
            <dd>{lead.companyName ?? none}</dd>
            <dt>Domain</dt>
            <dd>{lead.companyDomain ?? none}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="icp-heading">
          <h2 id="icp-heading">ICP score</h2>
          {snapshot.icpScore ? (
            <>
              <p className="icp-score">
                <span className={`score big ${scoreBand(snapshot.icpScore.score)}`}>{snapshot.icpScore.score}</span>
                <span className="muted"> / 100</span>
              </p>
              <meter
                className="icp-meter"
                min={0}
                max={100}
                low={ICP_BAND_FLOOR.mid}
                high={ICP_BAND_FLOOR.high}
                optimum={100}
                value={snapshot.icpScore.score}
                aria-label="ICP score"
              >
                {snapshot.icpScore.score} / 100
              </meter>
              {snapshot.icpScore.reasons.length ? (
                <ul className="reasons">
                  {snapshot.icpScore.reasons.map((r, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list that may repeat a reason
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              ) : (
                <p className="muted">No reasons given.</p>
              )}
            </>
          ) : (
            <p className="muted">Not scored.</p>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="signal-heading">
        <h2 id="signal-heading">Source signal</h2>
        {lead.sourceSignal ? (
          <>
            <blockquote className="excerpt">{lead.sourceSignal.excerpt}</blockquote>
            <dl className="fields">
              <dt>Source</dt>
              <dd>
                <External href={lead.sourceSignal.sourceUrl}>{lead.sourceSignal.sourceUrl}</External>
              </dd>
              <dt>Captured</dt>
              <dd>{formatTimestamp(lead.sourceSignal.capturedAt)}</dd>
              <dt>Angle</dt>
              <dd>{lead.sourceSignal.angle ?? none}</dd>
            </dl>
          </>
        ) : (
          <p className="muted">No source signal.</p>
        )}
      </section>

      <ListSection id="drafts-heading" title="Drafts" count={lead.drafts.length} empty="No drafts yet.">
        {lead.drafts.map((d) => (
          <article key={d.id} className="draft" aria-label={`Draft ${d.variantKey}: ${d.angle}`}>
            <h3>
              <span className="variant">{d.variantKey}</span> {d.angle}
            </h3>
            <p className="muted small">Hypothesis: {d.hypothesis}</p>
            <div className="draft-content">{d.content}</div>
          </article>
        ))}
      </ListSection>

      <ListSection id="touch-heading" title="Touchpoints" count={lead.touchpoints.length} empty="No touchpoints yet.">
        <MiniTable columns={["Channel", "Status", "Sent"]}>
          {lead.touchpoints.map((t) => (
            <tr key={t.id}>
              <td>{t.channel}</td>
              <td>{t.status}</td>
              <td>{t.sentAt ? formatTimestamp(t.sentAt) : none}</td>
            </tr>
          ))}
        </MiniTable>
      </ListSection>

      <SyncPlan rows={plan} sharedWith={sharedWith} />

      <LeadSyncHistory leadId={lead.id} />

      <AttioSideChanges leadId={lead.id} />

      <section className="card" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Note preview</h2>
        <p className="muted">The markdown note a sync adds to the person in Attio, titled “{preview.title}”.</p>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must take focus so keyboards can scroll it */}
        <pre className="note-preview" data-testid="note-preview" tabIndex={0}>
          {preview.markdown}
        </pre>
      </section>
    </>
  );
}
