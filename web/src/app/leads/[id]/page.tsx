import Link from "next/link";
import { notFound } from "next/navigation";
import { getPrisma } from "../../../lib/db";
import { getLeadWithEvidence } from "../../../lib/leads/queries";
import { formatTimestamp } from "../../../lib/format";
import { toLeadSnapshot } from "../../../lib/note/snapshot";
import { buildSyncNote } from "../../../lib/note/build-note";
import { temporalRunUrl, temporalSettings } from "../../../lib/temporal";
import type { LeadSyncStatus, LeadSyncStatusKind } from "../../../lib/sync/lead-sync";
import { SyncToAttioButton } from "./sync-to-attio-button";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function loadLead(idParam: string) {
  const id = Number(idParam);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const lead = await getLeadWithEvidence(getPrisma(), id);
  if (!lead) notFound();
  return lead;
}

export async function generateMetadata({ params }: Props) {
  const id = Number((await params).id);
  const lead = Number.isSafeInteger(id) && id > 0 ? await getPrisma().lead.findUnique({ where: { id }, select: { name: true } }) : null;
  return { title: lead?.name ?? "Lead not found" };
}

export default async function LeadPage({ params }: Props) {
  const lead = await loadLead((await params).id);
  const snapshot = toLeadSnapshot(lead);
  const preview = buildSyncNote(snapshot, { syncedAt: new Date(), marker: "(added when the sync runs)" });
  const runUrl = lead.attioLastWorkflowId ? temporalRunUrl(lead.attioLastWorkflowId, lead.attioLastRunId, temporalSettings()) : null;
  const status: LeadSyncStatus = {
    leadId: lead.id,
    status: lead.attioSyncStatus as LeadSyncStatusKind,
    step: null,
    syncedAt: lead.attioSyncedAt?.toISOString() ?? null,
    error: lead.attioSyncError,
    personId: lead.attioPersonId,
    companyId: lead.attioCompanyId,
    personUrl: lead.attioPersonUrl,
    companyUrl: lead.attioCompanyUrl,
    runUrl,
  };

  return (
    <>
      <p><Link href="/leads">← All leads</Link></p>
      <h1>{lead.name}</h1>
      <p className="muted">{[lead.role, lead.companyName].filter(Boolean).join(" · ") || "No role or company"}</p>

      <section className="card" aria-labelledby="attio-heading">
        <h2 id="attio-heading">Attio</h2>
        <SyncToAttioButton leadId={lead.id} initialStatus={status} />
        <dl className="fields" style={{ marginTop: 12 }}>
          <dt>Sync status</dt>
          <dd data-testid="synced-at">{lead.attioSyncedAt ? `Synced at ${formatTimestamp(lead.attioSyncedAt)}` : "Not synced"}</dd>
          {lead.attioPersonId ? (
            <>
              <dt>Attio person</dt>
              <dd data-testid="attio-person-id">
                {lead.attioPersonUrl ? <a href={lead.attioPersonUrl} target="_blank" rel="noreferrer">{lead.attioPersonId}</a> : lead.attioPersonId}
              </dd>
            </>
          ) : null}
          {lead.attioCompanyId ? (
            <>
              <dt>Attio company</dt>
              <dd data-testid="attio-company-id">
                {lead.attioCompanyUrl ? <a href={lead.attioCompanyUrl} target="_blank" rel="noreferrer">{lead.attioCompanyId}</a> : lead.attioCompanyId}
              </dd>
            </>
          ) : null}
          {lead.attioSyncStatus === "failed" && lead.attioSyncError ? (
            <>
              <dt>Last error</dt>
              <dd className="error-text">{lead.attioSyncError}</dd>
            </>
          ) : null}
          {runUrl ? (
            <>
              <dt>Latest run</dt>
              <dd><a href={runUrl} target="_blank" rel="noreferrer" data-testid="temporal-run-link">Open in the Temporal UI</a></dd>
            </>
          ) : null}
        </dl>
      </section>

      <div className="grid">
        <section className="card" aria-labelledby="contact-heading">
          <h2 id="contact-heading">Contact</h2>
          <dl className="fields">
            <dt>Email</dt><dd>{lead.email ?? "—"}</dd>
            <dt>LinkedIn</dt><dd>{lead.linkedinUrl ? <a href={lead.linkedinUrl} target="_blank" rel="noreferrer">{lead.linkedinUrl}</a> : "—"}</dd>
            <dt>Company</dt><dd>{lead.companyName ?? "—"}</dd>
            <dt>Domain</dt><dd>{lead.companyDomain ?? "—"}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="icp-heading">
          <h2 id="icp-heading">ICP score</h2>
          {snapshot.icpScore ? (
            <>
              <p><strong>{snapshot.icpScore.score}</strong> / 100</p>
              <ul>{snapshot.icpScore.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>
            </>
          ) : <p className="muted">Not scored.</p>}
        </section>
      </div>

      <section className="card" aria-labelledby="signal-heading">
        <h2 id="signal-heading">Source signal</h2>
        {lead.sourceSignal ? (
          <dl className="fields">
            <dt>Excerpt</dt><dd>{lead.sourceSignal.excerpt}</dd>
            <dt>Source</dt><dd><a href={lead.sourceSignal.sourceUrl} target="_blank" rel="noreferrer">{lead.sourceSignal.sourceUrl}</a></dd>
            <dt>Captured</dt><dd>{formatTimestamp(lead.sourceSignal.capturedAt)}</dd>
            <dt>Angle</dt><dd>{lead.sourceSignal.angle ?? "—"}</dd>
          </dl>
        ) : <p className="muted">No source signal.</p>}
      </section>

      <section className="card" aria-labelledby="drafts-heading">
        <h2 id="drafts-heading">Drafts ({lead.drafts.length})</h2>
        {lead.drafts.length === 0 ? <p className="muted">No drafts yet.</p> : lead.drafts.map((d) => (
          <article key={d.id} className="draft">
            <p><strong>{d.angle}</strong> · variant {d.variantKey}</p>
            <p className="muted">Hypothesis: {d.hypothesis}</p>
            <div className="draft-content">{d.content}</div>
          </article>
        ))}
      </section>

      <section className="card" aria-labelledby="touch-heading">
        <h2 id="touch-heading">Touchpoints ({lead.touchpoints.length})</h2>
        {lead.touchpoints.length === 0 ? <p className="muted">No touchpoints yet.</p> : (
          <ul>
            {lead.touchpoints.map((t) => (
              <li key={t.id}>{t.channel} · {t.status}{t.sentAt ? ` · sent ${formatTimestamp(t.sentAt)}` : ""}</li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Note preview</h2>
        <p className="muted">The markdown note a sync adds to the person in Attio: “{preview.title}”.</p>
        <pre className="note-preview" data-testid="note-preview">{preview.markdown}</pre>
      </section>
    </>
  );
}
