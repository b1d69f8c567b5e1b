// Which per-record workflow an inbound event belongs to. Attio names objects by uuid in events;
// the records leadsync knows (stored on leads, or in AttioRecordState) say whether it is a person
// or a company. A merge's two events both name the survivor, so they meet in one workflow.
import type { PrismaClient } from "../db";
import { attioRecordWorkflowId, type AttioEventsObject } from "../temporal/contract";
import { type AttioEvent, recordIdsOf } from "./delivery";

export type ObjectOfRecord = (recordId: string) => "people" | "companies" | null;

/** Looks up, in one round of queries, the object of every record the events name. */
export async function knownObjects(prisma: PrismaClient, events: AttioEvent[]): Promise<ObjectOfRecord> {
  const ids = [...new Set(events.flatMap(recordIdsOf))];
  const map = new Map<string, "people" | "companies">();
  if (ids.length) {
    const [leads, states] = await Promise.all([
      prisma.lead.findMany({
        where: { OR: [{ attioPersonId: { in: ids } }, { attioCompanyId: { in: ids } }] },
        select: { attioPersonId: true, attioCompanyId: true },
      }),
      prisma.attioRecordState.findMany({ where: { recordId: { in: ids } }, select: { recordId: true, object: true } }),
    ]);
    for (const s of states) if (s.object === "people" || s.object === "companies") map.set(s.recordId, s.object);
    for (const l of leads) {
      if (l.attioPersonId) map.set(l.attioPersonId, "people");
      if (l.attioCompanyId) map.set(l.attioCompanyId, "companies");
    }
  }
  return (recordId) => map.get(recordId) ?? null;
}

/** The event's workflow id: its record's (an entry's parent's), else the entry's own. */
export function workflowIdFor(e: AttioEvent, objectOf: ObjectOfRecord): string {
  const slug = (objectId: string | null | undefined, ...recordIds: (string | null | undefined)[]): AttioEventsObject => {
    if (objectId === "people" || objectId === "companies") return objectId;
    for (const r of recordIds) {
      const known = r ? objectOf(r) : null;
      if (known) return known;
    }
    return "records";
  };
  if (e.event_type.startsWith("list-entry.")) {
    if (e.parent_record_id) return attioRecordWorkflowId(slug(e.parent_object_id, e.parent_record_id), e.parent_record_id);
    return attioRecordWorkflowId("entries", e.id.entry_id ?? "unknown");
  }
  const recordId = e.id.record_id ?? "unknown";
  return attioRecordWorkflowId(slug(e.id.object_id, recordId, e.duplicate_record_id), recordId);
}
