/**
 * The operations of the model test as fast-check commands: the workspace (add, import, edit,
 * delete leads), syncs (a click, concurrent clicks, a scheduled pass, a worker killed mid-run),
 * Attio users (rename a company or person, change a job title, add an email, delete or merge
 * records, move a list entry's stage, change its owner, remove it) and a reconcile pass. Every
 * step ends at a settle point: the webhooks its writes caused reach the app's intake (an Attio
 * user's step says how: on time, twice, late, unsignalled, lost, in which order) and are applied;
 * with kills on, the inbound worker may be killed right after the intake.
 *
 * Values come from small pools so that sequences collide: shared companies, emails, LinkedIn URLs
 * and names. Leads are referenced as `#k` (the k-th live lead, modulo their count) and Attio
 * records as `company#k` / `person#k` (creation order, modulo), so a printed sequence replays.
 *
 * Over 300 lines: one small class per operation, kept in one module so the list of operations and
 * their weights (modelCommands) read in one place.
 */
import fc from "fast-check";
import { createLead, createLeads, leadFormValues, validateLead } from "../../web/src/lib/leads/lead-input";
import { CSV_TEMPLATE_HEADER, planCsvImport } from "../../web/src/lib/leads/csv-import";
import { leadsByEmail, otherLeadWithEmail } from "../../web/src/lib/leads/shared-email";
import {
  checkInvariants,
  recordInboxOutcomes,
  recordSyncHistory,
  type StepContext,
  type Tracking,
  type UserEdit,
  type Violation,
} from "./invariants";
import {
  PIPELINE_LIST,
  asAttioUser,
  clickSync,
  readWorld,
  reconcilePass,
  recordIds,
  scheduledPass,
  settleInbound,
  writeCount,
  type ModelConfig,
  type ModelSystem,
} from "./system";
import type { KillSwitch } from "./kill";
import { ON_TIME, describePlan, type Fate, type WirePlan } from "./wire";

export interface Model {
  leads: number;
}

export class InvariantViolation extends Error {
  constructor(readonly violations: Violation[]) {
    super(`invariants violated:\n${violations.map((v) => `  ${v.invariant}: ${v.message}`).join("\n")}`);
  }
}

/** The real side of the model: the system plus what the invariants track across steps. */
export class Real {
  leads: number[] = [];
  tracking: Tracking = { inSync: new Set(), userEdits: [], syncHistory: new Map(), pulls: [], outcomes: new Map() };
  /** Set by a kill command: the next settle kills the inbound worker right after the intake. */
  killAfterIntake = false;
  /** Rows not yet applied when the last kill after intake struck (the printed sequence shows it). */
  lastKillHit?: number;
  constructor(
    readonly sys: ModelSystem,
    readonly config: ModelConfig,
    readonly kill?: KillSwitch,
    /** Violations to look past (messages matching it), to explore beyond an already known failure. */
    readonly ignore?: RegExp,
  ) {}

  lead(k: number): number {
    return this.leads[k % this.leads.length]!;
  }

  /** How a step names lead `k` in the printed sequence: its position among the live leads when it ran. */
  leadLabel(k: number): string {
    return `#${k % this.leads.length}`;
  }

  /**
   * A lead stored against these records was edited or deleted: what syncs write to them may change
   * for that reason, which is not a flip between leads (I6 compares against history from here on).
   */
  async forgetSyncHistory(leadId: number): Promise<void> {
    const lead = await this.sys.db.prisma.lead.findUnique({ where: { id: leadId }, select: { attioPersonId: true, attioCompanyId: true } });
    for (const recordId of [lead?.attioPersonId, lead?.attioCompanyId]) {
      if (!recordId) continue;
      for (const key of this.tracking.syncHistory.keys()) if (key.startsWith(`${recordId}/`)) this.tracking.syncHistory.delete(key);
    }
  }

