/**
 * OpenAPI conformance checks against Attio's own OpenAPI 3.1 document (kept beside the checkout, not
 * in the repository; where it is read from: see `specPath` in createOpenApiValidator).
 *
 *   import { createOpenApiValidator } from "./openapi";
 *   const openapi = createOpenApiValidator();
 *   expect(openapi.validateResponse("POST", "/v2/objects/people/records/query", 200, json)).toEqual([]);
 *   expect(openapi.validateRequest("PUT", "/v2/objects/people/records?matching_attribute=email_addresses", body)).toEqual([]);
 *
 * Both functions return a list of human-readable error strings (empty = conforms).
 * - `method`: any case. `path`: a template as written in the spec ("/v2/notes/{note_id}"), a concrete
 *   path ("/v2/notes/<uuid>"), a path with a query string, or a full URL. Paths without the "/v2"
 *   prefix are retried with it, so a client's baseUrl-relative paths work too.
 * - validateResponse picks the response schema for `status` (exact, then "4XX"-style, then
 *   "default"). A status the operation does not document yields one error saying so; a documented
 *   response without a JSON schema yields no errors.
 *   Attio documents only ONE error `code` per status and operation (e.g. 400 `filter_error` for the
 *   query endpoint), while real Attio returns others (`unknown_filter_attribute_slug`,
 *   `uniqueness_conflict`...). Validate error bodies with `validateErrorEnvelope` instead.
 * - validateRequest checks required/typed query and path parameters and the JSON request body.
 *
 * Spec file: `options.specPath`, else `ATTIO_OPENAPI_PATH`, else the shared folder beside the
 * repository root (vitest's cwd).
 *
 * Known quirks of the spec that are patched before compiling (so that real Attio bodies pass):
 * - `nullable: true` (an OpenAPI 3.0 keyword, ignored by JSON Schema 2020) is turned into a
 *   `"null"` type (e.g. `created_by_actor.id` is null for system actors).
 * - A `type: [..., "null"]` with an `enum` lacking null (attribute `config.currency.*`, null for
 *   non-currency attributes) gets null added to the enum.
 * - The `timestamp` value's `value` says `format: "date"` while its example and description are
 *   full date-times; a `date` format whose example contains a "T" is treated as `date-time`.
 */
import fs from "node:fs";
import path from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import YAML from "yaml";

export interface OpenApiValidator {
  /** Errors of a response body against the operation's schema for that status ([] = conforms). */
  validateResponse(method: string, pathTemplateOrPath: string, status: number, body: unknown): string[];
  /** Errors of a request (query/path parameters from `path`, JSON body) against the operation ([] = conforms). */
  validateRequest(method: string, path: string, body: unknown): string[];
  /** The spec's path template a concrete path resolves to, or undefined. */
  resolvePath(pathOrUrl: string): string | undefined;
  /** Absolute path of the spec file in use. */
  specPath: string;
}

/** Checks the `{status_code, type, code, message}` error envelope shared by every Attio error (section 7). */
export function validateErrorEnvelope(status: number, body: unknown): string[] {
  const errors: string[] = [];
  if (typeof body !== "object" || body === null) return [`error body is not a JSON object: ${JSON.stringify(body)}`];
  const b = body as Record<string, unknown>;
  if (b.status_code !== status) errors.push(`status_code ${JSON.stringify(b.status_code)} != HTTP status ${status}`);
  for (const k of ["type", "code", "message"]) if (typeof b[k] !== "string") errors.push(`"${k}" must be a string`);
  return errors;
}

