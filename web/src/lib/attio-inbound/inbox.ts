// The inbox (AttioInboxEvent) is the truth about what Attio told leadsync: each event is stored
// once under (Idempotency-Key, index) before the delivery is answered, and the per-record workflow
// is signalled afterwards. Rows whose signal did not go out (Temporal down) are signalled by the
// worker's drain (temporal/inbound-drain.ts).
import type { PrismaClient } from "../db";
import type { AttioEvent } from "./delivery";
import { knownObjects, workflowIdFor } from "./workflow-ids";

export interface InboxRowRef {
  id: number;
  workflowId: string;
}

/** Signals (or starts) one per-record workflow with inbox ids; throws when Temporal cannot be reached. */
export type InboxSignaller = (workflowId: string, inboxIds: number[]) => Promise<void>;

/**
 * Stores the delivery's events; a retry of a message already stored adds nothing. Returns the rows
 * this call inserted (to signal now); an event stored earlier is left to the drain.
 */
export async function storeDelivery(
  prisma: PrismaClient,
  delivery: { webhookId: string; deliveryKey: string; events: AttioEvent[]; receivedAt?: Date },
): Promise<InboxRowRef[]> {
  const receivedAt = delivery.receivedAt ?? new Date();
  const objectOf = await knownObjects(prisma, delivery.events);
  const rows = delivery.events.map((e, eventIndex) => ({
    deliveryKey: delivery.deliveryKey,
    eventIndex,
    webhookId: delivery.webhookId,
    eventType: e.event_type,
    objectId: e.id.object_id ?? null,
    recordId: e.id.record_id ?? null,
    listId: e.id.list_id ?? null,
    entryId: e.id.entry_id ?? null,
    attributeId: e.id.attribute_id ?? null,
    parentObjectId: e.parent_object_id ?? null,
    parentRecordId: e.parent_record_id ?? null,
    duplicateRecordId: e.duplicate_record_id ?? null,
    actorType: e.actor.type,
    actorId: e.actor.id ?? null,
    workflowId: workflowIdFor(e, objectOf),
    receivedAt,
  }));
  if (rows.length === 0) return [];
  return insertNew(prisma, delivery.webhookId, delivery.deliveryKey, rows, receivedAt).catch((err: unknown) => {
    // A concurrent retry of the same message stored it first: this one is the no-op.
    if ((err as { code?: string }).code === "P2002") return [];
    throw err;
  });
}

type InboxRow = Parameters<PrismaClient["attioInboxEvent"]["create"]>[0]["data"] & { eventIndex: number; workflowId: string };

function insertNew(
  prisma: PrismaClient,
  webhookId: string,
  deliveryKey: string,
  rows: InboxRow[],
  receivedAt: Date,
): Promise<InboxRowRef[]> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.attioInboxEvent.findMany({ where: { deliveryKey }, select: { eventIndex: true } });
    const known = new Set(before.map((r) => r.eventIndex));
    const fresh = rows.filter((r) => !known.has(r.eventIndex));
    // One row at a time: createMany's skipDuplicates is not on SQLite, and a concurrent retry of
    // the same message then loses on the unique key (P2002) instead of inserting twice.
    const out: InboxRowRef[] = [];
    for (const row of fresh) {
      const created = await tx.attioInboxEvent.create({ data: row, select: { id: true, workflowId: true } });
      out.push(created);
    }
    await tx.attioWebhook.updateMany({ where: { id: webhookId }, data: { lastEventAt: receivedAt } });
    return out;
  });
}

/** Signals each row's workflow once per workflow and stamps `signalledAt`; returns the rows signalled. */
export async function signalInboxRows(prisma: PrismaClient, signal: InboxSignaller, rows: InboxRowRef[]): Promise<number> {
  const byWorkflow = new Map<string, number[]>();
  for (const r of rows) byWorkflow.set(r.workflowId, [...(byWorkflow.get(r.workflowId) ?? []), r.id]);
  let done = 0;
  for (const [workflowId, ids] of byWorkflow) {
    await signal(workflowId, ids);
    await prisma.attioInboxEvent.updateMany({ where: { id: { in: ids } }, data: { signalledAt: new Date() } });
    done += ids.length;
  }
  return done;
}

/** How long a signalled row may stay unapplied before the drain signals it again (its run may have ended meanwhile). */
export const RESIGNAL_AFTER_MS = 2 * 60_000;

/** Rows the drain signals: never signalled, or signalled long ago and still not applied. */
export async function rowsToDrain(prisma: PrismaClient, limit: number, now = new Date()): Promise<InboxRowRef[]> {
  return prisma.attioInboxEvent.findMany({
    where: {
      OR: [{ signalledAt: null }, { outcome: null, signalledAt: { lt: new Date(now.getTime() - RESIGNAL_AFTER_MS) } }],
    },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, workflowId: true },
  });
}