  /** Runs one operation and settles its webhooks (as `plan` says) between two reads of the world, then checks every invariant. */
  async step(kind: StepContext["kind"], action: () => Promise<void>, plan: WirePlan = ON_TIME): Promise<void> {
    const before = await readWorld(this.sys);
    const writesAtStart = writeCount(this.sys);
    const userWritesAtStart = this.sys.userWrites;
    await action();
    const writesBeforeSettle = writeCount(this.sys);
    const kill = this.killAfterIntake ? () => this.kill!.killAndRestart() : undefined;
    this.killAfterIntake = false;
    const settled = await settleInbound(this.sys, plan, kill);
    if (kill) this.lastKillHit = settled.unappliedAtKill;
    // A reconcile pass read Attio itself: what lost events would have said is known now.
    if (kind === "reconcile") this.sys.wire.forgetLost();
    const writesAtEnd = writeCount(this.sys);
    const after = await readWorld(this.sys);
    const syncedLeadIds = [...after.leads.values()]
      .filter((l) => l.attioLastRunId && l.attioLastRunId !== before.leads.get(l.id)?.attioLastRunId)
      .map((l) => l.id);
    for (const id of syncedLeadIds) {
      if (after.leads.get(id)!.attioSyncStatus === "synced") this.tracking.inSync.add(id);
      else this.tracking.inSync.delete(id);
    }
    const ctx: StepContext = {
      kind,
      before,
      after,
      syncedLeadIds,
      tracking: this.tracking,
      ...this.config,
      inbound: {
        handovers: settled.handovers,
        storedByKey: this.sys.wire.storedByKey,
        unapplied: settled.unapplied,
        unsettled: this.sys.wire.unsettledIds(),
        leadsyncWritesInSettle: writesAtEnd - writesBeforeSettle,
        leadsyncWritesInStep: writesAtEnd - writesAtStart - (this.sys.userWrites - userWritesAtStart),
      },
    };
    const violations = checkInvariants(ctx).filter((v) => !this.ignore?.test(`${v.invariant}: ${v.message}`));
    recordSyncHistory(ctx);
    recordInboxOutcomes(ctx);
    // --debug: both worlds and the claims, to see which records a violation involves.
    if (violations.length && process.env.MODEL_DEBUG) {
      const dump = (w: typeof before) => ({
        people: [...w.people.values()],
        companies: [...w.companies.values()],
        entries: w.entries,
        leads: [...w.leads.values()].map(({ attioSyncError, ...l }) => l),
      });
      console.log(`[model] world before:\n${JSON.stringify(dump(before))}\n[model] world after:\n${JSON.stringify(dump(after))}`);
      const claims = await this.sys.db.prisma.attioRecordClaim.findMany();
      console.log(`[model] claims:\n${JSON.stringify(claims)}`);
      console.log(`[model] inbox:\n${after.inbox.map((r) => `${r.id} ${r.eventType} ${r.outcome}: ${r.detail}`).join("\n")}`);
      console.log(`[model] handed over:\n${JSON.stringify(settled.handovers.map((h) => [h.key, h.status, h.stored, h.events]))}`);
    }
    if (violations.length) throw new InvariantViolation(violations);
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

// ---------------------------------------------------------------------------------------------
// Pools

const PEOPLE = [
  { name: "Ada Lovelace", slug: "ada" },
  { name: "Grace Hopper", slug: "grace" },
  { name: "Alan Turing", slug: "alan" },
];
const COMPANIES: { name: string; domain: string | null }[] = [
  { name: "Maison Lumière", domain: "maison-lumiere.fr" },
  { name: "Globex Corporation", domain: "globex.com" },
  { name: "Initech", domain: "initech.io" },
  { name: "Hooli", domain: null },
  { name: "hooli", domain: null },
];
const ROLES = ["CTO", "VP Sales", "Engineer", null];
// Names Attio users give companies: never a lead's company name, so a duplicate name is leadsync's.
const USER_COMPANY_NAMES = ["Lumière Group", "Globex Holdings", "Initrode"];
const USER_TITLES = ["Chief Scientist", "Head of Growth"];
const USER_PERSON_NAMES = ["Ada King", "Grace Brewster Hopper"];
const USER_EMAILS = ["ada.l@personal.dev", "ada@globex.com", "grace@maison-lumiere.fr"];

export interface LeadSpec {
  person: number;
  /** COMPANIES index; COMPANIES.length means no company. */
  company: number;
  email: "work" | "free" | "none";
  linkedin: boolean;
  role: number;
  dropDomain: boolean;
}

const companySlug = (name: string) => name.normalize("NFKD").replace(/[^\w]/g, "").toLowerCase();

function leadValues(spec: LeadSpec) {
  const person = PEOPLE[spec.person]!;
  const company = COMPANIES[spec.company];
  const domain = company ? (company.domain ?? `${companySlug(company.name)}.com`) : null;
  return {
    name: person.name,
    role: ROLES[spec.role] ?? "",
    companyName: company?.name ?? "",
    companyDomain: spec.dropDomain ? "" : (company?.domain ?? ""),
    email:
      spec.email === "none" ? "" : spec.email === "work" && domain ? `${person.slug}@${domain}` : `${person.slug}.${spec.person}@gmail.com`,
    linkedinUrl: spec.linkedin ? `https://www.linkedin.com/in/${person.slug}` : "",
  };
}

const describeSpec = (s: LeadSpec) => {
  const v = leadValues(s);
  return [v.name, v.role, v.companyName, v.companyDomain, v.email, v.linkedinUrl ? "linkedin" : ""].filter(Boolean).join(" | ");
};

const leadSpecArb: fc.Arbitrary<LeadSpec> = fc.record({
  person: fc.nat({ max: PEOPLE.length - 1 }),
  company: fc.nat({ max: COMPANIES.length }),
  email: fc.constantFrom("work" as const, "free" as const, "none" as const),
  linkedin: fc.boolean(),
  role: fc.nat({ max: ROLES.length - 1 }),
  dropDomain: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** Lead edits: [field label, database fields]. "company" moves the lead to another company (name and domain). */
const EDITS: [string, Record<string, string | null>][] = [
  ...COMPANIES.map((c): [string, Record<string, string | null>] => [
    `company = ${c.name} ${c.domain ?? "(no domain)"}`,
    { companyName: c.name, companyDomain: c.domain },
  ]),
  ["company = none", { companyName: null, companyDomain: null }],
  ["companyName = Globex Corporation", { companyName: "Globex Corporation" }],
  ["companyDomain = globex.com", { companyDomain: "globex.com" }],
  ["companyDomain = none", { companyDomain: null }],
  ["email = ada@globex.com", { email: "ada@globex.com" }],
  ["email = grace@initech.io", { email: "grace@initech.io" }],
  ["email = alan.2@gmail.com", { email: "alan.2@gmail.com" }],
  ["email = none", { email: null }],
  ["name = Grace Hopper", { name: "Grace Hopper" }],
  ["name = Ada King", { name: "Ada King" }],
  ["linkedinUrl = ada", { linkedinUrl: "https://www.linkedin.com/in/ada" }],
  ["linkedinUrl = none", { linkedinUrl: null }],
  ["role = Head of Data", { role: "Head of Data" }],
  ["role = none", { role: null }],
];

// ---------------------------------------------------------------------------------------------
// Workspace

async function addLeadThroughForm(r: Real, spec: LeadSpec): Promise<void> {
  const result = validateLead(leadFormValues((f) => ({ icpScore: "", icpReasons: "", ...leadValues(spec) })[f]));
  if (!result.ok) throw new Error(`the model generated an invalid lead: ${JSON.stringify(result.fieldErrors)}`);
  const expected = await oldestLeadWithEmail(r, result.lead.email);
  const id = await createLead(r.sys.db.prisma, result.lead);
  r.leads.push(id);
  // I6: the lead page names the lead that already had this email.
  const told = await otherLeadWithEmail(r.sys.db.prisma, result.lead.email, id);
  if ((told?.id ?? null) !== expected) {
    throw new InvariantViolation([
      {
        invariant: "I6",
        message: `lead ${id} with ${result.lead.email}: the app names lead ${told?.id ?? "none"}, not lead ${expected ?? "none"}`,
      },
    ]);
  }
}

/** The model's own answer: the first live lead (creation order) with this email. */
async function oldestLeadWithEmail(r: Real, email: string | null): Promise<number | null> {
  if (!email) return null;
  const rows = await r.sys.db.prisma.lead.findMany({ where: { id: { in: r.leads } }, select: { id: true, email: true } });
  const byId = new Map(rows.map((l) => [l.id, l.email]));
  return r.leads.find((id) => byId.get(id) === email) ?? null;
}

export class AddLead implements Cmd {
  constructor(readonly spec: LeadSpec) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await r.step("workspace", () => addLeadThroughForm(r, this.spec));
    m.leads = r.leads.length;
  }
  toString = () => `addLead(${describeSpec(this.spec)})`;
  [fc.toStringMethod] = () => this.toString();
}

/** The leads every sequence starts with, so that its steps have something to act on. */
export const initialLeadsArb = fc.array(
  leadSpecArb.map((s) => new AddLead(s)),
  { minLength: 2, maxLength: 4 },
);

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export class ImportLeads implements Cmd {
  constructor(
    readonly company: number,
    readonly specs: LeadSpec[],
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await r.step("workspace", async () => {
      const rows = this.specs.map((s) => {
        const v = leadValues({ ...s, company: this.company });
        return [v.name, v.role, v.companyName, v.companyDomain, v.email, v.linkedinUrl, "", ""].map(csvCell).join(",");
      });
      const plan = planCsvImport([CSV_TEMPLATE_HEADER, ...rows].join("\n"));
      if (!plan.ok) return; // the import page refused the file (e.g. one email twice): nothing written
      // I6: the import page names, for each imported email, the lead that already had it.
      const told = await leadsByEmail(
        r.sys.db.prisma,
        plan.leads.map((l) => l.email),
      );
      for (const lead of plan.leads) {
        const expected = await oldestLeadWithEmail(r, lead.email);
        const named = lead.email ? (told.get(lead.email)?.id ?? null) : null;
        if (named !== expected) {
          throw new InvariantViolation([
            { invariant: "I6", message: `importing ${lead.email}: the app names lead ${named ?? "none"}, not lead ${expected ?? "none"}` },
          ]);
        }
      }
      r.leads.push(...(await createLeads(r.sys.db.prisma, plan.leads)));
    });
    m.leads = r.leads.length;
  }
  toString = () => `importLeads(${this.specs.map((s) => describeSpec({ ...s, company: this.company })).join(" ; ")})`;
}

/** A step on one lead (`#k`), printed with the position the lead had among the live leads when it ran. */
abstract class OnOneLead implements Cmd {
  private shown?: string;
  constructor(
    readonly k: number,
    /** The step's one parameter besides the lead, when it has one (an EDITS index, a count of writes). */
    readonly detail = 0,
  ) {}
  check = (m: Readonly<Model>) => m.leads > 0;
  abstract run(m: Model, r: Real): Promise<void>;
  abstract toString(): string;
  /** The lead's id now; the printed sequence names it as it was at this step. */
  protected target(r: Real): number {
    this.shown = r.leadLabel(this.k);
    return r.lead(this.k);
  }
  protected label = () => this.shown ?? `#${this.k}`;
}

/** Edits one field of lead #k: EDITS[detail]. */
export class EditLead extends OnOneLead {
  async run(_m: Model, r: Real) {
    const id = this.target(r);
    await r.step("workspace", async () => {
      const data = EDITS[this.detail]![1];
      await r.sys.db.prisma.lead.update({ where: { id }, data });
      r.tracking.inSync.delete(id);
      await r.forgetSyncHistory(id);
      // The lead's own role now: a pulled title is taken again only when Attio's changes again.
      if ("role" in data) r.tracking.pulls = r.tracking.pulls.filter((p) => p.leadId !== id);
    });
  }
  toString = () => `editLead(${this.label()}, ${EDITS[this.detail]![0]})`;
}

export class DeleteLead extends OnOneLead {
  async run(m: Model, r: Real) {
    const id = this.target(r);
    await r.step("workspace", async () => {
      await r.forgetSyncHistory(id);
      const deleted = await r.sys.db.prisma.lead.delete({ where: { id } });
      r.leads = r.leads.filter((l) => l !== id);
      r.tracking.inSync.delete(id);
      // Leads that shared its person may now own it: what the person links to changes at their next sync.
      const sharing = await r.sys.db.prisma.lead.findMany({ where: { attioPersonId: deleted.attioPersonId ?? "-" }, select: { id: true } });
      for (const l of sharing) r.tracking.inSync.delete(l.id);
    });
    m.leads = r.leads.length;
  }
  toString = () => `deleteLead(${this.label()})`;
}

// ---------------------------------------------------------------------------------------------
// Syncs

export class Click implements Cmd {
  private shown?: string[];
  constructor(readonly ks: number[]) {}
  check = (m: Readonly<Model>) => m.leads > 0;
  async run(_m: Model, r: Real) {
    this.shown = this.ks.map((k) => r.leadLabel(k));
    await r.step("sync", async () => {
      await Promise.all(this.ks.map((k) => clickSync(r.sys, r.lead(k))));
    });
  }
  toString = () => {
    const names = this.shown ?? this.ks.map((k) => `#${k}`);
    return names.length === 1 ? `click(${names[0]})` : `concurrentClicks(${names.join(", ")})`;
  };
}

export class ScheduledPass implements Cmd {
  constructor(readonly concurrency: number) {}
  check = (m: Readonly<Model>) => m.leads > 0;
  async run(_m: Model, r: Real) {
    await r.step("sync", () => scheduledPass(r.sys, this.concurrency));
  }
  toString = () => `scheduledPass(concurrency ${this.concurrency})`;
}

/** Syncs lead #k and kills the worker after `detail` Attio writes. */
export class KillMidRun extends OnOneLead {
  async run(_m: Model, r: Real) {
    const id = this.target(r);
    await r.step("sync", () => r.kill!.syncAndKill(id, this.detail));
  }
  toString = () => `killWorkerMidSync(${this.label()}, after ${this.detail} Attio writes)`;
}

// ---------------------------------------------------------------------------------------------
// Attio users

type ObjectSlug = "people" | "companies";
const label = (o: ObjectSlug) => (o === "people" ? "person" : "company");
/** How a printed step shows the delivery of its webhooks (nothing when on time, in order). */
const planSuffix = (p: WirePlan) => (p.fates.every((f) => f === "now") && p.order === "fifo" ? "" : ` [webhooks: ${describePlan(p)}]`);

/** The k-th record of `object` (creation order, modulo their count) and how the printed sequence names it. */
function pickRecord(r: Real, object: ObjectSlug, k: number): { id: string; shown: string } | null {
  const ids = recordIds(r.sys, object);
  if (ids.length === 0) return null;
  return { id: ids[k % ids.length]!, shown: `${label(object)}#${k % ids.length}` };
}

/** Keeps the newest edit per record and field; drops edits of records that are gone. */
function recordUserEdit(r: Real, edit: UserEdit) {
  r.tracking.userEdits = r.tracking.userEdits.filter(
    (e) => !(e.recordId === edit.recordId && e.field === edit.field && (e.field !== "emails" || e.value === edit.value)),
  );
  r.tracking.userEdits.push(edit);
}

/** A pulled job title set in Attio: the oldest lead stored against the person must take it (I7). */
async function recordPull(r: Real, recordId: string, value: string) {
  r.tracking.pulls = r.tracking.pulls.filter((p) => p.recordId !== recordId);
  const lead = await r.sys.db.prisma.lead.findFirst({ where: { attioPersonId: recordId }, orderBy: { id: "asc" }, select: { id: true } });
  if (lead) r.tracking.pulls.push({ recordId, leadId: lead.id, value });
}

/** An Attio user's operation on one record (`k`-th of `object`); a no-op while there is none. */
abstract class OnOneTarget implements Cmd {
  protected shown?: string;
  constructor(readonly plan: WirePlan) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    await r.step(
      "attio",
      async () => {
        const picked = await this.pick(r);
        if (!picked) return;
        this.shown = picked.shown;
        await this.act(r, picked.id);
      },
      this.plan,
    );
  }
  /** The target's id and how the printed sequence names it, or null while there is none. */
  protected abstract pick(r: Real): Promise<{ id: string; shown: string } | null>;
  protected abstract act(r: Real, id: string): Promise<void>;
  abstract toString(): string;
}

abstract class OnOneRecord extends OnOneTarget {
  constructor(
    readonly object: ObjectSlug,
    readonly k: number,
    plan: WirePlan,
  ) {
    super(plan);
  }
  protected pick = async (r: Real) => pickRecord(r, this.object, this.k);
  protected record = () => this.shown ?? `${label(this.object)}#${this.k}`;
}

export class UserEditsRecord extends OnOneRecord {
  constructor(
    object: ObjectSlug,
    k: number,
    readonly field: UserEdit["field"],
    readonly value: string,
    plan: WirePlan,
  ) {
    super(object, k, plan);
  }
  protected async act(r: Real, recordId: string) {
    const [first, ...rest] = this.value.split(" ");
    const values =
      this.field === "name"
        ? { name: this.object === "people" ? [{ first_name: first, last_name: rest.join(" "), full_name: this.value }] : this.value }
        : this.field === "jobTitle"
          ? { job_title: this.value }
          : { email_addresses: [this.value] };
    const res = await asAttioUser(r.sys, "PATCH", `/objects/${this.object}/records/${recordId}`, { data: { values } });
    // A uniqueness conflict (the email belongs to someone else) is the user's failed edit: nothing to keep.
    if (res.status !== 200) return;
    recordUserEdit(r, { object: this.object, recordId, field: this.field, value: this.value });
    if (this.field === "jobTitle" && r.config.pullJobTitle) await recordPull(r, recordId, this.value);
  }
  toString = () => `attioUserSets(${this.record()}, ${this.field} = ${this.value})${planSuffix(this.plan)}`;
}

export class UserDeletesRecord extends OnOneRecord {
  protected async act(r: Real, recordId: string) {
    await asAttioUser(r.sys, "DELETE", `/objects/${this.object}/records/${recordId}`);
    r.tracking.userEdits = r.tracking.userEdits.filter((e) => e.recordId !== recordId);
    r.tracking.pulls = r.tracking.pulls.filter((p) => p.recordId !== recordId);
    r.tracking.inSync.clear();
  }
  toString = () => `attioUserDeletes(${this.record()})${planSuffix(this.plan)}`;
}

export class UserMergesRecords implements Cmd {
  private shown?: string;
  constructor(
    readonly object: ObjectSlug,
    readonly k1: number,
    readonly k2: number,
    readonly plan: WirePlan,
  ) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    await r.step(
      "attio",
      async () => {
        const ids = recordIds(r.sys, this.object);
        const primary = ids[this.k1 % Math.max(1, ids.length)];
        const secondary = ids[this.k2 % Math.max(1, ids.length)];
        const n = ids.length;
        if (!primary || !secondary || primary === secondary) {
          this.shown = `no-op: ${n} ${this.object}`;
          return;
        }
        this.shown = `${label(this.object)}#${this.k1 % n} <- ${label(this.object)}#${this.k2 % n}`;
        const res = await asAttioUser(r.sys, "POST", `/objects/${this.object}/records/merge`, {
          data: { primary_record_id: primary, secondary_record_id: secondary },
        });
        if (res.status !== 200) throw new Error(`merge failed: ${JSON.stringify(res.json)}`);
        const newId = (res.json as { data: { new_record_id: string } }).data.new_record_id;
        // The user's earlier edits live on in the merged record where the merge kept them.
        const merged = (await readWorld(r.sys))[this.object].get(newId) as unknown as Record<string, string | string[] | null>;
        r.tracking.userEdits = r.tracking.userEdits.flatMap((e) => {
          if (e.recordId !== primary && e.recordId !== secondary) return [e];
          const v = merged[e.field];
          return (Array.isArray(v) ? v.includes(e.value) : v === e.value) ? [{ ...e, recordId: newId }] : [];
        });
        // A merge sends no record.updated: what the merged record holds is not pulled until it changes.
        r.tracking.pulls = r.tracking.pulls.filter((p) => p.recordId !== primary && p.recordId !== secondary);
        r.tracking.inSync.clear();
      },
      this.plan,
    );
  }
  toString = () =>
    `attioUserMerges(${this.shown ?? `${label(this.object)}#${this.k1} <- ${label(this.object)}#${this.k2}`})${planSuffix(this.plan)}`;
}

const USER_STAGES = ["Contacted", "Qualified", "Won", "Lost", "Prospect"];
const USER_OWNERS = ["ada@leadsync.example", "grace@leadsync.example", "alan@leadsync.example"];

/** An Attio user's operation on the k-th entry of the pipeline list (creation order); a no-op while there is none. */
abstract class OnOneEntry extends OnOneTarget {
  constructor(
    readonly k: number,
    plan: WirePlan,
  ) {
    super(plan);
  }
  protected pick = async (r: Real) => {
    const entries = (await readWorld(r.sys)).entries;
    if (entries.length === 0) return null;
    return { id: entries[this.k % entries.length]!.id, shown: `entry#${this.k % entries.length}` };
  };
  protected entry = () => this.shown ?? `entry#${this.k}`;
}

export class UserEditsEntry extends OnOneEntry {
  constructor(
    k: number,
    readonly field: "stage" | "owner",
    readonly value: string,
    plan: WirePlan,
  ) {
    super(k, plan);
  }
  protected async act(r: Real, entryId: string) {
    const value = this.field === "stage" ? this.value : { workspace_member_email_address: this.value };
    const res = await asAttioUser(r.sys, "PATCH", `/lists/${PIPELINE_LIST}/entries/${entryId}`, {
      data: { entry_values: { [this.field]: [value] } },
    });
    if (res.status !== 200) throw new Error(`entry edit failed: ${JSON.stringify(res.json)}`);
  }
  toString = () => `attioUserSets(${this.entry()}, ${this.field} = ${this.value})${planSuffix(this.plan)}`;
}

export class UserRemovesEntry extends OnOneEntry {
  protected async act(r: Real, entryId: string) {
    await asAttioUser(r.sys, "DELETE", `/lists/${PIPELINE_LIST}/entries/${entryId}`);
  }
  toString = () => `attioUserRemovesFromList(${this.entry()})${planSuffix(this.plan)}`;
}

/** The reconcile pass: reads every synced lead's records and entry and applies what their webhooks would have. */
export class Reconcile implements Cmd {
  private result?: { scanned: number; changed: number };
  check = () => true;
  async run(_m: Model, r: Real) {
    await r.step("reconcile", async () => {
      this.result = await reconcilePass(r.sys);
    });
  }
  toString = () => `reconcilePass(${this.result ? `${this.result.scanned} leads scanned, ${this.result.changed} changed` : ""})`;
}

/** An Attio user's step whose settle kills the inbound worker right after the intake stored its events. */
export class KillAfterIntake implements Cmd {
  private hit?: number;
  constructor(readonly inner: Cmd) {}
  check = () => true;
  async run(m: Model, r: Real) {
    r.killAfterIntake = true;
    r.lastKillHit = undefined;
    await this.inner.run(m, r);
    this.hit = r.lastKillHit;
  }
  toString = () =>
    `killWorkerAfterIntake(${this.inner.toString()}${this.hit === undefined ? "" : `, ${this.hit} rows unapplied at the kill`})`;
}

// ---------------------------------------------------------------------------------------------

const k = fc.nat({ max: 9 });
const object = fc.constantFrom<ObjectSlug>("people", "companies");

/** Mostly on time; sometimes twice, late, stored but never signalled, or lost. */
const fate: fc.Arbitrary<Fate> = fc.oneof(
  { weight: 6, arbitrary: fc.constant("now" as const) },
  { weight: 2, arbitrary: fc.constant("twice" as const) },
  { weight: 2, arbitrary: fc.constant("late" as const) },
  { weight: 1, arbitrary: fc.constant("late-twice" as const) },
  { weight: 1, arbitrary: fc.constant("unsignalled" as const) },
  { weight: 1, arbitrary: fc.constant("lost" as const) },
);
const plan: fc.Arbitrary<WirePlan> = fc.record({
  fates: fc.array(fate, { minLength: 1, maxLength: 3 }),
  order: fc.constantFrom("fifo" as const, "reverse" as const, "shuffle" as const),
  seed: fc.nat(),
});

const mostly = fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
/** Per sequence: the job title pulled, people sent to the pipeline list (each in about two sequences of three). */
export const modelConfigArb: fc.Arbitrary<ModelConfig> = fc.record({ pullJobTitle: mostly, pipeline: mostly });

/** The command arbitraries, repeated to weight them (fc.commands picks uniformly among entries). */
export function modelCommands(opts: { maxCommands: number; kill: boolean; replayPath?: string }) {
  const addLead = leadSpecArb.map((s) => new AddLead(s));
  const importLeads = fc
    .tuple(fc.nat({ max: COMPANIES.length - 1 }), fc.array(leadSpecArb, { minLength: 2, maxLength: 3 }))
    .map(([c, specs]) => new ImportLeads(c, specs));
  const edit = fc.tuple(k, fc.nat({ max: EDITS.length - 1 })).map(([i, e]) => new EditLead(i, e));
  const click = k.map((i) => new Click([i]));
  const clicks = fc.array(k, { minLength: 2, maxLength: 3 }).map((ks) => new Click(ks));
  const pass = fc.integer({ min: 2, max: 6 }).map((c) => new ScheduledPass(c));
  const title = fc.tuple(k, fc.constantFrom(...USER_TITLES), plan).map(([i, t, p]) => new UserEditsRecord("people", i, "jobTitle", t, p));
  const stage = fc.tuple(k, fc.constantFrom(...USER_STAGES), plan).map(([i, s, p]) => new UserEditsEntry(i, "stage", s, p));
  const userArbs: fc.Arbitrary<Cmd>[] = [
    fc.tuple(k, fc.constantFrom(...USER_COMPANY_NAMES), plan).map(([i, n, p]) => new UserEditsRecord("companies", i, "name", n, p)),
    fc.tuple(k, fc.constantFrom(...USER_PERSON_NAMES), plan).map(([i, n, p]) => new UserEditsRecord("people", i, "name", n, p)),
    title,
    title,
    fc.tuple(k, fc.constantFrom(...USER_EMAILS), plan).map(([i, e, p]) => new UserEditsRecord("people", i, "emails", e, p)),
    fc.tuple(object, k, plan).map(([o, i, p]) => new UserDeletesRecord(o, i, p)),
    fc.tuple(object, k, k, plan).map(([o, a, b, p]) => new UserMergesRecords(o, a, b, p)),
    stage,
    stage,
    fc.tuple(k, fc.constantFrom(...USER_OWNERS), plan).map(([i, o, p]) => new UserEditsEntry(i, "owner", o, p)),
    fc.tuple(k, plan).map(([i, p]) => new UserRemovesEntry(i, p)),
  ];
  const arbs: fc.Arbitrary<Cmd>[] = [
    addLead,
    addLead,
    importLeads,
    edit,
    edit,
    edit,
    k.map((i) => new DeleteLead(i)),
    click,
    click,
    click,
    clicks,
    pass,
    pass,
    ...userArbs,
    fc.constant(null).map(() => new Reconcile()),
  ];
  // With kills on, as frequent as clicks: a kill is the step under test there.
  const killMidRun = fc.tuple(k, fc.nat({ max: 4 })).map(([i, w]) => new KillMidRun(i, w));
  const killAfterIntake = fc.oneof(...userArbs).map((c) => new KillAfterIntake(c));
  if (opts.kill) arbs.push(killMidRun, killMidRun, killMidRun, killAfterIntake, killAfterIntake);
  return fc.commands(arbs, { maxCommands: opts.maxCommands, size: "max", ...(opts.replayPath ? { replayPath: opts.replayPath } : {}) });
}
