/**
 * The CRM-integrity invariants of issue 11 (I1..I6), as small named functions over two views of
 * the world (before and after one step of the model): the fake Attio's records and notes, and the
 * leads in the database. Each returns the violations it finds; the model test fails on any.
 *
 * FIELD_POLICY is the field policy the invariants assume (I2, I4): adjust it here when the
 * product's defaults change.
 *
 * Over 300 lines: the six invariants share the world views and helpers defined here, and the
 * integrator adjusts them together.
 */
import type { Lead } from "../../web/src/generated/prisma/client";
import { normalizeLinkedinUrl } from "../../web/src/lib/attio/normalize";

export type Policy = "always" | "if-empty" | "never" | "add-only";

/** What a sync may do to a field of an existing record (defaults of issue 11's field policy). */
export const FIELD_POLICY = {
  people: { name: "if-empty", jobTitle: "if-empty", linkedin: "if-empty", emails: "add-only", companyId: "always" },
  companies: { name: "if-empty", domains: "if-empty" },
} as const satisfies { people: Record<keyof PersonFields, Policy>; companies: Record<keyof CompanyFields, Policy> };

export interface PersonFields {
  name: string | null;
  jobTitle: string | null;
  linkedin: string | null;
  emails: string[];
  companyId: string | null;
}
export interface CompanyFields {
  name: string | null;
  domains: string[];
}
export interface PersonView extends PersonFields {
  id: string;
}
export interface CompanyView extends CompanyFields {
  id: string;
}
export interface NoteView {
  id: string;
  parentId: string;
  content: string;
}
/** The lead columns the invariants read. */
export type LeadRow = Pick<
  Lead,
  | "id"
  | "name"
  | "role"
  | "companyName"
  | "companyDomain"
  | "email"
  | "linkedinUrl"
  | "attioPersonId"
  | "attioCompanyId"
  | "attioSyncStatus"
  | "attioSyncError"
  | "attioLastRunId"
>;

export interface World {
  people: Map<string, PersonView>;
  companies: Map<string, CompanyView>;
  notes: NoteView[];
  leads: Map<number, LeadRow>;
}

/** An edit an Attio user made (through the REST API) that syncs must leave alone (I4). */
export interface UserEdit {
  object: "people" | "companies";
  recordId: string;
  field: "name" | "jobTitle" | "emails";
  value: string;
}

export interface Tracking {
  /** Leads whose last sync succeeded after their last edit, with no Attio delete or merge since (I1, I6). */
  inSync: Set<number>;
  userEdits: UserEdit[];
  /** `<record id>/<field>` -> values syncs have set it to, in order (I6). */
  syncHistory: Map<string, string[]>;
}

export interface StepContext {
  kind: "workspace" | "sync" | "attio";
  before: World;
  after: World;
  /** Leads a run was started for during this step (their last run id changed). */
  syncedLeadIds: number[];
  tracking: Tracking;
}

export interface Violation {
  invariant: "I1" | "I2" | "I3" | "I4" | "I5" | "I6";
  message: string;
}

const show = (v: unknown) => JSON.stringify(v);
const fieldValue = (v: string | string[] | null): string => (Array.isArray(v) ? [...v].sort().join(",") : (v ?? ""));
const isEmpty = (v: string | string[] | null) => (Array.isArray(v) ? v.length === 0 : v === null || v === "");

/** Whether another lead of `among` is stored against the same person (a shared email, LinkedIn URL or name). */
function sharesPerson(world: World, lead: LeadRow, among: Set<number>): boolean {
  return [...among].some((id) => id !== lead.id && world.leads.get(id)?.attioPersonId === lead.attioPersonId);
}

/**
 * Whether the lead owns its person, as the sync decides it: no older lead resolves to the same
 * person (the same email, else the same LinkedIn URL, an email the person holds, or the same
 * stored person). Only the owner may set the person's company link; the others fill blanks.
 */
