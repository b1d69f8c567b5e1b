// The body of an Attio webhook delivery: `{webhook_id, events: [...]}`. Events carry ids and the
// actor, never values (docs: /work/shared/attio-api.md section 12); unknown keys are dropped.
import { z } from "zod";

const id = z.string().min(1).max(200);

const eventSchema = z.object({
  event_type: z.string().min(1).max(100),
  id: z
    .object({
      workspace_id: id.optional(),
      object_id: id.optional(),
      record_id: id.optional(),
      list_id: id.optional(),
      entry_id: id.optional(),
      attribute_id: id.optional(),
    })
    .default({}),
  parent_object_id: id.nullish(),
  parent_record_id: id.nullish(),
  duplicate_object_id: id.nullish(),
  duplicate_record_id: id.nullish(),
  actor: z.object({ type: z.string().max(50), id: id.nullish() }).default({ type: "unknown" }),
});

export const deliverySchema = z.object({
  webhook_id: id,
  events: z.array(eventSchema).max(1_000),
});

export type AttioDelivery = z.infer<typeof deliverySchema>;
export type AttioEvent = z.infer<typeof eventSchema>;

/** Record ids an event is about: the record, the original of a merge, the entry's parent. */
export function recordIdsOf(e: AttioEvent): string[] {
  return [e.id.record_id, e.duplicate_record_id, e.parent_record_id].filter((v): v is string => !!v);
}
