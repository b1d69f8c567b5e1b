// The three Attio steps of a sync: company, person, note. Each may run more than once for one run
// (a retry after a lost response, a worker killed mid-call), so each converges on the same records.
import type { AttioClient, AttioRecordRef, RecordClaims } from "../../web/src/lib/attio/client";
import type { ResolveOptions } from "../../web/src/lib/attio/records";
import { companyKey } from "../../web/src/lib/attio/companies";
import { personKey } from "../../web/src/lib/attio/people";
import type { FieldPolicy } from "../../web/src/lib/attio/field-policy";
import type { PrismaClient } from "../../web/src/lib/db";
import { syncMarker } from "../../web/src/lib/note/build-note";
import { readRecordState, writeRecordState } from "../../web/src/lib/attio-inbound/inbound-state";
import { knownAfterSync, leadTrackedValues } from "../../web/src/lib/attio/tracked-values";
import { currentContext, withHeartbeats } from "../infra/activity-context";
import { attioCall } from "./failures";
import type { SyncNote, SyncRecordInput } from "./sync-types";

export interface AttioStepDeps {
  prisma: PrismaClient;
  /** An Attio client whose requests abort with `signal` (the activity's cancellation). */
  attio: (signal?: AbortSignal) => AttioClient;
  /** Serialises the creation of records Attio cannot assert on (name-only companies, people without email). */
  claims: RecordClaims;
  /** The field policy in force (settings page, then environment, then defaults); read once per run. */
  fieldPolicy: () => Promise<FieldPolicy>;
}

export function createAttioSteps(deps: AttioStepDeps) {
  /** The sync state stored on the lead now: ids stored by earlier runs, or by an earlier step of this one. */
  const stored = (leadId: number) =>
    deps.prisma.lead.findUnique({
      where: { id: leadId },
      select: { attioPersonId: true, attioPersonKey: true, attioCompanyId: true, attioCompanyKey: true },
    });

  return {
    /**
     * Finds or creates the lead's company (by stored id while it is still the lead's company, by
     * domain, else by name) and stores its id at once, so a later failure cannot lose it.
     */
    async upsertCompany(lead: SyncRecordInput): Promise<AttioRecordRef | null> {
      const key = companyKey({ name: lead.companyName, domain: lead.companyDomain, email: lead.companyName ? lead.email : null });
      if (!key) {
        // The lead no longer names a company: the one stored by an earlier run is not its company.
        await deps.prisma.lead.updateMany({ where: { id: lead.leadId }, data: { attioCompanyId: null, attioCompanyUrl: null } });
        return null;
      }
      const resolve = await resolveOptions(lead, "company", key);
      const company = await attioStep((client, claimOwner) =>
        client.upsertCompany({
          name: lead.companyName,
          domain: lead.companyDomain,
          email: lead.companyName ? lead.email : null,
          ...resolve,
          claimOwner,
        }),
      );
      await deps.prisma.lead.updateMany({
        where: { id: lead.leadId },
        data: { attioCompanyId: company.id, attioCompanyUrl: company.webUrl, attioCompanyKey: company.key },
      });
      return { id: company.id, webUrl: company.webUrl };
    },

    /** Finds (email, stored id) or creates the person, linked to the company; stores its id at once. */
    async upsertPerson(input: { lead: SyncRecordInput; companyId: string | null }): Promise<AttioRecordRef> {
      const { lead } = input;
      const key = personKey(lead);
      const resolve = await resolveOptions(lead, "person", key);
      const person = await attioStep((client, claimOwner) =>
        client.upsertPerson({
          name: lead.name,
          email: lead.email,
          linkedinUrl: lead.linkedinUrl,
          title: lead.role,
          companyId: input.companyId,
          ...resolve,
          claimOwner,
        }),
      );
      await deps.prisma.lead.updateMany({
        where: { id: lead.leadId },
        data: { attioPersonId: person.id, attioPersonUrl: person.webUrl, attioPersonKey: key },
      });
      // The echo guard: Attio's events about this write (and its system reactions) find these values.
      const previous = await readRecordState(deps.prisma, person.id);
      const known = knownAfterSync(
        person.tracked,
        leadTrackedValues({ name: lead.name, role: lead.role, linkedinUrl: lead.linkedinUrl }),
        previous,
      );
      await writeRecordState(deps.prisma, "people", person.id, known);
      return { id: person.id, webUrl: person.webUrl };
    },

    /**
     * Adds the snapshot note. The run-unique marker makes a retry after a lost response (or a
     * worker crash after Attio wrote the note) find the earlier note instead of writing a second.
     *
     * The lookup (one or more GETs) is skipped only when no earlier attempt can have written the
     * note: this is the first attempt, and the marker belongs to this very run. The second
     * condition matters after a Temporal reset: the new run replays the old run's note, marker
     * included, and the old run may already have added it. Outside Temporal it always looks.
     */
    async addNote(input: { personId: string; note: SyncNote }): Promise<{ id: string }> {
      const { personId, note } = input;
      const fresh = isFirstAttemptOfRun(note.marker) && note.markdown.includes(note.marker);
      // Without the marker option the client neither looks the marker up nor appends it; the
      // content already carries it (the note's footer), so a later retry can still find it.
      return attioStep((client) =>
        client.addNoteToPerson(personId, note.markdown, fresh ? { title: note.title } : { title: note.title, marker: note.marker }),
      );
    },
  };

  /** What the client needs besides the lead's values: the record stored on the lead (and the key it was resolved by), the policy, ownership, claims. */
  async function resolveOptions(lead: SyncRecordInput, record: "company" | "person", key: string | null): Promise<ResolveOptions> {
    // Loaded once per run by prepareSync; runs started before it carried the policy load it here.
    const [state, policy] = await Promise.all([stored(lead.leadId), lead.fieldPolicy ?? deps.fieldPolicy()]);
    const [knownId, knownKey] =
      record === "company" ? [state?.attioCompanyId, state?.attioCompanyKey] : [state?.attioPersonId, state?.attioPersonKey];
    const owns = record === "company" ? ownsCompany : ownsPerson;
    return {
      knownId: knownId ?? null,
      knownIsCurrent: !!key && knownKey === key,
      policy,
      ownsRecord: (recordId, heldValues) => owns(deps.prisma, lead, recordId, heldValues),
      claims: deps.claims,
    };
  }

  /**
   * Runs an Attio call with heartbeats, the attempt's cancellation passed into every request (an
   * attempt Temporal timed out stops before it writes), and failures in Temporal's terms.
   */
  async function attioStep<T>(fn: (client: AttioClient, claimOwner: string) => Promise<T>): Promise<T> {
    const ctx = currentContext();
    const run = ctx?.info.workflowExecution;
    const claimOwner = run ? `${run.workflowId}/${run.runId}` : "direct";
    return withHeartbeats(ctx, () => attioCall(() => fn(deps.attio(ctx?.cancellationSignal), claimOwner)));
  }
}

