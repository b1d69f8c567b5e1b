/**
 * Attio's own `system` writes after a user's (or a token's) edit (docs/attio-api.md section 12,
 * field reports): a `record.updated` by actor `{type:"system", id:null}` some time after
 * - a person's `email_addresses` changed: on the person's `company` (Attio re-links the company
 *   from the email domain; reported within ~60 ms);
 * - a list entry's `stage` changed: on the entry's parent record (a formula depending on the stage
 *   recomputes; reported ~1 s later).
 * By default the fake changes no data for them: a receiver that reads the record finds nothing
 * new, which is what an echo is. With `relinkCompany` the email echo really re-links: the person's
 * `company` becomes the company whose domain is the new email's root domain, when one exists and
 * differs (a system write; the company's `team` side emits nothing: assumed). The stage echo
 * names the parent's `record_id` attribute (the fake has no formula attribute to name).
 */
import type { WebhookEvent } from "./events";
import type { Store } from "./store";
import { nowTimestamp } from "./util";

export interface EchoSettings {
  enabled: boolean;
  /** Delay of the echo after an email change (ms of fake time). */
  emailRelinkMs: number;
  /** Delay of the echo after a stage change (ms of fake time). */
  stageMs: number;
  /** The email echo re-links the person's company from the email's domain (a real change). */
  relinkCompany: boolean;
}

export const DEFAULT_ECHOES: EchoSettings = { enabled: true, emailRelinkMs: 60, stageMs: 1000, relinkCompany: false };

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
      const event = updated("people", id.record_id, "company");
      out.push({
        delayMs: settings.emailRelinkMs,
        event: () => {
          if (settings.relinkCompany) relinkCompany(store, id.record_id);
          return event();
        },
      });
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

/** Attio's re-link: the company whose domain is the person's first email's root domain. */
function relinkCompany(store: Store, personId: string): void {
  const person = store.all("people").find((r) => r.id === personId);
  const root = person?.values.get("email_addresses")?.[0]?.data.email_root_domain;
  if (!person || !root) return;
  const company = store.all("companies").find((c) => (c.values.get("domains") ?? []).some((d) => d.data.root_domain === root));
  if (!company || person.values.get("company")?.[0]?.data.target_record_id === company.id) return;
  person.values.set("company", [
    {
      data: { target_object: "companies", target_record_id: company.id },
      active_from: nowTimestamp(),
      actor: { type: "system", id: null },
    },
  ]);
}
