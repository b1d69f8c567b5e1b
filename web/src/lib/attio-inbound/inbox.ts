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
  // Row by row, no transaction (SQLite's driver adapter shares one connection): the unique
  // (Idempotency-Key, index) makes each insert happen once, so a retry, or a concurrent copy of
  // the message, inserts only what is missing and a failure part-way is completed by Attio's retry.
  const fresh: InboxRowRef[] = [];
  for (const row of rows) {
    try {
      fresh.push(await prisma.attioInboxEvent.create({ data: row, select: { id: true, workflowId: true } }));
    } catch (err) {
      if ((err as { code?: string }).code !== "P2002") throw err;
    }
  }
  await prisma.attioWebhook.updateMany({ where: { id: delivery.webhookId }, data: { lastEventAt: receivedAt } });
  return fresh;
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
