/**
 * Query engine for `POST /v2/objects/{object}/records/query` (docs/attio-api.md section 3.2):
 * shorthand and verbose attribute filters, `$and/$or/$not`, `path` + `constraints` through record
 * references, and sorts. Filters are compiled once per request into predicates over record ids.
 *
 * Choices where Attio is unverified (all documented in README-style comments below):
 * - `$eq` on text is case-sensitive; on emails/domains the query value is normalised (lower-cased)
 *   like stored values, so it behaves case-insensitively there.
 * - `$contains`, `$starts_with`, `$ends_with` are case-insensitive (only `$contains` is documented so).
 * - A multi-value attribute matches when ONE of its values satisfies every constraint given for it.
 */
import { filterError, unknownFilterSlug, validationError } from "./errors";
import {
  findAttribute,
  findObject,
  MAIN_PROPERTY,
  PROPERTIES,
  type AttributeDef,
  type ObjectDef,
  type ObjectSlug,
  type Schema,
} from "./schema";
import { e164 } from "./contact-values";
import { isPlainObject } from "./util";

export interface QueryContext {
  schema: Schema;
  /** API-shaped value objects of one attribute of one record (empty if the record is gone). */
  values(object: ObjectSlug, recordId: string, attr: AttributeDef): Record<string, unknown>[];
}

export type RecordPredicate = (recordId: string) => boolean;

type Op = "$eq" | "$in" | "$contains" | "$starts_with" | "$ends_with" | "$not_empty" | "$lt" | "$lte" | "$gt" | "$gte";
const OPS = new Set<string>(["$eq", "$in", "$contains", "$starts_with", "$ends_with", "$not_empty", "$lt", "$lte", "$gt", "$gte"]);
/** Record-reference properties support equality and `$in` only (section 4). */
const REFERENCE_OPS = new Set<string>(["$eq", "$in", "$not_empty"]);
/** Stored lower-cased, so query values are lower-cased too. */
const NORMALISED_PROPS = new Set(["email_address", "email_domain", "email_root_domain", "domain", "root_domain"]);

