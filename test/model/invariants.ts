/**
 * The CRM-integrity invariants of issue 11 (I1..I6) and of two-way sync (issue 20: I7..I10), as
 * small named functions over two views of the world (before and after one step of the model, the
 * step's inbound events settled): the fake Attio's records, notes and list entries, and the leads
 * and inbox rows in the database. Each returns the violations it finds; the model test fails on any.
 *
 * FIELD_POLICY is the field policy the invariants assume (I2, I4): adjust it here when the
 * product's defaults change. A sequence that pulls the job title makes it `never` (fieldPolicy).
 *
 * Over 300 lines: the ten invariants share the world views and helpers defined here, and the
 * integrator adjusts them together.
 */
import type { Lead } from "../../web/src/generated/prisma/client";
import { normalizeLinkedinUrl } from "../../web/src/lib/attio/normalize";
import type { Handover } from "./wire";

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
/** An entry of the pipeline list: its person, stage title and owner's email. */
export interface EntryView {
  id: string;
  parentId: string;
  stage: string | null;
  owner: string | null;
}
/** An inbox row (AttioInboxEvent). */
export interface InboxView {
  id: number;
  deliveryKey: string;
  eventIndex: number;
  eventType: string;
  outcome: string | null;
  detail: string | null;
  appliedAt: Date | null;
}
/** The lead columns the invariants read; `inStep`: its snapshot hash matches (a scheduled pass skips it). */
export type LeadRow = { inStep: boolean } & Pick<
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
  | "attioEntryId"
  | "attioStage"
  | "attioEntryOwner"
  | "attioDeletedKind"
  | "attioResyncPausedAt"
>;

export interface World {
  people: Map<string, PersonView>;
  companies: Map<string, CompanyView>;
  notes: NoteView[];
  entries: EntryView[];
  inbox: InboxView[];
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
  /** Pulled job titles Attio users set, each with the lead that takes it (the oldest on the person then) (I7). */
  pulls: PulledEdit[];
  /** Inbox row id -> its outcome when first seen (I8). */
  outcomes: Map<number, string>;
}

export interface PulledEdit {
  recordId: string;
  leadId: number;
  value: string;
}

/** A step's settle point: what the intake was handed and what came of it. */
export interface InboundStep {
  handovers: Handover[];
  /** Idempotency-Key -> rows stored for it over all its copies so far. */
  storedByKey: Map<string, number>;
  /** Rows still without an outcome when the settle gave up. */
  unapplied: number[];
  /** Ids named by events held for later or lost (until a reconcile pass): the app cannot know yet. */
  unsettled: Set<string>;
  /** leadsync's writes to Attio while the step's events were applied. */
  leadsyncWritesInSettle: number;
  /** leadsync's writes to Attio over the whole step (the Attio users' own writes left out). */
  leadsyncWritesInStep: number;
}

export interface StepContext {
  kind: "workspace" | "sync" | "attio" | "reconcile";
  before: World;
  after: World;
  /** Leads a run was started for during this step (their last run id changed). */
  syncedLeadIds: number[];
  tracking: Tracking;
  /** The sequence's configuration: the job title is pulled; people go to the pipeline list. */
  pullJobTitle: boolean;
  pipeline: boolean;
  inbound: InboundStep;
}

export interface Violation {
  invariant: "I1" | "I2" | "I3" | "I4" | "I5" | "I6" | "I7" | "I8" | "I9" | "I10";
  message: string;
}

