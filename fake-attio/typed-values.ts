/**
 * Write and read forms of the attribute types the fake gained for lists and custom attributes:
 * number, date, select, status and (writable, custom) actor-reference. The older types live in
 * values.ts, which hands these over from its parser and its read form.
 *
 * Stored data stays `Record<string, string>` like every other value: a number as its decimal
 * string, a select as `option_id`, a status as `status_id`, expanded on read.
 */
import { parseLocation, parsePhone, readLocation } from "./contact-values";
import { type AttioError, validationError, valueNotFound } from "./errors";
import type { AttributeChoice, AttributeDef } from "./schema";
import { isPlainObject, isUuid } from "./util";

/** values.ts's ValueData (not imported: values.ts imports this module). */
type ValueData = Record<string, string>;

/** Workspace members by email or id, for actor-reference writes (fake-attio/members.ts). */
export interface MemberLookup {
  memberIdByEmail(email: string): string | undefined;
  memberExists(id: string): boolean;
}

/** Ids that make an option or status addressable in API responses. */
export interface ChoiceIds {
  workspace_id: string;
  object_id: string;
  attribute_id: string;
}

function invalid(attr: AttributeDef, detail: string): AttioError {
  return validationError(`Invalid value was passed to attribute with slug "${attr.slug}". ${detail}`);
}

/**
 * A select option or status by title or id, live ones only. Writing an archived or unknown one is
 * a 400 `value_not_found` in the fake (the code is undocumented; "an unknown title is an error"
 * is all docs/attio-api.md section 11 says).
 */
function findChoice(attr: AttributeDef, key: unknown, kind: "option" | "status"): AttributeChoice {
  if (typeof key !== "string" || key.trim() === "") throw invalid(attr, `Expected a ${kind} title or id.`);
  const choices = attr.custom?.choices ?? [];
  const found = choices.find((c) => !c.archived && (c.id === key || c.title === key));
  if (!found) {
    const what = kind === "option" ? "select option" : "status";
    throw valueNotFound(`Cannot find ${what} with title or ID "${key}" for attribute "${attr.slug}".`);
  }
  return found;
}

function parseActor(attr: AttributeDef, item: unknown, members: MemberLookup): ValueData {
  let id: string | undefined;
  if (typeof item === "string") id = members.memberIdByEmail(item.trim().toLowerCase());
  else if (isPlainObject(item) && typeof item.workspace_member_email_address === "string") {
    id = members.memberIdByEmail(item.workspace_member_email_address.trim().toLowerCase());
  } else if (isPlainObject(item) && item.referenced_actor_type === "workspace-member" && isUuid(item.referenced_actor_id)) {
    id = members.memberExists(item.referenced_actor_id) ? item.referenced_actor_id : undefined;
  } else {
    throw invalid(attr, 'Expected a workspace member email, {"workspace_member_email_address": string} or a referenced actor.');
  }
  if (!id) throw valueNotFound(`Cannot find a workspace member for attribute "${attr.slug}".`);
  return { referenced_actor_type: "workspace-member", referenced_actor_id: id };
}

/** Parses one item written to a number, date, select, status, phone, location or custom actor-reference attribute. */
export function parseTypedValue(attr: AttributeDef, item: unknown, members: MemberLookup): ValueData {
  switch (attr.type) {
    case "phone-number":
      return parsePhone(attr, item);
    case "location":
      return parseLocation(attr, item);
    case "number": {
      const v = isPlainObject(item) ? item.value : item;
      // Real Attio may coerce numeric strings (unverified); the fake accepts JSON numbers only.
      if (typeof v !== "number" || !Number.isFinite(v)) throw invalid(attr, 'Expected a number or {"value": number}.');
      return { value: String(v) };
    }
    case "date": {
      const v = isPlainObject(item) ? item.value : item;
      // A full timestamp is cut to its date part (Attio's docs say dates are "YYYY-MM-DD"; cutting is the fake's choice).
      if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(Date.parse(v.slice(0, 10)))) {
        throw invalid(attr, 'Expected a date "YYYY-MM-DD".');
      }
      return { value: v.slice(0, 10) };
    }
    case "select":
      return { option_id: findChoice(attr, isPlainObject(item) ? item.option : item, "option").id };
    case "status":
      return { status_id: findChoice(attr, isPlainObject(item) ? item.status : item, "status").id };
    case "actor-reference":
      if (attr.custom) return parseActor(attr, item, members);
      break;
  }
  throw invalid(attr, "This attribute cannot be written.");
}

export function choiceIds(attr: AttributeDef): ChoiceIds {
  return { workspace_id: attr.custom?.workspaceId ?? "", object_id: attr.custom?.objectId ?? "", attribute_id: attr.id };
}

export function selectOptionToApi(ids: ChoiceIds, c: AttributeChoice): Record<string, unknown> {
  return { id: { ...ids, option_id: c.id }, title: c.title, is_archived: c.archived };
}

export function statusToApi(ids: ChoiceIds, c: AttributeChoice): Record<string, unknown> {
  return {
    id: { ...ids, status_id: c.id },
    title: c.title,
    is_archived: c.archived,
    celebration_enabled: false,
    target_time_in_status: null,
  };
}

/** Type-specific read fields of a stored value (values.ts adds the common keys). */
export function readTypedData(attr: AttributeDef, data: ValueData): Record<string, unknown> {
  if (attr.type === "location") return readLocation(data);
  if (!attr.custom) return data;
  const ids = choiceIds(attr);
  const choice = (id: string) => attr.custom?.choices.find((c) => c.id === id) ?? { id, title: "", archived: true };
  switch (attr.type) {
    case "number":
      return { value: Number(data.value) };
    case "select":
      return { option: selectOptionToApi(ids, choice(data.option_id)) };
    case "status":
      return { status: statusToApi(ids, choice(data.status_id)) };
    default:
      return data;
  }
}