interface Constraint {
  prop: string;
  op: Op;
  value: unknown;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

function normaliseOperand(schema: Schema, attr: AttributeDef, prop: string, v: unknown): unknown {
  if (typeof v !== "string") return v;
  if (NORMALISED_PROPS.has(prop)) return v.trim().toLowerCase();
  if (prop === "phone_number") return e164(v) ?? v;
  if (attr.type === "record-reference" && prop === "target_object") return findObject(schema, v)?.slug ?? v;
  // A status or select option is named by its title or its id (a list entry's stage: "Won").
  if ((prop === "status_id" || prop === "option_id") && attr.custom) return attr.custom.choices.find((c) => c.title === v)?.id ?? v;
  return v;
}

function buildConstraint(schema: Schema, attr: AttributeDef, prop: string, op: string, raw: unknown): Constraint {
  if (!OPS.has(op)) throw filterError(`Unknown filter operator "${op}" for attribute "${attr.slug}".`);
  if (attr.type === "record-reference" && !REFERENCE_OPS.has(op)) {
    throw filterError(`Operator "${op}" is not supported for record-reference attribute "${attr.slug}".`);
  }
  if (op === "$in") {
    if (!Array.isArray(raw) || !raw.every(isScalar)) throw filterError(`"$in" on "${attr.slug}" expects an array of values.`);
    return { prop, op, value: raw.map((v) => normaliseOperand(schema, attr, prop, v)) };
  }
  if (op === "$not_empty") {
    if (typeof raw !== "boolean") throw filterError(`"$not_empty" on "${attr.slug}" expects a boolean.`);
    return { prop, op, value: raw };
  }
  if (op === "$contains" || op === "$starts_with" || op === "$ends_with") {
    if (typeof raw !== "string") throw filterError(`"${op}" on "${attr.slug}" expects a string.`);
    return { prop, op, value: raw.toLowerCase() };
  }
  if (!isScalar(raw)) throw filterError(`"${op}" on "${attr.slug}" expects a string, number or boolean.`);
  return { prop, op: op as Op, value: normaliseOperand(schema, attr, prop, raw) };
}

/** Parses the condition given for one attribute into constraints on its value properties. */
function parseAttributeCondition(schema: Schema, attr: AttributeDef, cond: unknown): Constraint[] {
  const main = MAIN_PROPERTY[attr.type];
  if (isScalar(cond)) return [buildConstraint(schema, attr, main, "$eq", cond)];
  if (!isPlainObject(cond)) throw filterError(`Invalid filter value for attribute "${attr.slug}".`);
  const out: Constraint[] = [];
  for (const [key, v] of Object.entries(cond)) {
    if (key.startsWith("$")) {
      out.push(buildConstraint(schema, attr, main, key, v));
    } else if (PROPERTIES[attr.type].includes(key)) {
      if (isScalar(v)) out.push(buildConstraint(schema, attr, key, "$eq", v));
      else if (isPlainObject(v)) {
        for (const [op, operand] of Object.entries(v)) out.push(buildConstraint(schema, attr, key, op, operand));
      } else throw filterError(`Invalid filter value for "${attr.slug}.${key}".`);
    } else {
      throw filterError(`Unknown property "${key}" for attribute "${attr.slug}" of type ${attr.type}.`);
    }
  }
  return out;
}

function compare(a: unknown, b: unknown, timestamp: boolean): number {
  if (timestamp) {
    const x = Date.parse(String(a));
    const y = Date.parse(String(b));
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

function test(c: Constraint, actual: unknown, timestamp: boolean): boolean {
  if (actual === undefined || actual === null) return false;
  switch (c.op) {
    case "$eq":
      return compare(actual, c.value, timestamp) === 0;
    case "$in":
      return (c.value as unknown[]).some((v) => compare(actual, v, timestamp) === 0);
    case "$contains":
      return String(actual)
        .toLowerCase()
        .includes(c.value as string);
    case "$starts_with":
      return String(actual)
        .toLowerCase()
        .startsWith(c.value as string);
    case "$ends_with":
      return String(actual)
        .toLowerCase()
        .endsWith(c.value as string);
    case "$lt":
      return compare(actual, c.value, timestamp) < 0;
    case "$lte":
      return compare(actual, c.value, timestamp) <= 0;
    case "$gt":
      return compare(actual, c.value, timestamp) > 0;
    case "$gte":
      return compare(actual, c.value, timestamp) >= 0;
    default:
      return false;
  }
}

function compileAttribute(obj: ObjectDef, attr: AttributeDef, cond: unknown, ctx: QueryContext): RecordPredicate {
  const constraints = parseAttributeCondition(ctx.schema, attr, cond);
  const presence = constraints.filter((c) => c.op === "$not_empty");
  const others = constraints.filter((c) => c.op !== "$not_empty");
  const timestamp = attr.type === "timestamp";
  return (id) => {
    const vals = ctx.values(obj.slug, id, attr);
    for (const p of presence) {
      const has = vals.some((v) => v[p.prop] !== undefined && v[p.prop] !== null && v[p.prop] !== "");
      if (has !== p.value) return false;
    }
    if (others.length === 0) return true;
    return vals.some((v) => others.every((c) => test(c, v[c.prop], timestamp)));
  };
}

interface Hop {
  object: ObjectDef;
  attr: AttributeDef;
}

/** Resolves `[[object, attribute], ...]`; every hop but the last must be a record reference. */
function resolvePath(obj: ObjectDef, path: unknown, ctx: QueryContext): Hop[] {
  if (!Array.isArray(path) || path.length === 0) throw filterError("`path` must be a non-empty array of [object, attribute] pairs.");
  const hops: Hop[] = [];
  let expected: ObjectDef = obj;
  path.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string") {
      throw filterError("Each `path` element must be an [object, attribute] pair of strings.");
    }
    const o = findObject(ctx.schema, pair[0]);
    if (!o || o.slug !== expected.slug) throw filterError(`Path element ${i} should start with "${expected.slug}".`);
    const a = findAttribute(o, pair[1]);
    if (!a) throw unknownFilterSlug(pair[1]);
    if (i < path.length - 1) {
      if (a.type !== "record-reference" || !a.target) throw filterError(`Path attribute "${a.slug}" is not a record reference.`);
      expected = ctx.schema[a.target];
    }
    hops.push({ object: o, attr: a });
  });
  return hops;
}

