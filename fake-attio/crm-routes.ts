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
import { validationError } from "./errors";
import { assertEntry, createEntry, entryToApi, findEntry, listToApi, queryEntries, type EntryContext } from "./lists";
import { memberToApi } from "./members";
import { ok, type HandlerContext, type Route } from "./route-types";

const LIST_READ = ["list_configuration:read"];
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
        return ok(queryEntries(list, c.store.crm.entries, c.body).map((e) => entryToApi(ws(c), list, e)));
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
  return null;
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
  return null;
}

/** The entry query is a read, like the record query (section 8; unverified for entries). */
export function isCrmRead(method: string, pathname: string): boolean {
  return method === "POST" && /^\/v2\/lists\/[^/]+\/entries\/query\/?$/.test(pathname);
}
