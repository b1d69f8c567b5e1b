/**
 * Attribute values: write-form normalisation/validation (docs/attio-api.md section 4 "Write forms") and
 * the read value objects (section 3.1 common keys + section 4 "Read value objects").
 *
 * A stored value keeps only its type-specific fields (`data`) plus who/when; the common keys
 * (`active_from`, `active_until`, `created_by_actor`, `attribute_type`) are added on read.
 */
import { AttioError, validationError, valueNotFound, type ValidationIssue } from "./errors";
import { findAttribute, findObject, type AttributeDef, type AttributeType, type ObjectDef, type ObjectSlug, type Schema } from "./schema";
import { emailParts, normalizeDomain, normalizeEmail, rootDomain } from "./email-domain";
import { parseTypedValue, readTypedData, type MemberLookup } from "./typed-values";
import { isPlainObject, isUuid } from "./util";

/** Who made a change (docs/attio-api.md section 12): a token, a person in Attio's UI, or Attio itself (id null). */
export type Actor = { type: "api-token" | "workspace-member"; id: string } | { type: "system"; id: null };

export type ValueData = Record<string, string>;

export interface StoredValue {
  data: ValueData;
  active_from: string;
  actor: Actor;
}

/** Lookups the parser needs to resolve record references (targets must exist, section 4). */
export interface ReferenceResolver extends MemberLookup {
  exists(object: ObjectSlug, recordId: string): boolean;
  /** Records of `object` holding `key` (normalised) in unique attribute `attrSlug`. */
  findByUnique(object: ObjectSlug, attrSlug: string, key: string): string[];
}

// ---------------------------------------------------------------------------------------------
// Write parsing

