/**
 * Attio's own `system` writes after a user's (or a token's) edit (docs/attio-api.md section 12,
 * field reports): a `record.updated` by actor `{type:"system", id:null}` some time after
 * - a person's `email_addresses` changed: on the person's `company` (Attio re-links the company
 *   from the email domain; reported within ~60 ms);
 * - a list entry's `stage` changed: on the entry's parent record (a formula depending on the stage
 *   recomputes; reported ~1 s later).
 * The fake changes no data for them (it has no formulas and links companies only at creation, see
 * store.ts): a receiver that reads the record finds nothing new, which is what an echo is. The
 * stage echo names the parent's `record_id` attribute (the fake has no formula attribute to name).
 */
import type { WebhookEvent } from "./events";
import type { Store } from "./store";

export interface EchoSettings {
  enabled: boolean;
  /** Delay of the echo after an email change (ms of fake time). */
  emailRelinkMs: number;
  /** Delay of the echo after a stage change (ms of fake time). */
  stageMs: number;
}

export const DEFAULT_ECHOES: EchoSettings = { enabled: true, emailRelinkMs: 60, stageMs: 1000 };

export interface Echo {
  delayMs: number;
  /** Built when due: null when the record is gone by then. */
  event: () => WebhookEvent | null;
}

/** The system echoes a batch of events causes (none for events that are echoes themselves). */
export function echoesOf(store: Store, events: WebhookEvent[], settings: EchoSettings): Echo[] {
  if (!settings.enabled) return [];
  const out: Echo[] = [];
  const people = store.schema.people;
  const emailAttr = people.attributes.find((a) => a.slug === "email_addresses")?.id;
  const updated = (objectSlug: "people" | "companies", recordId: string, attrSlug: string) => () => {
    const obj = store.schema[objectSlug];
    if (!store.all(objectSlug).some((r) => r.id === recordId)) return null;
    const attribute_id = obj.attributes.find((a) => a.slug === attrSlug)?.id;
    return {
      event_type: "record.updated",
      id: { workspace_id: store.crm.workspaceId, object_id: obj.id, record_id: recordId, attribute_id },
      actor: { type: "system", id: null },
    } as WebhookEvent;
  };
  for (const e of events) {
    if (e.actor.type === "system") continue;
    const id = e.id as Record<string, string>;
    if (e.event_type === "record.updated" && id.object_id === people.id && id.attribute_id === emailAttr) {
      out.push({ delayMs: settings.emailRelinkMs, event: updated("people", id.record_id, "company") });
    }
    if (e.event_type === "list-entry.updated") {
      const list = store.crm.lists.find((l) => l.id === id.list_id);
      const stage = list?.attributes.find((a) => a.slug === "stage")?.id;
      const parentObject = store.schema.people.id === e.parent_object_id ? "people" : "companies";
      if (stage && id.attribute_id === stage) {
        out.push({ delayMs: settings.stageMs, event: updated(parentObject, e.parent_record_id as string, "record_id") });
      }
    }
  }
  return out;
}
