/**
 * Attribute definitions over the API (docs/attio-api.md section 11): list the attributes of an
 * object or a list, create number/text/select/date/actor-reference attributes (and status on lists),
 * and the select options and statuses of an attribute.
 *
 * A target is an object (people, companies) or a list: anything with an id and attributes.
 */
import { AttioError, notFound, validationError, type ValidationIssue } from "./errors";
import type { AttributeChoice, AttributeDef, AttributeType } from "./schema";
import { choiceIds, selectOptionToApi, statusToApi } from "./typed-values";
import { isPlainObject, nowTimestamp, uuid } from "./util";

export interface AttributeTarget {
  kind: "objects" | "lists";
  id: string;
  attributes: AttributeDef[];
  createdAt: string;
}

/** What the fake can create; Attio has more types (currency, rating, location...), not needed here. */
const CREATABLE: AttributeType[] = ["text", "number", "select", "date", "actor-reference", "status"];

const title = (slug: string) => slug.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

export function attributeToApi(workspaceId: string, target: AttributeTarget, a: AttributeDef): Record<string, unknown> {
  return {
    id: { workspace_id: workspaceId, object_id: target.id, attribute_id: a.id },
    title: a.custom?.title ?? title(a.slug),
    description: null,
    api_slug: a.slug,
    type: a.type,
    is_system_attribute: !a.custom,
    is_writable: !a.system,
    is_required: false,
    is_unique: a.unique,
    is_multiselect: a.multi,
    is_default_value_enabled: false,
    is_archived: a.custom?.archived ?? false,
    default_value: null,
    relationship: null,
    created_at: a.custom?.createdAt ?? target.createdAt,
    config: {
      currency: { default_currency_code: null, display_type: null },
      record_reference: { allowed_object_ids: a.target ? [] : null },
    },
  };
}

/** Archived attributes are listed only with `show_archived=true` (documented query parameter). */
export function listAttributes(workspaceId: string, target: AttributeTarget, showArchived: boolean): Record<string, unknown>[] {
  return target.attributes.filter((a) => showArchived || !a.custom?.archived).map((a) => attributeToApi(workspaceId, target, a));
}

export function findTargetAttribute(target: AttributeTarget, slugOrId: string): AttributeDef {
  const a = target.attributes.find((x) => x.slug === slugOrId || x.id === slugOrId);
  if (!a) throw notFound(`Attribute with slug/ID "${slugOrId}" not found.`);
  return a;
}

function required(data: Record<string, unknown>, key: string, kind: "string" | "boolean" | "object", issues: ValidationIssue[]): void {
  const v = data[key];
  const okType = kind === "object" ? isPlainObject(v) : typeof v === kind;
  if (!okType) {
    issues.push({ code: "invalid_type", path: ["data", key], message: v === undefined ? "Required" : `Expected ${kind}`, expected: kind });
  }
}

/**
 * `POST /v2/{objects|lists}/{id}/attributes`. Every documented required key must be present
 * (`config` too, even empty: section 11). A slug already used on the target is a 409
 * `slug_conflict` (documented response; the message wording is the fake's).
 */
export function createAttribute(workspaceId: string, target: AttributeTarget, body: unknown): AttributeDef {
  const data = isPlainObject(body) ? body.data : undefined;
  if (!isPlainObject(data)) {
    throw validationError("Body payload validation error.", [{ code: "invalid_type", path: ["data"], message: "Required" }]);
  }
  const issues: ValidationIssue[] = [];
  required(data, "title", "string", issues);
  required(data, "api_slug", "string", issues);
  required(data, "type", "string", issues);
  for (const k of ["is_required", "is_unique", "is_multiselect"]) required(data, k, "boolean", issues);
  required(data, "config", "object", issues);
  if (!("description" in data) || (data.description !== null && typeof data.description !== "string")) {
    issues.push({ code: "invalid_type", path: ["data", "description"], message: "Required (string or null)" });
  }
  if (typeof data.api_slug === "string" && !/^[a-z][a-z0-9_]*$/.test(data.api_slug)) {
    issues.push({ code: "invalid_string", path: ["data", "api_slug"], message: "Must be snake_case" });
  }
  if (issues.length) throw validationError(`Body payload validation error: ${issues.map((i) => i.path.join(".")).join(", ")}.`, issues);
  const type = data.type as AttributeType;
  if (!CREATABLE.includes(type)) {
    throw validationError(`The fake Attio server cannot create attributes of type "${String(data.type)}".`);
  }
  if (type === "status" && target.kind === "objects") {
    // Documented: "Attributes of type status are not supported on objects."
    throw validationError('Attributes of type "status" are not supported on objects.');
  }
  const slug = data.api_slug as string;
  if (target.attributes.some((a) => a.slug === slug)) {
    throw new AttioError(409, "invalid_request_error", "slug_conflict", `An attribute with api_slug "${slug}" already exists.`);
  }
  const attr: AttributeDef = {
    id: uuid(),
    slug,
    type,
    multi: data.is_multiselect === true && type === "select",
    unique: false,
    system: false,
    custom: { title: data.title as string, createdAt: nowTimestamp(), archived: false, workspaceId, objectId: target.id, choices: [] },
  };
  target.attributes.push(attr);
  return attr;
}

function choicesOf(attr: AttributeDef, type: "select" | "status"): AttributeChoice[] {
  if (attr.type !== type || !attr.custom) {
    throw notFound(`Attribute "${attr.slug}" is not a ${type} attribute.`);
  }
  return attr.custom.choices;
}

export function listChoices(attr: AttributeDef, type: "select" | "status", showArchived: boolean): Record<string, unknown>[] {
  const toApi = type === "select" ? selectOptionToApi : statusToApi;
  return choicesOf(attr, type)
    .filter((c) => showArchived || !c.archived)
    .map((c) => toApi(choiceIds(attr), c));
}

/** `POST …/options` or `…/statuses`: a title already used is a 409 `slug_conflict` (wording the fake's). */
export function createChoice(attr: AttributeDef, type: "select" | "status", body: unknown): Record<string, unknown> {
  const choices = choicesOf(attr, type);
  const t = isPlainObject(body) && isPlainObject(body.data) ? body.data.title : undefined;
  if (typeof t !== "string" || t.length === 0) {
    throw validationError("Body payload validation error.", [{ code: "invalid_type", path: ["data", "title"], message: "Required" }]);
  }
  if (choices.some((c) => c.title === t)) {
    throw new AttioError(
      409,
      "invalid_request_error",
      "slug_conflict",
      `A ${type === "select" ? "select option" : "status"} titled "${t}" already exists.`,
    );
  }
  const c: AttributeChoice = { id: uuid(), title: t, archived: false };
  choices.push(c);
  return (type === "select" ? selectOptionToApi : statusToApi)(choiceIds(attr), c);
}