type Json = Record<string, unknown>;
interface Operation {
  parameters?: Json[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

const BASE_ID = "https://attio-openapi.local/spec.json";
const HTTP_METHODS = ["get", "put", "post", "patch", "delete", "head", "options"];

/** Deep copy applying the documented quirk patches and making `$ref`s absolute. */
function patchSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(patchSchema);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = patchSchema(v);
  if (typeof out.$ref === "string" && out.$ref.startsWith("#/")) out.$ref = `${BASE_ID}${out.$ref}`;
  if (out.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (Array.isArray(out.type) && !out.type.includes("null")) out.type = [...out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  // A nullable type whose enum omits null (attribute `config.currency.*`): null is meant to pass.
  if (Array.isArray(out.type) && out.type.includes("null") && Array.isArray(out.enum) && !out.enum.includes(null)) {
    out.enum = [...out.enum, null];
  }
  if (out.format === "date" && typeof out.example === "string" && out.example.includes("T")) out.format = "date-time";
  return out;
}

interface LoadedSpec {
  doc: { paths: Record<string, Record<string, Operation>>; components?: Json };
  ajv: Ajv2020;
  cache: Map<string, ValidateFunction>;
}

const specs = new Map<string, LoadedSpec>();

function load(specPath: string): LoadedSpec {
  let spec = specs.get(specPath);
  if (spec) return spec;
  const raw = YAML.parse(fs.readFileSync(specPath, "utf8")) as Json;
  const doc = patchSchema(raw) as LoadedSpec["doc"];
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // Registering the whole document under one id lets "#/components/..." refs resolve by JSON pointer.
  ajv.addSchema({ $id: BASE_ID, components: doc.components ?? {} });
  spec = { doc, ajv, cache: new Map() };
  specs.set(specPath, spec);
  return spec;
}

function stripToPath(pathOrUrl: string): { pathname: string; query: URLSearchParams } {
  const u = new URL(pathOrUrl, "http://placeholder.local");
  return { pathname: u.pathname.replace(/\/+$/, "") || "/", query: u.searchParams };
}

function matchTemplate(template: string, pathname: string): Record<string, string> | undefined {
  const t = template.split("/").filter(Boolean);
  const p = pathname.split("/").filter(Boolean);
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const m = /^\{(.+)\}$/.exec(t[i]);
    if (m) params[m[1]] = decodeURIComponent(p[i]);
    else if (t[i] !== p[i]) return undefined;
  }
  return params;
}

/** Most literal segments wins, so ".../records/query" beats ".../records/{record_id}". */
function findTemplate(doc: LoadedSpec["doc"], pathname: string): { template: string; params: Record<string, string> } | undefined {
  if (doc.paths[pathname]) return { template: pathname, params: {} };
  let best: { template: string; params: Record<string, string>; score: number } | undefined;
  for (const template of Object.keys(doc.paths)) {
    const params = matchTemplate(template, pathname);
    if (!params) continue;
    const score = template.split("/").filter((s) => s && !s.startsWith("{")).length;
    if (!best || score > best.score) best = { template, params, score };
  }
  if (!best && !pathname.startsWith("/v2/")) return findTemplate(doc, `/v2${pathname.startsWith("/") ? "" : "/"}${pathname}`);
  return best;
}

/**
 * With allErrors, a failing `oneOf` reports the errors of every branch. Branches whose
 * `attribute_type` enum does not match the value are irrelevant noise: drop them, so a bad
 * email value reports only the email-address variant's problems.
 */
function pruneOneOfNoise(errors: ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const oneOf of errors.filter((e) => e.keyword === "oneOf")) {
    const prefix = `${oneOf.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of errors) {
      if (!e.schemaPath.startsWith(prefix) || !e.instancePath.startsWith(oneOf.instancePath)) continue;
      const branch = e.schemaPath.slice(prefix.length).split("/")[0];
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const mismatched = [...branches.values()].filter((errs) =>
      errs.some((e) => e.instancePath === `${oneOf.instancePath}/attribute_type` && (e.keyword === "enum" || e.keyword === "const")),
    );
    if (mismatched.length === branches.size) continue; // no branch fits at all: keep everything
    for (const errs of mismatched) for (const e of errs) drop.add(e);
  }
  return errors.filter((e) => !drop.has(e));
}

function formatErrors(where: string, errors: ErrorObject[] | null | undefined, data: unknown): string[] {
  const out = new Set<string>();
  for (const e of pruneOneOfNoise(errors ?? [])) {
    let detail = e.message ?? e.keyword;
    if (e.keyword === "additionalProperties") detail += `: "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === "enum") detail += `: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    let actual = data;
    for (const seg of e.instancePath.split("/").slice(1)) {
      actual = typeof actual === "object" && actual !== null ? (actual as Json)[seg.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
    }
    const shown = actual === undefined ? "" : ` (got ${JSON.stringify(actual)?.slice(0, 120)})`;
    out.add(`${where}: ${e.instancePath || "(root)"} ${detail}${shown}`);
  }
  return [...out];
}

function coerceParam(value: string, schema: Json | undefined): unknown {
  const type = schema?.type;
  if ((type === "integer" || type === "number") && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

export function createOpenApiValidator(options: { specPath?: string } = {}): OpenApiValidator {
  const specPath = options.specPath ?? process.env.ATTIO_OPENAPI_PATH ?? path.resolve(process.cwd(), "../shared/attio-openapi.yaml");
  const spec = load(specPath);

  const compile = (key: string, schema: Json): ValidateFunction => {
    let fn = spec.cache.get(key);
    if (!fn) {
      fn = spec.ajv.compile(schema);
      spec.cache.set(key, fn);
    }
    return fn;
  };

  const operation = (method: string, pathOrUrl: string) => {
    const { pathname, query } = stripToPath(pathOrUrl);
    const found = findTemplate(spec.doc, pathname);
    const m = method.toLowerCase();
    const op = found && HTTP_METHODS.includes(m) ? spec.doc.paths[found.template][m] : undefined;
    return { found, op, query, label: `${method.toUpperCase()} ${found?.template ?? pathname}` };
  };

  return {
    specPath,

    resolvePath(pathOrUrl) {
      return findTemplate(spec.doc, stripToPath(pathOrUrl).pathname)?.template;
    },

    validateResponse(method, pathTemplateOrPath, status, body) {
      const { op, label } = operation(method, pathTemplateOrPath);
      if (!op) return [`${label}: no such operation in the OpenAPI document`];
      const responses = op.responses ?? {};
      const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => responses[k]);
      if (!key) return [`${label}: response status ${status} is not documented (documented: ${Object.keys(responses).join(", ")})`];
      const schema = responses[key].content?.["application/json"]?.schema;
      if (!schema) return [];
      const fn = compile(`res ${label} ${key}`, schema);
      return fn(body) ? [] : formatErrors(`${label} ${status}`, fn.errors, body);
    },

    validateRequest(method, pathOrUrl, body) {
      const { op, found, query, label } = operation(method, pathOrUrl);
      if (!op || !found) return [`${label}: no such operation in the OpenAPI document`];
      const errors: string[] = [];
      for (const param of op.parameters ?? []) {
        const name = String(param.name);
        const schema = param.schema as Json | undefined;
        let raw: string | null | undefined;
        if (param.in === "query") raw = query.get(name);
        else if (param.in === "path") raw = found.params[name];
        else continue;
        if (raw === null || raw === undefined) {
          if (param.required) errors.push(`${label}: missing required ${param.in} parameter "${name}"`);
          continue;
        }
        if (schema && !(param.in === "path" && /^\{.+\}$/.test(raw))) {
          const fn = compile(`param ${label} ${param.in} ${name}`, schema);
          if (!fn(coerceParam(raw, schema))) errors.push(...formatErrors(`${label} ${param.in} parameter "${name}"`, fn.errors, raw));
        }
      }
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      if (!schema) {
        if (body !== undefined) errors.push(`${label}: the operation documents no JSON request body`);
        return errors;
      }
      if (body === undefined) {
        if (op.requestBody?.required) errors.push(`${label}: request body is required`);
        return errors;
      }
      const fn = compile(`req ${label}`, schema);
      if (!fn(body)) errors.push(...formatErrors(`${label} request`, fn.errors, body));
      return errors;
    },
  };
}