function invalidValue(attr: AttributeDef, detail: string, issues?: ValidationIssue[]): AttioError {
  return validationError(`Invalid value was passed to attribute with slug "${attr.slug}". ${detail}`, issues);
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function parseText(attr: AttributeDef, item: unknown): ValueData {
  const v = isPlainObject(item) ? item.value : item;
  if (typeof v !== "string") {
    throw invalidValue(attr, 'Expected a string or {"value": string}.', [
      { code: "invalid_type", path: ["value"], message: "Expected string", expected: "string", received: typeName(v) },
    ]);
  }
  if (Buffer.byteLength(v) > 10 * 1024 * 1024) throw invalidValue(attr, "Text values are limited to 10MB.");
  return { value: v };
}

/** `"Lovelace, Ada"`: text before the first comma is the last name; no comma means all first name. */
function parseNameString(attr: AttributeDef, s: string): ValueData {
  const trimmed = s.trim();
  if (!trimmed) throw invalidValue(attr, "A name string must not be empty.");
  const comma = trimmed.indexOf(",");
  if (comma === -1) return { first_name: trimmed, last_name: "", full_name: trimmed };
  const last = trimmed.slice(0, comma).trim();
  const first = trimmed.slice(comma + 1).trim();
  return { first_name: first, last_name: last, full_name: [first, last].filter(Boolean).join(" ") };
}

function parsePersonalName(attr: AttributeDef, item: unknown): ValueData {
  if (typeof item === "string") return parseNameString(attr, item);
  if (!isPlainObject(item)) throw invalidValue(attr, "Expected a personal-name object or a string.");
  // The fake requires all three keys (docs/attio-api.md section 4); real Attio was only *observed*
  // rejecting a missing full_name, so this is at least as strict as reality.
  const issues: ValidationIssue[] = [];
  for (const key of ["first_name", "last_name", "full_name"]) {
    if (typeof item[key] !== "string") {
      issues.push({
        code: "invalid_type",
        path: [key],
        message: item[key] === undefined ? "Required" : "Expected string",
        expected: "string",
        received: typeName(item[key]),
      });
    }
  }
  if (issues.length) throw invalidValue(attr, "Personal names need first_name, last_name and full_name.", issues);
  return { first_name: item.first_name as string, last_name: item.last_name as string, full_name: item.full_name as string };
}

function parseEmail(attr: AttributeDef, item: unknown): ValueData {
  const raw = isPlainObject(item) ? item.email_address : item;
  if (typeof raw !== "string") throw invalidValue(attr, 'Expected an email address string or {"email_address": string}.');
  const email = normalizeEmail(raw);
  if (!email) throw invalidValue(attr, `"${raw}" is not a valid email address.`);
  return { ...emailParts(email), original_email_address: raw.trim() };
}

function parseDomain(attr: AttributeDef, item: unknown): ValueData {
  const raw = isPlainObject(item) ? item.domain : item;
  if (typeof raw !== "string") throw invalidValue(attr, 'Expected a domain string or {"domain": string}.');
  const domain = normalizeDomain(raw);
  if (!domain) throw invalidValue(attr, `"${raw}" is not a valid domain.`);
  return { domain, root_domain: rootDomain(domain) };
}

/** Unique attribute used by the by-value reference forms (and the bare-string form) per target. */
const TARGET_UNIQUE: Record<ObjectSlug, { slug: string; normalize: (s: string) => string | null; prop: string }> = {
  companies: { slug: "domains", normalize: normalizeDomain, prop: "domain" },
  people: { slug: "email_addresses", normalize: normalizeEmail, prop: "email_address" },
};

function parseReference(attr: AttributeDef, item: unknown, schema: Schema, resolver: ReferenceResolver): ValueData {
  const target = attr.target as ObjectSlug;
  const unique = TARGET_UNIQUE[target];
  let candidates: string[] | undefined;
  let describe = "";

  if (typeof item === "string") {
    // Bare string: a domain for company targets, an email for person targets (section 4).
    const key = unique.normalize(item);
    if (!key) throw invalidValue(attr, `"${item}" is not a valid ${unique.prop.replace("_", " ")}.`);
    candidates = resolver.findByUnique(target, unique.slug, key);
    describe = `${unique.slug} "${key}"`;
  } else if (isPlainObject(item)) {
    const targetObject = typeof item.target_object === "string" ? findObject(schema, item.target_object) : undefined;
    if (!targetObject || targetObject.slug !== target) {
      throw invalidValue(attr, `target_object must be "${target}".`, [
        { code: "invalid_value", path: ["target_object"], message: `Expected "${target}"` },
      ]);
    }
    if ("target_record_reference" in item) {
      // Newer docs describe a create-if-missing form; its details are unverified, so the fake refuses it loudly.
      throw invalidValue(attr, "target_record_reference is not supported by the fake Attio server.");
    }
    if ("target_record_id" in item) {
      if (!isUuid(item.target_record_id)) throw invalidValue(attr, "target_record_id must be a UUID.");
      candidates = resolver.exists(target, item.target_record_id) ? [item.target_record_id] : [];
      describe = `ID "${item.target_record_id}"`;
    } else {
      const matchKeys = Object.keys(item).filter((k) => k !== "target_object");
      if (matchKeys.length !== 1) throw invalidValue(attr, "Provide target_record_id or exactly one matching attribute.");
      const targetAttr = findAttribute(targetObject, matchKeys[0]);
      if (!targetAttr || targetAttr.slug !== unique.slug) {
        throw invalidValue(attr, `Records of "${target}" can only be matched by "${unique.slug}" in the fake.`);
      }
      const raw = item[matchKeys[0]];
      const list = Array.isArray(raw) ? raw : [raw];
      const ids = new Set<string>();
      for (const v of list) {
        const s = isPlainObject(v) ? v[unique.prop] : v;
        const key = typeof s === "string" ? unique.normalize(s) : null;
        if (!key) throw invalidValue(attr, `Invalid ${unique.prop} in record reference.`);
        for (const id of resolver.findByUnique(target, unique.slug, key)) ids.add(id);
        describe = `${unique.slug} "${key}"`;
      }
      candidates = [...ids];
    }
  } else {
    throw invalidValue(attr, "Expected a record reference object.");
  }

  // The by-id and by-value forms "fail if they do not find exactly one record"
  // (docs.attio.com linking-referenced-records); the error code is unverified.
  if (candidates.length !== 1) {
    throw valueNotFound(
      candidates.length === 0
        ? `Could not find a record in "${target}" with ${describe} for attribute "${attr.slug}".`
        : `More than one record in "${target}" matches ${describe} for attribute "${attr.slug}".`,
    );
  }
  return { target_object: target, target_record_id: candidates[0] };
}

type ValueParser = (attr: AttributeDef, item: unknown, schema: Schema, resolver: ReferenceResolver) => ValueData;

/** The write parser of each type defined here; every other type is parsed in typed-values.ts. */
const PARSERS: Partial<Record<AttributeType, ValueParser>> = {
  text: parseText,
  "personal-name": parsePersonalName,
  "email-address": parseEmail,
  domain: parseDomain,
  "record-reference": parseReference,
};

/** Identity of a value inside one attribute: used for dedupe, multiselect merges and uniqueness. */
export function valueKey(attr: AttributeDef, data: ValueData): string {
  switch (attr.type) {
    case "email-address":
      return data.email_address;
    case "domain":
      return data.domain;
    case "record-reference":
      return data.target_record_id;
    case "personal-name":
      return JSON.stringify([data.first_name, data.last_name, data.full_name]);
    default:
      return data.value ?? JSON.stringify(data);
  }
}

/**
 * Parses `data.values` of a create/assert/update body. Throws AttioError 400 on an unknown slug,
 * a system attribute, a non-array multiselect, or a bad value. Returns the parsed values keyed by
 * attribute (deduplicated, in the order sent). An empty list (`[]` or `null`) clears the attribute.
 */
export function parseWriteValues(
  obj: ObjectDef,
  input: unknown,
  schema: Schema,
  resolver: ReferenceResolver,
): Map<AttributeDef, ValueData[]> {
  if (!isPlainObject(input)) {
    throw validationError("Body payload validation error.", [
      { code: "invalid_type", path: ["data", "values"], message: "Expected object", expected: "object", received: typeName(input) },
    ]);
  }
  const out = new Map<AttributeDef, ValueData[]>();
  for (const [key, raw] of Object.entries(input)) {
    const attr = findAttribute(obj, key);
    if (!attr) {
      // Code unverified (section 3.3 says only "400"): `value_not_found` mirrors the unknown
      // matching_attribute case, which is documented.
      throw valueNotFound(`Cannot find attribute with slug/ID "${key}".`);
    }
    if (attr.custom?.archived) throw valueNotFound(`Attribute with slug/ID "${key}" is archived.`); // code unverified
    if (attr.system) {
      throw new AttioError(
        400,
        "invalid_request_error",
        "system_edit_unauthorized",
        `Cannot write to system attribute with slug "${attr.slug}".`,
      );
    }
    let items: unknown[];
    if (raw === null || raw === undefined) items = [];
    else if (Array.isArray(raw)) items = raw;
    else if (attr.multi) {
      // Observed for `domains` (section 4): a bare value for a multiselect is a validation_type error.
      throw invalidValue(attr, "Multi-value attributes must be given an array of values.", [
        { code: "invalid_type", path: [attr.slug], message: "Expected array", expected: "array", received: typeName(raw) },
      ]);
    } else items = [raw];
    if (!attr.multi && items.length > 1) {
      throw invalidValue(attr, "This attribute accepts a single value, but several were provided.");
    }
    const parsed: ValueData[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const parse = PARSERS[attr.type];
      const data = parse ? parse(attr, item, schema, resolver) : parseTypedValue(attr, item, resolver);
      const k = valueKey(attr, data);
      if (seen.has(k)) continue; // a payload repeating a value keeps the first
      seen.add(k);
      parsed.push(data);
    }
    out.set(attr, parsed);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Read form

export function readValue(attr: AttributeDef, v: StoredValue): Record<string, unknown> {
  return {
    active_from: v.active_from,
    active_until: null,
    created_by_actor: { type: v.actor.type, id: v.actor.id },
    ...readTypedData(attr, v.data),
    attribute_type: attr.type,
  };
}
