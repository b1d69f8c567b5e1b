/**
 * Routes of the CRM surface (docs/attio-api.md section 11): lists, list entries, attributes with
 * their select options and statuses, and workspace members. Scopes are the OpenAPI document's;
 * where it lists none (attribute creation) the docs' prose decides: object_configuration for
 * objects, list_configuration for lists.
 */
import {
  attributeToApi,
  createAttribute,
  createChoice,
  findTargetAttribute,
  listAttributes,
  listChoices,
  type AttributeTarget,
} from "./attributes";
import { AttioError, validationError, valueNotFound, type ValidationIssue } from "./errors";
import {
  assertEntry,
  createEntry,
  deleteEntry,
  entryToApi,
  findEntry,
  listToApi,
  queryEntries,
  recordEntriesToApi,
  updateEntry,
  type EntryContext,
} from "./lists";
import { memberToApi } from "./members";
import { ok, type HandlerContext, type HandlerResult, type Route } from "./route-types";
import { findObject, type ObjectDef } from "./schema";
import { isPlainObject } from "./util";

const LIST_READ = ["list_configuration:read"];
const OBJECT_READ = ["object_configuration:read"];
const ENTRY_READ = ["list_entry:read", "list_configuration:read"];
const ENTRY_WRITE = ["list_entry:read-write", "list_configuration:read"];

function entryContext(c: HandlerContext): EntryContext {
  return {
    resolver: c.store.resolver,
    schema: c.store.schema,
    object: (slug) => c.store.object(slug),
    recordExists: (obj, id) => c.store.all(obj.slug).some((r) => r.id === id),
    nextSeq: () => c.store.nextSeq(),
  };
}

function showArchived(c: HandlerContext): boolean {
  const raw = c.query.get("show_archived");
  if (raw !== null && raw !== "true" && raw !== "false") {
    throw validationError('Query parameter "show_archived" must be a boolean.');
  }
  return raw === "true";
}

function target(c: HandlerContext, kind: string, identifier: string): AttributeTarget {
  return kind === "objects" ? c.store.crm.objectTarget(c.store.object(identifier)) : c.store.crm.list(identifier);
}

/** The `/v2/{objects|lists}/{identifier}/attributes…` family, or null. */
function attributeRoute(method: string, p: string[]): Route | null {
  const [kind, identifier, , attribute, sub] = p;
  if (kind !== "objects" && kind !== "lists") return null;
  const level = (rw: boolean) => [`${kind === "objects" ? "object" : "list"}_configuration:${rw ? "read-write" : "read"}`];
  const ws = (c: HandlerContext) => c.store.crm.workspaceId;
  if (p.length === 3 && method === "GET") {
    return {
      name: "attributes.list",
      scopes: level(false),
      handle: (c) => ok(listAttributes(ws(c), target(c, kind, identifier), showArchived(c))),
    };
  }
  if (p.length === 3 && method === "POST") {
    return {
      name: "attributes.create",
      scopes: level(true),
      handle: (c) => {
        const t = target(c, kind, identifier);
        return ok(attributeToApi(ws(c), t, createAttribute(ws(c), t, c.body)));
      },
    };
  }
  if (p.length === 5 && (sub === "options" || sub === "statuses")) {
    const type = sub === "options" ? "select" : "status";
    if (method === "GET") {
      return {
        name: `attributes.${sub}.list`,
        scopes: level(false),
        handle: (c) => ok(listChoices(findTargetAttribute(target(c, kind, identifier), attribute), type, showArchived(c))),
      };
    }
    if (method === "POST") {
      return {
        name: `attributes.${sub}.create`,
        scopes: level(true),
        handle: (c) => ok(createChoice(findTargetAttribute(target(c, kind, identifier), attribute), type, c.body)),
      };
    }
  }
  return null;
}

/** The `/v2/lists…` family (lists and entries), or null. */
function listRoute(method: string, p: string[]): Route | null {
  const slug = p[1];
  const ws = (c: HandlerContext) => c.store.crm.workspaceId;
  if (p.length === 1 && method === "POST") return { name: "lists.create", scopes: ["list_configuration:read-write"], handle: createList };
  if (p.length === 1 && method === "GET") {
    return { name: "lists.list", scopes: LIST_READ, handle: (c) => ok(c.store.crm.lists.map((l) => listToApi(ws(c), l))) };
  }
  if (p.length === 2 && method === "GET") {
    return { name: "lists.get", scopes: LIST_READ, handle: (c) => ok(listToApi(ws(c), c.store.crm.list(slug))) };
  }
  if (p[2] !== "entries") return null;
  if (p.length === 3 && (method === "POST" || method === "PUT")) {
    const write = method === "POST" ? createEntry : assertEntry;
    return {
      name: method === "POST" ? "entries.create" : "entries.assert",
      scopes: ENTRY_WRITE,
      handle: (c) => {
        const list = c.store.crm.list(slug);
        return ok(entryToApi(ws(c), list, write(list, c.store.crm.entries, c.body, c.actor, entryContext(c))));
      },
    };
  }
  if (p.length === 4 && p[3] === "query" && method === "POST") {
    return {
      name: "entries.query",
      scopes: ENTRY_READ,
      handle: (c) => {
        const list = c.store.crm.list(slug);
        return ok(queryEntries(list, c.store.crm.entries, c.body, c.store.schema).map((e) => entryToApi(ws(c), list, e)));
      },
    };
  }
  if (p.length === 4 && method === "GET") {
    return {
      name: "entries.get",
      scopes: ENTRY_READ,
      handle: (c) => {
        const list = c.store.crm.list(slug);
        return ok(entryToApi(ws(c), list, findEntry(list, c.store.crm.entries, p[3])));
      },
    };
  }
  if (p.length === 4 && (method === "PATCH" || method === "PUT")) {
    const mode = method === "PATCH" ? "patch" : "put";
    return {
      name: `entries.${mode}`,
      scopes: ENTRY_WRITE,
      handle: (c) => {
        const list = c.store.crm.list(slug);
        const entry = findEntry(list, c.store.crm.entries, p[3]);
        return ok(entryToApi(ws(c), list, updateEntry(list, entry, c.body, mode, c.actor, entryContext(c))));
      },
    };
  }
  if (p.length === 4 && method === "DELETE") {
    return {
      name: "entries.delete",
      scopes: ENTRY_WRITE,
      handle: (c) => {
        deleteEntry(c.store.crm.list(slug), c.store.crm.entries, p[3]);
        return { status: 200, body: {} };
      },
    };
  }
  return null;
}