/**
 * Leads that resolve to one Attio person share it: the same email or LinkedIn URL, an email the
 * person holds (e.g. two people merged in Attio: each lead's address is on the survivor before any
 * lead has synced again), or an older lead already stored against it. Only the oldest of them
 * writes the fields the policy gives to the lead, so their syncs never flip that person.
 */
async function ownsPerson(prisma: PrismaClient, lead: SyncRecordInput, personId: string, emails: string[]): Promise<boolean> {
  // The key the person is resolved by: the email when the lead has one, else its LinkedIn URL.
  const key = lead.email ? { email: lead.email } : lead.linkedinUrl ? { linkedinUrl: lead.linkedinUrl } : null;
  const same = [...(key ? [key] : []), ...(emails.length ? [{ email: { in: emails } }] : []), { attioPersonId: personId }];
  const older = await prisma.lead.findFirst({ where: { id: { lt: lead.leadId }, OR: same }, select: { id: true } });
  return !older;
}

/** Likewise for a company shared by several leads (the same domain, a domain it holds, or stored on an older lead). */
async function ownsCompany(prisma: PrismaClient, lead: SyncRecordInput, companyId: string, domains: string[]): Promise<boolean> {
  const same = [
    ...(lead.companyDomain ? [{ companyDomain: lead.companyDomain }] : []),
    ...(domains.length ? [{ companyDomain: { in: domains } }] : []),
    { attioCompanyId: companyId },
  ];
  const older = await prisma.lead.findFirst({ where: { id: { lt: lead.leadId }, OR: same }, select: { id: true } });
  return !older;
}

/** True inside the first attempt of an activity whose run is the one `marker` was made for. */
function isFirstAttemptOfRun(marker: string): boolean {
  const info = currentContext()?.info;
  const run = info?.workflowExecution; // absent for standalone activities
  return info?.attempt === 1 && !!run && marker === syncMarker(run.workflowId, run.runId);
}