function ownsItsPerson(world: World, lead: LeadRow, person: PersonView): boolean {
  return ![...world.leads.values()].some(
    (other) =>
      other.id < lead.id &&
      ((lead.email ? other.email === lead.email : !!lead.linkedinUrl && other.linkedinUrl === lead.linkedinUrl) ||
        (!!other.email && person.emails.includes(other.email)) ||
        (!!lead.attioPersonId && other.attioPersonId === lead.attioPersonId)),
  );
}

/**
 * I1: a synced lead's person holds the lead's current email and links to the company whose domains
 * include the lead's current domain. The company link is not checked for a lead whose person
 * another lead shares (I6 covers those: one of them cannot have its company on the person), nor
 * for a lead that does not own its person.
 */
export function i1SyncedLeadMatchesItsRecords(ctx: StepContext): Violation[] {
  const out: Violation[] = [];
  for (const id of ctx.tracking.inSync) {
    const lead = ctx.after.leads.get(id);
    if (!lead) continue;
    const person = lead.attioPersonId ? ctx.after.people.get(lead.attioPersonId) : undefined;
    if (!person) {
      out.push({ invariant: "I1", message: `lead ${id}: its stored person ${lead.attioPersonId} is not in Attio` });
      continue;
    }
    if (lead.email && !person.emails.includes(lead.email)) {
      out.push({
        invariant: "I1",
        message: `lead ${id}: person ${person.id} lacks the lead's email ${lead.email} (has ${show(person.emails)})`,
      });
    }
    if (lead.companyDomain && ownsItsPerson(ctx.after, lead, person) && !sharesPerson(ctx.after, lead, new Set(ctx.after.leads.keys()))) {
      const company = person.companyId ? ctx.after.companies.get(person.companyId) : undefined;
      if (!company?.domains.includes(lead.companyDomain)) {
        out.push({
          invariant: "I1",
          message: `lead ${id}: person ${person.id} links to ${company ? `company ${show(company.name)} ${show(company.domains)}` : "no company"}, not to the company with the lead's domain ${lead.companyDomain}`,
        });
      }
    }
  }
  return out;
}

function policyViolations<F extends object>(
  object: string,
  id: string,
  before: F,
  after: F,
  policy: Partial<Record<keyof F, Policy>>,
  invariant: "I2",
): Violation[] {
  const out: Violation[] = [];
  for (const field of Object.keys(policy) as (keyof F & string)[]) {
    const b = before[field] as string | string[] | null;
    const a = after[field] as string | string[] | null;
    const p = policy[field];
    if (fieldValue(a) === fieldValue(b)) continue;
    const what = `a sync changed ${object} ${id} ${field} from ${show(b)} to ${show(a)}`;
    if (p === "never" || (p === "if-empty" && !isEmpty(b))) out.push({ invariant, message: `${what} (policy ${p})` });
    if (p === "add-only" && Array.isArray(b) && Array.isArray(a) && !b.every((v) => a.includes(v))) {
      out.push({ invariant, message: `${what} (policy ${p}: values removed)` });
    }
  }
  return out;
}

/** I2: a sync never renames, re-domains or empties an existing company or person beyond FIELD_POLICY, nor deletes records. */
export function i2SyncRespectsFieldPolicy(ctx: StepContext): Violation[] {
  if (ctx.kind !== "sync") return [];
  const out: Violation[] = [];
  for (const [id, b] of ctx.before.companies) {
    const a = ctx.after.companies.get(id);
    if (!a) out.push({ invariant: "I2", message: `a sync deleted company ${id} ${show(b.name)}` });
    else out.push(...policyViolations("company", id, b, a, FIELD_POLICY.companies, "I2"));
  }
  for (const [id, b] of ctx.before.people) {
    const a = ctx.after.people.get(id);
    if (!a) out.push({ invariant: "I2", message: `a sync deleted person ${id} ${show(b.name)}` });
    else out.push(...policyViolations("person", id, b, a, FIELD_POLICY.people, "I2"));
  }
  return out;
}