/** FIELD_POLICY as the sequence configured it: a pulled field is never written to an existing record. */
export function fieldPolicy(ctx: Pick<StepContext, "pullJobTitle">): {
  people: Record<keyof PersonFields, Policy>;
  companies: Record<keyof CompanyFields, Policy>;
} {
  if (!ctx.pullJobTitle) return FIELD_POLICY;
  return { ...FIELD_POLICY, people: { ...FIELD_POLICY.people, jobTitle: "never" } };
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
    else out.push(...policyViolations("company", id, b, a, fieldPolicy(ctx).companies, "I2"));
  }
  for (const [id, b] of ctx.before.people) {
    const a = ctx.after.people.get(id);
    if (!a) out.push({ invariant: "I2", message: `a sync deleted person ${id} ${show(b.name)}` });
    else out.push(...policyViolations("person", id, b, a, fieldPolicy(ctx).people, "I2"));
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

// ---------------------------------------------------------------------------------------------
// Two-way sync (issue 20)

/** Statuses that pause scheduled re-syncs (the CRM settings' default pauseResyncStages). */
const PAUSING_STAGES = ["won", "lost"];
/** Lead columns only syncs push: nothing from Attio's side may change them. */
const PUSHED_COLUMNS = ["name", "email", "companyName", "companyDomain", "linkedinUrl"] as const;

/** The lead an inbound pull goes to: the oldest stored against the person (apply.ts). */
function oldestLeadOn(world: World, personId: string): LeadRow | undefined {
  return [...world.leads.values()].filter((l) => l.attioPersonId === personId).sort((a, b) => a.id - b.id)[0];
}

/** How a lead's stage and owner differ from its person's entry (none: no stage, owner or pause), or null. */
function entryMismatch(lead: LeadRow, entry: EntryView | undefined): string | null {
  const stage = entry?.stage ?? null;
  const owner = entry?.owner ?? null;
  const paused = !!stage && PAUSING_STAGES.includes(stage.toLowerCase());
  if (lead.attioStage === stage && lead.attioEntryOwner === owner && !!lead.attioResyncPausedAt === paused) return null;
  const shows = `stage ${show(lead.attioStage)}, owner ${show(lead.attioEntryOwner)}${lead.attioResyncPausedAt ? ", re-syncs paused" : ""}`;
  const has = entry ? `entry ${entry.id} has stage ${show(stage)}, owner ${show(owner)}` : "no entry";
  return `lead ${lead.id} shows ${shows}; its person ${lead.attioPersonId} has ${has} in Attio`;
}

/**
 * I7's list-entry part. After a reconcile pass, every lead shows its person's one entry (or none).
 * At other settle points (except one that also moved leads, by a merge or a delete): the leads of
 * a person whose one entry had events show it, and show none once its last entry is gone; and in
 * a user's step, an event about another entry leaves a lead on its person's one entry alone.
 */
function entryViolations(ctx: StepContext): string[] {
  const { before, after, inbound } = ctx;
  const out: string[] = [];
  const entriesOf = (personId: string) => after.entries.filter((e) => e.parentId === personId);
  const compare = (personId: string) => {
    const entries = entriesOf(personId);
    if (entries.length > 1 || inbound.unsettled.has(personId) || entries.some((e) => inbound.unsettled.has(e.id))) return;
    for (const lead of after.leads.values()) {
      const mismatch = lead.attioPersonId === personId ? entryMismatch(lead, entries[0]) : null;
      if (mismatch) out.push(mismatch);
    }
  };
  if (ctx.kind === "reconcile") {
    for (const p of new Set([...after.leads.values()].flatMap((l) => (l.attioPersonId ? [l.attioPersonId] : [])))) compare(p);
    return out;
  }
  const events = inbound.handovers.flatMap((h) => h.events);
  if (events.some((e) => e.event_type === "record.merged" || e.event_type === "record.deleted")) return out;
  const touched = new Set<string>();
  for (const e of events) {
    if (!e.event_type.startsWith("list-entry.") || !e.id.entry_id) continue;
    touched.add(e.id.entry_id);
    const now = after.entries.find((x) => x.id === e.id.entry_id);
    if (now && entriesOf(now.parentId).length === 1) compare(now.parentId);
    if (!now && e.parent_record_id && entriesOf(e.parent_record_id).length === 0) compare(e.parent_record_id);
  }
  if (ctx.kind !== "attio") return out;
  for (const [id, b] of before.leads) {
    const a = after.leads.get(id);
    const entry = b.attioEntryId;
    // Only where that entry is the person's one entry: with two, either may be "the" stage.
    const only = a?.attioPersonId ? entriesOf(a.attioPersonId) : [];
    if (!a || !entry || touched.has(entry) || a.attioPersonId !== b.attioPersonId || only.length !== 1 || only[0]!.id !== entry) continue;
    if (a.attioEntryId !== entry || a.attioStage !== b.attioStage || a.attioEntryOwner !== b.attioEntryOwner) {
      out.push(
        `lead ${id} was on entry ${entry}, which no event of the step was about; it now shows entry ${a.attioEntryId}, stage ${show(a.attioStage)}, owner ${show(a.attioEntryOwner)}`,
      );
    }
  }
  return out;
}

/**
 * I7: leadsync converges to Attio for pulled fields and keeps the lead's value for pushed ones,
 * once a step's events are settled (events held back or lost, until a reconcile pass, excepted):
 * - Attio's side (a user's step, a reconcile pass) never changes a lead's pushed columns, changes
 *   its role only to its person's job title when that is pulled, and drops a stored id only
 *   saying "deleted in Attio";
 * - a pulled job title an Attio user set is on the lead that takes it (the oldest on the person);
 * - a lead's stored person and company still exist in Attio (a delete drops the id, a merge
 *   re-points it to the merged record);
 * - with the pipeline list, a lead's stage, owner and re-sync pause are its person's entry's
 *   (see entryViolations for when).
 */
export function i7ConvergesWithAttio(ctx: StepContext): Violation[] {
  const { before, after } = ctx;
  const unsettled = ctx.inbound.unsettled;
  const out: Violation[] = [];
  const v = (message: string) => out.push({ invariant: "I7", message });
  if (ctx.kind === "attio" || ctx.kind === "reconcile") {
    for (const [id, b] of before.leads) {
      const a = after.leads.get(id);
      if (!a) continue;
      for (const col of PUSHED_COLUMNS) {
        if (a[col] !== b[col]) v(`lead ${id}: ${col} is pushed, yet Attio's side changed it from ${show(b[col])} to ${show(a[col])}`);
      }
      if (a.role !== b.role) {
        const title = a.attioPersonId ? after.people.get(a.attioPersonId)?.jobTitle : undefined;
        if (!ctx.pullJobTitle) v(`lead ${id}: role is pushed, yet Attio's side changed it from ${show(b.role)} to ${show(a.role)}`);
        else if (title !== a.role) v(`lead ${id}: role pulled as ${show(a.role)}, but its person's job title is ${show(title)}`);
      }
      if (b.attioPersonId && !a.attioPersonId && a.attioDeletedKind !== "person") {
        v(`lead ${id}: dropped its person ${b.attioPersonId} without saying "deleted in Attio"`);
      }
      if (b.attioCompanyId && !a.attioCompanyId && !a.attioDeletedKind) {
        v(`lead ${id}: dropped its company ${b.attioCompanyId} without saying "deleted in Attio"`);
      }
    }
  }
  for (const e of ctx.tracking.pulls) {
    const lead = after.leads.get(e.leadId);
    const person = after.people.get(e.recordId);
    if (!lead || !person || unsettled.has(e.recordId) || lead.attioPersonId !== e.recordId) continue;
    if (person.jobTitle !== e.value || oldestLeadOn(after, e.recordId)?.id !== lead.id) continue;
    if (lead.role !== e.value) {
      v(
        `lead ${lead.id}: an Attio user set its person ${e.recordId}'s job title (pulled) to ${show(e.value)}, the events are settled, the lead's role is ${show(lead.role)}`,
      );
    }
  }
  for (const lead of after.leads.values()) {
    for (const [id, records, what] of [
      [lead.attioPersonId, after.people, "person"],
      [lead.attioCompanyId, after.companies, "company"],
    ] as const) {
      if (id && !records.has(id) && !unsettled.has(id))
        v(`lead ${lead.id}: its ${what} ${id} is gone from Attio, and the events saying so were settled`);
    }
  }
  if (ctx.pipeline) for (const m of entryViolations(ctx)) v(m);
  return out;
}

const rowOutcome = (r: InboxView) => `${r.outcome} at ${r.appliedAt?.toISOString()}: ${r.detail}`;

/**
 * I8: no inbox event is applied twice: a row's outcome, once written, never changes; one row per
 * (Idempotency-Key, event index); the copies of one delivery together store exactly its events
 * (a duplicate stores nothing).
 */
export function i8InboxAppliedOnce(ctx: StepContext): Violation[] {
  const out: Violation[] = [];
  const v = (message: string) => out.push({ invariant: "I8", message });
  for (const row of ctx.after.inbox) {
    const seen = ctx.tracking.outcomes.get(row.id);
    if (row.outcome !== null && seen !== undefined && seen !== rowOutcome(row)) {
      v(`inbox row ${row.id} (${row.eventType}) was stamped twice: ${seen}, then ${rowOutcome(row)}`);
    }
  }
  for (const [key, n] of groupCounts(ctx.after.inbox, (r) => [`${r.deliveryKey}#${r.eventIndex}`])) {
    if (n > 1) v(`${n} inbox rows for event ${key}`);
  }
  const checked = new Set<string>();
  for (const h of ctx.inbound.handovers) {
    if (checked.has(h.key)) continue;
    checked.add(h.key);
    const copies = ctx.inbound.handovers.filter((x) => x.key === h.key).length;
    const stored = ctx.inbound.storedByKey.get(h.key) ?? 0;
    if (stored !== h.events.length) {
      v(`delivery ${h.key} (${h.events.length} event, ${copies} copies this step) stored ${stored} rows over all its copies`);
    }
  }
  return out;
}

/** Records the outcomes seen, for I8's next step. */
export function recordInboxOutcomes(ctx: StepContext): void {
  for (const row of ctx.after.inbox)
    if (row.outcome !== null && !ctx.tracking.outcomes.has(row.id)) ctx.tracking.outcomes.set(row.id, rowOutcome(row));
}

/**
 * I9: no loop: applying Attio's events writes nothing to Attio, so an Attio user's change causes
 * no leadsync write at all (the bound is 0: the fake's log between settle points, the user's own
 * writes left out); a sync never writes a pulled job title to an existing person; and a change
 * from Attio's side leaves a lead that was in step with its last sync in step (a scheduled pass
 * would otherwise push the pulled value back).
 */
export function i9NoLoop(ctx: StepContext): Violation[] {
  const out: Violation[] = [];
  const v = (message: string) => out.push({ invariant: "I9", message });
  const { inbound } = ctx;
  if (inbound.leadsyncWritesInSettle > 0)
    v(`applying the step's Attio events, leadsync wrote to Attio ${inbound.leadsyncWritesInSettle} times`);
  if (ctx.kind === "attio" && inbound.leadsyncWritesInStep > 0) {
    v(`an Attio user's change caused ${inbound.leadsyncWritesInStep} leadsync writes to Attio`);
  }
  if (ctx.kind === "sync" && ctx.pullJobTitle) {
    for (const [id, b] of ctx.before.people) {
      const a = ctx.after.people.get(id);
      if (a && a.jobTitle !== b.jobTitle)
        v(`a sync pushed the pulled job title of person ${id}: ${show(b.jobTitle)} -> ${show(a.jobTitle)}`);
    }
  }
  if (ctx.kind === "attio" || ctx.kind === "reconcile") {
    for (const [id, b] of ctx.before.leads) {
      if (b.inStep && ctx.after.leads.get(id)?.inStep === false) {
        v(`lead ${id} was in step with its last sync; Attio's side made it look edited (the next scheduled pass would sync it)`);
      }
    }
  }
  return out;
}

/**
 * I10: nothing is lost between intake and apply, a worker killed in between included: every
 * signed delivery is answered 200, and every inbox row gets an outcome that is not `failed`.
 */
export function i10NothingLost(ctx: StepContext): Violation[] {
  const out: Violation[] = [];
  const v = (message: string) => out.push({ invariant: "I10", message });
  if (ctx.inbound.unapplied.length) v(`inbox rows ${ctx.inbound.unapplied.join(", ")} got no outcome`);
  const failedBefore = new Set(ctx.before.inbox.filter((r) => r.outcome === "failed").map((r) => r.id));
  for (const r of ctx.after.inbox) {
    if (r.outcome === "failed" && !failedBefore.has(r.id)) v(`inbox row ${r.id} (${r.eventType}) failed: ${r.detail}`);
  }
  for (const h of ctx.inbound.handovers) {
    if (h.status !== 200) v(`the intake answered ${h.status} to the signed delivery ${h.key} (${h.events.map((e) => e.event_type)})`);
  }
  return out;
}

export const INVARIANTS = [
  i1SyncedLeadMatchesItsRecords,
  i2SyncRespectsFieldPolicy,
  i3NoDuplicates,
  i4UserEditsSurvive,
  i5SyncsLandOnLiveRecords,
  i6SharedEmailOnePersonNoFlipFlop,
  i7ConvergesWithAttio,
  i8InboxAppliedOnce,
  i9NoLoop,
  i10NothingLost,
];

export function checkInvariants(ctx: StepContext): Violation[] {
  return INVARIANTS.flatMap((check) => check(ctx));
}