/** `GET /v2/objects`, `GET /v2/objects/{object}` and `GET /v2/objects/{object}/records/{id}/entries`, or null. */
function objectRoute(method: string, p: string[]): Route | null {
  if (method !== "GET") return null;
  if (p.length === 1)
    return { name: "objects.list", scopes: OBJECT_READ, handle: (c) => ok(Object.values(c.store.schema).map((o) => objectToApi(c, o))) };
  if (p.length === 2) return { name: "objects.get", scopes: OBJECT_READ, handle: (c) => ok(objectToApi(c, c.store.object(p[1]))) };
  if (p.length === 5 && p[2] === "records" && p[4] === "entries") {
    return {
      name: "records.entries",
      scopes: ["record_permission:read", "object_configuration:read", "list_entry:read"],
      handle: (c) => {
        const record = c.store.record(c.store.object(p[1]), p[3]);
        const limit = pageParam(c, "limit", 100, 1000);
        const offset = pageParam(c, "offset", 0, Number.MAX_SAFE_INTEGER);
        return ok(recordEntriesToApi(c.store.crm.lists, c.store.crm.entries, record.id, limit, offset));
      },
    };
  }
  return null;
}

const NOUNS: Record<string, [string, string]> = { people: ["Person", "People"], companies: ["Company", "Companies"] };

function objectToApi(c: HandlerContext, o: ObjectDef): Record<string, unknown> {
  const [singular, plural] = NOUNS[o.slug];
  return {
    id: { workspace_id: c.store.crm.workspaceId, object_id: o.id },
    api_slug: o.slug,
    singular_noun: singular,
    plural_noun: plural,
    created_at: "2022-11-21T13:22:49.061281000Z",
  };
}

function pageParam(c: HandlerContext, name: string, dflt: number, max: number): number {
  const raw = c.query.get(name);
  if (raw === null) return dflt;
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw validationError(`Query parameter "${name}" must be an integer between 0 and ${max}.`);
  return Number(raw);
}

/** `POST /v2/lists` (OpenAPI: every key of `data` required); the new list has no attributes yet. */
function createList(c: HandlerContext): HandlerResult {
  const data = isPlainObject(c.body) ? c.body.data : undefined;
  if (!isPlainObject(data))
    throw validationError("Body payload validation error.", [{ code: "invalid_type", path: ["data"], message: "Required" }]);
  const issues: ValidationIssue[] = [];
  for (const k of ["name", "api_slug", "parent_object"]) {
    if (typeof data[k] !== "string" || data[k] === "") issues.push({ code: "invalid_type", path: ["data", k], message: "Required" });
  }
  if (!("workspace_access" in data)) issues.push({ code: "invalid_type", path: ["data", "workspace_access"], message: "Required" });
  if (!Array.isArray(data.workspace_member_access))
    issues.push({ code: "invalid_type", path: ["data", "workspace_member_access"], message: "Required" });
  if (issues.length) throw validationError(`Body payload validation error: ${issues.map((i) => i.path.join(".")).join(", ")}.`, issues);
  const parent = findObject(c.store.schema, data.parent_object as string);
  if (!parent) throw valueNotFound(`Object with slug/ID "${String(data.parent_object)}" not found.`);
  if (c.store.crm.lists.some((l) => l.apiSlug === data.api_slug)) {
    throw new AttioError(409, "invalid_request_error", "slug_conflict", `A list with api_slug "${String(data.api_slug)}" already exists.`);
  }
  const list = c.store.crm.createList({
    name: data.name as string,
    apiSlug: data.api_slug as string,
    parentObject: parent.slug,
    owner: false,
  });
  return ok(listToApi(c.store.crm.workspaceId, list));
}

/** Routes below /v2 (segments after "v2") this module answers, or null. */
export function matchCrmRoute(method: string, p: string[]): Route | null {
  if (p[0] === "workspace_members" && p.length === 1 && method === "GET") {
    return {
      name: "workspace_members.list",
      scopes: ["user_management:read"],
      handle: (c) => ok(c.store.crm.members.map((m) => memberToApi(c.store.crm.workspaceId, m))),
    };
  }
  if (p[2] === "attributes") return attributeRoute(method, p);
  if (p[0] === "lists") return listRoute(method, p);
  if (p[0] === "objects") return objectRoute(method, p);
  return null;
}

/** The entry query is a read, like the record query (section 8; unverified for entries). */
export function isCrmRead(method: string, pathname: string): boolean {
  return method === "POST" && /^\/v2\/lists\/[^/]+\/entries\/query\/?$/.test(pathname);
}
