/**
 * The /v2 endpoints of docs/attio-api.md section 2 that the project uses, with their required scopes
 * (taken from the OpenAPI document) and handlers. Handlers return `{status, body}` or throw AttioError.
 */
import { isCrmRead, matchCrmRoute } from "./crm-routes";
import { validationError } from "./errors";
import type { RequestKind } from "./rate-limit";
import { mergeRecords, parseMergeBody } from "./merge";
import type { ObjectDef } from "./schema";
import { ok, type HandlerContext, type HandlerResult, type Route } from "./route-types";
import { matchWebhookRoute } from "./webhook-routes";
import { isPlainObject, isUuid } from "./util";

const RECORDS_READ = ["record_permission:read", "object_configuration:read"];
const RECORDS_WRITE = ["record_permission:read-write", "object_configuration:read"];
const NOTES_READ = ["note:read", "object_configuration:read", "record_permission:read"];
const NOTES_CREATE = ["note:read-write", "object_configuration:read", "record_permission:read"];
const NOTES_DELETE = ["note:read-write"];

export type { HandlerContext, HandlerResult, Route };

/** GET and the record query POST are reads; every other method is a write (section 8, query counted as read: unverified). */
export function classifyRequest(method: string, pathname: string): RequestKind {
  if (method === "GET" || method === "HEAD") return "read";
  if (method === "POST" && /^\/v2\/objects\/[^/]+\/records\/query\/?$/.test(pathname)) return "read";
  if (isCrmRead(method, pathname)) return "read";
  return "write";
}

/** `{"data": {"values": {...}}}`: the envelope of create/assert/update bodies. */
function writeValues(body: unknown): unknown {
  if (!isPlainObject(body) || !isPlainObject(body.data)) {
    throw validationError("Body payload validation error.", [
      {
        code: "invalid_type",
        path: ["data"],
        message: "Required",
        expected: "object",
        received: body === undefined ? "undefined" : typeof body,
      },
    ]);
  }
  return body.data.values;
}

function intParam(query: URLSearchParams, name: string, dflt: number, max?: number): number {
  const raw = query.get(name);
  if (raw === null) return dflt;
  if (!/^\d+$/.test(raw)) {
    throw validationError(`Query parameter "${name}" must be a non-negative integer.`, [
      { code: "invalid_type", path: [name], message: "Expected integer" },
    ]);
  }
  const n = Number(raw);
  if (max !== undefined && n > max) {
    // Documented maximum of 50 for notes (section 5). Real Attio may clamp instead of rejecting
    // (unverified); the fake rejects so that a client asking for more is caught in tests.
    throw validationError(`Query parameter "${name}" must be at most ${max}.`, [
      { code: "too_big", path: [name], message: `Number must be less than or equal to ${max}` },
    ]);
  }
  return n;
}

export function matchRoute(method: string, pathname: string): Route | null {
  let seg: string[];
  try {
    seg = pathname
      .split("/")
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
  } catch {
    return null; // malformed percent-encoding
  }
  if (seg[0] !== "v2") return null;
  const p = seg.slice(1);

  if (p.length === 1 && p[0] === "self" && method === "GET") {
    return { name: "self", scopes: [], handle: (c) => ({ status: 200, body: c.self() }) };
  }

  const other = matchCrmRoute(method, p) ?? matchWebhookRoute(method, p);
  if (other) return other;

  if (p[0] === "objects" && p[2] === "records") {
    const objectKey = p[1];
    /** A route on this object's records: an unknown object is a 404 before the body is read. */
    const onRecords = (name: string, scopes: string[], handle: (c: HandlerContext, obj: ObjectDef) => HandlerResult): Route => ({
      name,
      scopes,
      handle: (c) => handle(c, c.store.object(objectKey)),
    });
    if (p.length === 4 && p[3] === "query" && method === "POST") {
      return onRecords("records.query", RECORDS_READ, (c, obj) => ok(c.store.query(obj, c.body).map((r) => c.store.toApi(r))));
    }
    if (p.length === 4 && p[3] === "merge" && method === "POST") {
      return onRecords("records.merge", RECORDS_WRITE, (c, obj) => {
        const req = parseMergeBody(c.body);
        const merged = mergeRecords(c.store, obj, req, c.actor);
        c.merged({ object: obj.slug, newRecordId: merged.id, originals: [req.primaryRecordId, req.secondaryRecordId] });
        // 202: still merging (reads of the new record answer 404 merge_in_progress for a while).
        return { status: c.store.mergeInProgressMs > 0 ? 202 : 200, body: { data: { new_record_id: merged.id } } };
      });
    }
    if (p.length === 3 && method === "POST") {
      return onRecords("records.create", RECORDS_WRITE, (c, obj) => ok(c.store.toApi(c.store.create(obj, writeValues(c.body), c.actor))));
    }
    if (p.length === 3 && method === "PUT") {
      return onRecords("records.assert", RECORDS_WRITE, (c, obj) =>
        ok(c.store.toApi(c.store.assert(obj, c.query.get("matching_attribute"), writeValues(c.body), c.actor))),
      );
    }
    if (p.length === 4) {
      const recordId = p[3];
      if (method === "GET") {
        return onRecords("records.get", RECORDS_READ, (c, obj) => ok(c.store.toApi(c.store.record(obj, recordId))));
      }
      if (method === "PATCH" || method === "PUT") {
        const mode = method === "PATCH" ? "patch" : "put";
        return onRecords(`records.${mode}`, RECORDS_WRITE, (c, obj) => {
          c.store.record(obj, recordId); // 404 before body validation
          return ok(c.store.toApi(c.store.update(obj, recordId, writeValues(c.body), mode, c.actor)));
        });
      }
      if (method === "DELETE") {
        return onRecords("records.delete", RECORDS_WRITE, (c, obj) => {
          c.store.delete(obj, recordId);
          return { status: 200, body: {} };
        });
      }
    }
    return null;
  }

  if (p[0] === "notes" && p.length === 1) {
    if (method === "POST") {
      return {
        name: "notes.create",
        scopes: NOTES_CREATE,
        handle: (c) => ok(c.store.notes.toApi(c.store.notes.create(c.body, c.actor))),
      };
    }
    if (method === "GET") {
      return {
        name: "notes.list",
        scopes: NOTES_READ,
        handle: (c) => {
          const parentRecordId = c.query.get("parent_record_id") ?? undefined;
          if (parentRecordId !== undefined && !isUuid(parentRecordId)) {
            throw validationError('Query parameter "parent_record_id" must be a UUID.', [
              { code: "invalid_string", path: ["parent_record_id"], message: "Invalid uuid" },
            ]);
          }
          const notes = c.store.notes.list({
            limit: intParam(c.query, "limit", 10, 50),
            offset: intParam(c.query, "offset", 0),
            parentObject: c.query.get("parent_object") ?? undefined,
            parentRecordId,
          });
          return ok(notes.map((n) => c.store.notes.toApi(n)));
        },
      };
    }
  }

  if (p[0] === "notes" && p.length === 2) {
    const noteId = p[1];
    if (method === "GET") {
      return { name: "notes.get", scopes: NOTES_READ, handle: (c) => ok(c.store.notes.toApi(c.store.notes.get(noteId))) };
    }
    if (method === "DELETE") {
      return {
        name: "notes.delete",
        scopes: NOTES_DELETE,
        handle: (c) => {
          c.store.notes.delete(noteId);
          return { status: 200, body: {} };
        },
      };
    }
  }
  return null;
}
