// Every database write of two-way sync goes through here: the inbox rows' outcomes, the echo
// guard (AttioRecordState), and what Attio's side changed on leads (ids after a merge or delete,
// stage and owner, pulled values). One module, so the run-state owner (issue 19) can fold it in.
import type { PersonTrackedValues } from "../attio/tracked-values";
import type { PrismaClient } from "../db";
import { leadWithEvidence } from "../leads/lead-with-evidence";
import { snapshotHash, toLeadSnapshot } from "../note/snapshot";
import { type InboundOutcome, markInboundApplied } from "../sync/run-state";

export type InboxOutcome = InboundOutcome;
export type RecordObject = "people" | "companies";

/**
 * Stamps rows not stamped yet (a retried apply leaves the first attempt's outcome alone), through
 * the run-state owner, which also moves the lead's `attioInboundAt` for an applied change.
 */
export function stampInbox(
  prisma: PrismaClient,
  ids: number[],
  outcome: InboxOutcome,
  detail: string,
  leadId: number | null = null,
): Promise<number> {
  return markInboundApplied(prisma, { inboxIds: ids, outcome, detail: detail.slice(0, 1_000), leadId, appliedAt: new Date() });
}

// ------------------------------------------------------------------ echo guard

export async function readRecordState(prisma: PrismaClient, recordId: string): Promise<PersonTrackedValues | null> {
  const row = await prisma.attioRecordState.findUnique({ where: { recordId } });
  if (!row) return null;
  try {
    return JSON.parse(row.values) as PersonTrackedValues;
  } catch {
    return null;
  }
}

/** What leadsync last wrote to (a sync) or read from (an inbound apply) the record. */
export async function writeRecordState(prisma: PrismaClient, object: RecordObject, recordId: string, values: PersonTrackedValues) {
  const json = JSON.stringify(values);
  await prisma.attioRecordState.upsert({
    where: { recordId },
    create: { recordId, object, values: json },
    update: { object, values: json },
  });
}

// ------------------------------------------------------------------ merges and deletions

const idColumns = {
  people: { id: "attioPersonId", url: "attioPersonUrl" },
  companies: { id: "attioCompanyId", url: "attioCompanyUrl" },
} as const;

/**
 * A merge: every lead, claim and echo state pointing at the original points at the survivor.
 * Returns the leads re-pointed.
 */
export async function repointMergedRecord(
  prisma: PrismaClient,
  object: RecordObject,
  original: string,
  survivor: { id: string; webUrl: string | null },
): Promise<number[]> {
  const col = idColumns[object];
  const leads = await prisma.lead.findMany({ where: { [col.id]: original }, select: { id: true } });
  const now = new Date();
  await prisma.$transaction([
    prisma.lead.updateMany({
      where: { [col.id]: original },
      data: { [col.id]: survivor.id, [col.url]: survivor.webUrl, attioInboundAt: now },
    }),
    prisma.attioRecordClaim.updateMany({ where: { recordId: original }, data: { recordId: survivor.id } }),
    prisma.attioRecordState.deleteMany({ where: { recordId: original } }),
  ]);
  return leads.map((l) => l.id);
}

/** A deletion: leads keep their data, drop the stale id and say "deleted in Attio". Returns the leads. */
export async function markRecordDeleted(prisma: PrismaClient, object: RecordObject, recordId: string): Promise<number[]> {
  const col = idColumns[object];
  const leads = await prisma.lead.findMany({ where: { [col.id]: recordId }, select: { id: true } });
  const now = new Date();
  const key = object === "people" ? "attioPersonKey" : "attioCompanyKey";
  await prisma.$transaction([
    prisma.lead.updateMany({
      where: { [col.id]: recordId },
      data: {
        [col.id]: null,
        [col.url]: null,
        [key]: null,
        attioDeletedAt: now,
        attioDeletedKind: object === "people" ? "person" : "company",
        attioInboundAt: now,
        ...(object === "people" ? { attioEntryId: null, attioStage: null, attioEntryOwner: null } : {}),
      },
    }),
    prisma.attioRecordClaim.deleteMany({ where: { recordId } }),
    prisma.attioRecordState.deleteMany({ where: { recordId } }),
  ]);
  return leads.map((l) => l.id);
}