const MARKER = /leadsync-sync:[A-Za-z0-9._/-]+/;
const normName = (s: string | null) => (s ?? "").normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();

type Groups = Map<string, number>;

function groupCounts<T>(items: T[], key: (t: T) => string[]): Groups {
  const counts: Groups = new Map();
  for (const it of items) for (const k of new Set(key(it))) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** The duplicate groups of a world: kind of key -> key -> how many records or notes share it. */
function duplicateGroups(world: World): Record<string, Groups> {
  const people = [...world.people.values()];
  const companies = [...world.companies.values()];
  return {
    "people hold the email": groupCounts(people, (p) => p.emails),
    "companies hold the domain": groupCounts(companies, (c) => c.domains),
    "notes carry the run marker": groupCounts(world.notes, (n) => [n.content.match(MARKER)?.[0] ?? `note ${n.id}`]),
    "domain-less companies are named": groupCounts(
      companies.filter((c) => c.domains.length === 0),
      (c) => [normName(c.name)],
    ),
    "email-less people hold the LinkedIn URL": groupCounts(
      people.filter((p) => p.emails.length === 0 && p.linkedin),
      (p) => [normalizeLinkedinUrl(p.linkedin) ?? p.linkedin!],
    ),
    "people without email or LinkedIn are": groupCounts(
      people.filter((p) => p.emails.length === 0 && !p.linkedin),
      (p) => [`${normName(p.name)} at company ${p.companyId ?? "none"}`],
    ),
  };
}

/**
 * I3: no duplicates: people by email, companies by domain, notes by run; one domain-less company per
 * normalised name; one email-less person per LinkedIn URL; one person per name and company among
 * people with neither email nor LinkedIn URL. Only duplicates a workspace or sync step made (or
 * grew) count: Attio users may merge companies so that two same-named people share one.
 */
export function i3NoDuplicates(ctx: StepContext): Violation[] {
  if (ctx.kind === "attio") return [];
  const before = duplicateGroups(ctx.before);
  const out: Violation[] = [];
  for (const [kind, groups] of Object.entries(duplicateGroups(ctx.after))) {
    for (const [key, n] of groups) {
      if (n > 1 && n > (before[kind]!.get(key) ?? 0)) out.push({ invariant: "I3", message: `${n} ${kind} ${show(key)}` });
    }
  }
  return out;
}

/** I4: what Attio users edited survives (while the record exists), per FIELD_POLICY. */
export function i4UserEditsSurvive(ctx: StepContext): Violation[] {
  const out: Violation[] = [];
  for (const e of ctx.tracking.userEdits) {
    const rec = e.object === "people" ? ctx.after.people.get(e.recordId) : ctx.after.companies.get(e.recordId);
    if (!rec) continue;
    const current = (rec as unknown as Record<string, string | string[] | null>)[e.field];
    const kept = Array.isArray(current) ? current.includes(e.value) : current === e.value;
    if (!kept) {
      out.push({
        invariant: "I4",
        message: `${e.object} ${e.recordId}: the user set ${e.field} to ${show(e.value)}; it is now ${show(current)}`,
      });
    }
  }
  return out;
}

/**
 * I5: every sync of the step ended successfully (a vanished stored id never fails a sync) and the
 * ids it stored are records that exist (the survivor of a merge, or a new one after a delete).
 */
export function i5SyncsLandOnLiveRecords(ctx: StepContext): Violation[] {
  const out: Violation[] = [];
  for (const id of ctx.syncedLeadIds) {
    const lead = ctx.after.leads.get(id);
    if (!lead) continue;
    if (lead.attioSyncStatus !== "synced") {
      out.push({ invariant: "I5", message: `lead ${id}: sync ended ${lead.attioSyncStatus}: ${lead.attioSyncError ?? ""}` });
      continue;
    }
    if (!lead.attioPersonId || !ctx.after.people.has(lead.attioPersonId)) {
      out.push({ invariant: "I5", message: `lead ${id}: stored person id ${lead.attioPersonId} does not resolve in Attio` });
    }
    if (lead.attioCompanyId && !ctx.after.companies.has(lead.attioCompanyId)) {
      out.push({ invariant: "I5", message: `lead ${id}: stored company id ${lead.attioCompanyId} does not resolve in Attio` });
    }
  }
  return out;
}

/** Field values that a sync step changed, as `<id>/<field>` -> before and after (for I6's history). */
export function syncChanges(ctx: StepContext): Map<string, { before: string; after: string }> {
  const out = new Map<string, { before: string; after: string }>();
  if (ctx.kind !== "sync") return out;
  const diff = (id: string, b: object, a: object) => {
    for (const field of Object.keys(b)) {
      if (field === "id") continue;
      const bv = fieldValue((b as Record<string, string | string[] | null>)[field]);
      const av = fieldValue((a as Record<string, string | string[] | null>)[field]);
      if (bv !== av) out.set(`${id}/${field}`, { before: bv, after: av });
    }
  };
  for (const [id, b] of ctx.before.people) if (ctx.after.people.has(id)) diff(id, b, ctx.after.people.get(id)!);
  for (const [id, b] of ctx.before.companies) if (ctx.after.companies.has(id)) diff(id, b, ctx.after.companies.get(id)!);
  return out;
}

/**
 * I6: leads sharing an email share one Attio person, and syncs never flip a record's field back to
 * a value an earlier sync replaced (A -> B -> A) while no lead stored against it was edited or
 * deleted (then the history starts over: see Real.forgetSyncHistory).
 */
export function i6SharedEmailOnePersonNoFlipFlop(ctx: StepContext): Violation[] {
  const out: Violation[] = [];
  const byEmail = new Map<string, Set<string | null>>();
  for (const id of ctx.tracking.inSync) {
    const lead = ctx.after.leads.get(id);
    if (!lead?.email) continue;
    const set = byEmail.get(lead.email) ?? new Set();
    set.add(lead.attioPersonId);
    byEmail.set(lead.email, set);
  }
  for (const [email, ids] of byEmail) {
    if (ids.size > 1)
      out.push({ invariant: "I6", message: `leads with the email ${email} are stored against ${ids.size} people: ${show([...ids])}` });
  }
  for (const [key, { before, after }] of syncChanges(ctx)) {
    const history = syncHistoryBefore(ctx.tracking, key, before);
    if (history.slice(0, -1).includes(after)) {
      out.push({ invariant: "I6", message: `syncs flipped ${key} back to ${show(after)} (values so far ${show(history)})` });
    }
  }
  return out;
}

/** The values syncs gave a field so far; restarts when someone else changed it since the last sync. */
function syncHistoryBefore(tracking: Tracking, key: string, before: string): string[] {
  const history = tracking.syncHistory.get(key);
  return history && history[history.length - 1] === before ? history : [before];
}

/** Appends this step's sync changes to the history I6 compares against. */
export function recordSyncHistory(ctx: StepContext): void {
  for (const [key, { before, after }] of syncChanges(ctx)) {
    ctx.tracking.syncHistory.set(key, [...syncHistoryBefore(ctx.tracking, key, before), after]);
  }
}

export const INVARIANTS = [
  i1SyncedLeadMatchesItsRecords,
  i2SyncRespectsFieldPolicy,
  i3NoDuplicates,
  i4UserEditsSurvive,
  i5SyncsLandOnLiveRecords,
  i6SharedEmailOnePersonNoFlipFlop,
];

export function checkInvariants(ctx: StepContext): Violation[] {
  return INVARIANTS.flatMap((check) => check(ctx));
}
