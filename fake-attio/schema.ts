/**
 * The two standard objects the project uses, with the attributes from docs/attio-api.md section 4 plus the
 * system attributes every real record carries (`record_id`, `created_at`, `created_by`).
 * Ids are random per server instance (real workspaces have their own ids too), so clients must
 * address objects/attributes by slug or by the ids the fake hands out.
 */
import { uuid } from "./util";

export type ObjectSlug = "people" | "companies";
export type AttributeType =
  | "text"
  | "personal-name"
  | "email-address"
  | "domain"
  | "record-reference"
  | "timestamp"
  | "actor-reference"
  // Types of attributes created through the API and of list attributes (fake-attio/typed-values.ts).
  | "number"
  | "date"
  | "select"
  | "status"
  // Standard contact attributes (fake-attio/contact-values.ts).
  | "phone-number"
  | "location";

export interface CustomAttribute {
  title: string;
  createdAt: string;
  archived: boolean;
  /** Ids of the workspace and of the object or list holding the attribute (for API ids). */
  workspaceId: string;
  objectId: string;
  choices: AttributeChoice[];
}

/** A select option or a status of a custom attribute (fake-attio/attributes.ts). */
export interface AttributeChoice {
  id: string;
  title: string;
  archived: boolean;
}

export interface AttributeDef {
  id: string;
  slug: string;
  type: AttributeType;
  multi: boolean;
  unique: boolean;
  /** Read-only, managed by Attio. */
  system: boolean;
  /** record-reference only. */
  target?: ObjectSlug;
  /** Relationship pair (person.company <-> company.team): writing one side updates the other. */
  inverse?: string;
  /** Attributes created through the API or listed on a list (fake-attio/attributes.ts). */
  custom?: CustomAttribute;
}

export interface ObjectDef {
  id: string;
  slug: ObjectSlug;
  /** Singular noun used in web_url (`/person/<id>`, `/company/<id>`). */
  noun: "person" | "company";
  attributes: AttributeDef[];
}

export type Schema = Record<ObjectSlug, ObjectDef>;

function attr(slug: string, type: AttributeType, extra: Partial<AttributeDef> = {}): AttributeDef {
  return { id: uuid(), slug, type, multi: false, unique: false, system: false, ...extra };
}

function systemAttributes(): AttributeDef[] {
  return [
    attr("record_id", "text", { system: true }),
    attr("created_at", "timestamp", { system: true }),
    attr("created_by", "actor-reference", { system: true }),
  ];
}

/** Social handles/URLs Attio keeps as text on people and companies (linkedin is listed per object). */
function socialLinks(): AttributeDef[] {
  return ["twitter", "facebook", "instagram", "angellist"].map((slug) => attr(slug, "text"));
}

export function buildSchema(): Schema {
  return {
    people: {
      id: uuid(),
      slug: "people",
      noun: "person",
      attributes: [
        ...systemAttributes(),
        attr("name", "personal-name"),
        attr("email_addresses", "email-address", { multi: true, unique: true }),
        attr("description", "text"),
        attr("job_title", "text"),
        attr("linkedin", "text"),
        attr("company", "record-reference", { target: "companies", inverse: "team" }),
        attr("phone_numbers", "phone-number", { multi: true }),
        attr("primary_location", "location"),
        ...socialLinks(),
      ],
    },
    companies: {
      id: uuid(),
      slug: "companies",
      noun: "company",
      attributes: [
        ...systemAttributes(),
        attr("name", "text"),
        attr("domains", "domain", { multi: true, unique: true }),
        attr("description", "text"),
        attr("team", "record-reference", { multi: true, target: "people", inverse: "company" }),
        attr("primary_location", "location"),
        attr("foundation_date", "date"),
        attr("linkedin", "text"),
        ...socialLinks(),
      ],
    },
  };
}

/** `{object}` in a path is a slug or the object's UUID (docs/attio-api.md section 1). */
export function findObject(schema: Schema, slugOrId: string): ObjectDef | undefined {
  return Object.values(schema).find((o) => o.slug === slugOrId || o.id === slugOrId);
}

/** Attribute keys in `values`, filters and `matching_attribute` may be slugs or attribute ids. */
export function findAttribute(obj: ObjectDef, slugOrId: string): AttributeDef | undefined {
  return obj.attributes.find((a) => a.slug === slugOrId || a.id === slugOrId);
}

export function getAttribute(obj: ObjectDef, slug: string): AttributeDef {
  const a = findAttribute(obj, slug);
  if (!a) throw new Error(`fake-attio: no attribute ${slug} on ${obj.slug}`);
  return a;
}

/** Main property compared by filter shorthand and used as a value's identity. */
export const MAIN_PROPERTY: Record<AttributeType, string> = {
  text: "value",
  "personal-name": "full_name",
  "email-address": "email_address",
  domain: "domain",
  "record-reference": "target_record_id",
  timestamp: "value",
  "actor-reference": "referenced_actor_id",
  number: "value",
  date: "value",
  select: "option_id",
  status: "status_id",
  "phone-number": "phone_number",
  // Assumed: Attio documents no shorthand for locations.
  location: "locality",
};

/** Filterable properties per type (docs/attio-api.md section 4). */
export const PROPERTIES: Record<AttributeType, string[]> = {
  text: ["value"],
  "personal-name": ["first_name", "last_name", "full_name"],
  "email-address": ["email_address", "original_email_address", "email_domain", "email_root_domain", "email_local_specifier"],
  domain: ["domain", "root_domain"],
  "record-reference": ["target_object", "target_record_id"],
  timestamp: ["value"],
  "actor-reference": ["referenced_actor_type", "referenced_actor_id"],
  number: ["value"],
  date: ["value"],
  select: ["option_id"],
  status: ["status_id"],
  "phone-number": ["original_phone_number", "country_code", "phone_number"],
  location: ["line_1", "line_2", "line_3", "line_4", "locality", "region", "postcode", "country_code", "latitude", "longitude"],
};