/** Ids reached from `id` by following every hop except the last. */
function follow(hops: Hop[], id: string, ctx: QueryContext): { object: ObjectDef; ids: string[] } {
  let ids = [id];
  for (const hop of hops.slice(0, -1)) {
    ids = ids.flatMap((x) => ctx.values(hop.object.slug, x, hop.attr).map((v) => String(v.target_record_id)));
  }
  return { object: hops[hops.length - 1].object, ids };
}

function compileNode(obj: ObjectDef, node: unknown, ctx: QueryContext): RecordPredicate {
  if (!isPlainObject(node)) throw filterError("A filter must be an object.");
  const preds: RecordPredicate[] = [];
  for (const [key, v] of Object.entries(node)) {
    if (key === "$and" || key === "$or") {
      if (!Array.isArray(v)) throw filterError(`"${key}" expects an array of filters.`);
      const subs = v.map((f) => compileNode(obj, f, ctx));
      preds.push(key === "$and" ? (id) => subs.every((p) => p(id)) : (id) => subs.some((p) => p(id)));
    } else if (key === "$not") {
      const sub = compileNode(obj, v, ctx);
      preds.push((id) => !sub(id));
    } else if (key === "path") {
      if (!("constraints" in node)) throw filterError("A `path` filter needs `constraints`.");
      const hops = resolvePath(obj, v, ctx);
      const last = hops[hops.length - 1];
      const cond = compileAttribute(last.object, last.attr, node.constraints, ctx);
      preds.push((id) => {
        const reached = follow(hops, id, ctx);
        return reached.ids.some((x) => cond(x));
      });
    } else if (key === "constraints") {
      if (!("path" in node)) throw filterError("`constraints` is only valid together with `path`.");
    } else if (key.startsWith("$")) {
      throw filterError(`Unknown filter operator "${key}".`);
    } else {
      const attr = findAttribute(obj, key);
      if (!attr) throw unknownFilterSlug(key);
      preds.push(compileAttribute(obj, attr, v, ctx));
    }
  }
  return (id) => preds.every((p) => p(id));
}

export function compileFilter(obj: ObjectDef, filter: unknown, ctx: QueryContext): RecordPredicate {
  if (filter === undefined) return () => true;
  return compileNode(obj, filter, ctx);
}

/**
 * Sorts: `{direction, attribute, field?}` or `{direction, path, field?}`. A record sorts by its
 * first value; records without one go last in both directions (real placement unverified).
 * Ties keep creation order.
 */
export function compileSorts(obj: ObjectDef, sorts: unknown, ctx: QueryContext): ((a: string, b: string) => number) | undefined {
  if (sorts === undefined) return undefined;
  if (!Array.isArray(sorts)) throw validationError("`sorts` must be an array.");
  const keys = sorts.map((s, i) => {
    if (!isPlainObject(s)) throw validationError(`sorts[${i}] must be an object.`);
    if (s.direction !== "asc" && s.direction !== "desc") throw validationError(`sorts[${i}].direction must be "asc" or "desc".`);
    let hops: Hop[];
    if (typeof s.attribute === "string") {
      const attr = findAttribute(obj, s.attribute);
      if (!attr) throw unknownFilterSlug(s.attribute);
      hops = [{ object: obj, attr }];
    } else if (s.path !== undefined) {
      hops = resolvePath(obj, s.path, ctx);
    } else throw validationError(`sorts[${i}] needs "attribute" or "path".`);
    const last = hops[hops.length - 1];
    const field = s.field === undefined ? MAIN_PROPERTY[last.attr.type] : s.field;
    if (typeof field !== "string" || !PROPERTIES[last.attr.type].includes(field)) {
      throw validationError(`sorts[${i}].field "${String(field)}" is not a field of attribute "${last.attr.slug}".`);
    }
    const sign = s.direction === "asc" ? 1 : -1;
    const get = (id: string): string | undefined => {
      const reached = follow(hops, id, ctx);
      const first = reached.ids.length ? ctx.values(reached.object.slug, reached.ids[0], last.attr)[0] : undefined;
      const v = first?.[field];
      return v === undefined || v === null || v === "" ? undefined : String(v);
    };
    return { get, sign };
  });
  return (a, b) => {
    for (const k of keys) {
      const x = k.get(a);
      const y = k.get(b);
      if (x === undefined && y === undefined) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const c = x.localeCompare(y, "en", { sensitivity: "base" });
      if (c !== 0) return c * k.sign;
    }
    return 0;
  };
}