// ------------------------------------------------------------------ list entries

export interface EntryOnLead {
  entryId: string;
  stage: string | null;
  owner: string | null;
  /** Set when the stage pauses scheduled re-syncs. */
  pauseReason: string | null;
}

/**
 * The entry's stage and owner onto the leads (null entry: removed from the list). Returns the
 * leads that changed. `bySync`: the sync's own entry write, not an Attio-side change, so the
 * lead's "last Attio-side change" stays.
 */
export async function applyEntryToLeads(
  prisma: PrismaClient,
  leadIds: number[],
  entry: EntryOnLead | null,
  opts: { bySync?: boolean } = {},
): Promise<number> {
  if (leadIds.length === 0) return 0;
  let changed = 0;
  const now = new Date();
  const leads = await prisma.lead.findMany({
    where: { id: { in: leadIds } },
    select: {
      id: true,
      attioResyncPausedAt: true,
      attioEntryId: true,
      attioStage: true,
      attioEntryOwner: true,
      attioResyncPausedReason: true,
    },
  });
  for (const lead of leads) {
    // Unchanged (a reconcile pass re-reading the entry): the lead's "last Attio-side change" stays.
    const same =
      lead.attioEntryId === (entry?.entryId ?? null) &&
      lead.attioStage === (entry?.stage ?? null) &&
      lead.attioEntryOwner === (entry?.owner ?? null) &&
      lead.attioResyncPausedReason === (entry?.pauseReason ?? null);
    if (same) continue;
    changed++;
    await prisma.lead.update({
      where: { id: lead.id },
      data: {
        attioEntryId: entry?.entryId ?? null,
        attioStage: entry?.stage ?? null,
        attioEntryOwner: entry?.owner ?? null,
        attioResyncPausedAt: entry?.pauseReason ? (lead.attioResyncPausedAt ?? now) : null,
        attioResyncPausedReason: entry?.pauseReason ?? null,
        ...(opts.bySync ? {} : { attioInboundAt: now }),
      },
    });
  }
  return changed;
}

// ------------------------------------------------------------------ pulled values

export type LeadPullColumns = Partial<{ name: string; role: string; linkedinUrl: string }>;

/**
 * Writes pulled values into the lead. When the lead was in step with its last sync, the stored
 * snapshot hash moves with it, as if the value had been synced: no re-sync pushes it back.
 */
export async function applyPulledValues(prisma: PrismaClient, leadId: number, columns: LeadPullColumns): Promise<void> {
  // One update, no interactive transaction (SQLite's driver adapter shares one connection); the
  // per-record workflow is the only writer of pulled values, and a sync's hash write wins anyway.
  const before = await prisma.lead.findUnique({ where: { id: leadId }, include: leadWithEvidence });
  if (!before) return;
  const inStep = !!before.attioSnapshotHash && snapshotHash(toLeadSnapshot(before)) === before.attioSnapshotHash;
  const hash = inStep ? { attioSnapshotHash: snapshotHash(toLeadSnapshot({ ...before, ...columns })) } : {};
  await prisma.lead.updateMany({ where: { id: leadId }, data: { ...columns, ...hash, attioInboundAt: new Date() } });
}

/** Leads stored against a record. */
export async function leadsOfRecord(prisma: PrismaClient, object: RecordObject, recordId: string) {
  return prisma.lead.findMany({
    where: { [idColumns[object].id]: recordId },
    select: { id: true, name: true, role: true, linkedinUrl: true, updatedAt: true, attioEntryId: true },
    orderBy: { id: "asc" },
  });
}
