/**
 * Webhook registrations (`/v2/webhooks`, docs/attio-api.md section 12, OpenAPI around line 34112):
 * validation of create/update bodies, the API read form, and whether a subscription's filter lets
 * an event through. Deliveries are deliveries.ts's.
 *
 * - `target_url` must be https (the OpenAPI pattern `^https://`). A fake started with
 *   `allowHttpTargets` (or FAKE_ATTIO_ALLOW_HTTP_TARGETS=1, `--allow-http-targets`) also accepts
 *   http://127.0.0.1, http://localhost and http://[::1], so tests can run a plain local receiver.
 * - `filter` is required per subscription: null (always) or exactly one of `$and` / `$or` over
 *   `{field, operator: equals|not_equals, value}`; `field` is a dot path into the event.
 * - `secret` (64 hex chars, like the OpenAPI example) is answered by the create only.
 */
import { randomBytes } from "node:crypto";
import { AttioError, validationError, type ValidationIssue } from "./errors";
import { isPlainObject, isUuid, nowTimestamp, uuid } from "./util";

/** The OpenAPI's event_type enum. */
export const WEBHOOK_EVENT_TYPES = [
  "call-recording.created",
  "comment.created",
  "comment.resolved",
  "comment.unresolved",
  "comment.deleted",
  "list.created",
  "list.updated",
  "list.deleted",
  "list-attribute.created",
  "list-attribute.updated",
  "list-entry.created",
  "list-entry.updated",
  "list-entry.deleted",
  "object-attribute.created",
  "object-attribute.updated",
  "note.created",
  "note-content.updated",
  "note.updated",
  "note.deleted",
  "record.created",
  "record.merged",
  "record.updated",
  "record.deleted",
  "task.created",
  "task.updated",
  "task.deleted",
  "workspace-member.created",
] as const;

export interface FilterCondition {
  field: string;
  operator: "equals" | "not_equals";
  value: string;
}
export type SubscriptionFilter = { $and: FilterCondition[] } | { $or: FilterCondition[] } | null;

export interface Subscription {
  event_type: string;
  filter: SubscriptionFilter;
}

export type WebhookStatus = "active" | "degraded" | "inactive";

export interface Webhook {
  id: string;
  targetUrl: string;
  subscriptions: Subscription[];
  status: WebhookStatus;
  createdAt: string;
  secret: string;
  /** Fake-clock instant it became degraded (7 days later: inactive). */
  degradedAt?: number;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function fail(issues: ValidationIssue[]): never {
  throw validationError(`Body payload validation error: ${issues.map((i) => i.path.join(".")).join(", ")}.`, issues);
}

function targetUrlIssue(raw: unknown, allowHttpTargets: boolean): ValidationIssue | null {
  const path = ["data", "target_url"];
  if (typeof raw !== "string") return { code: "invalid_type", path, message: raw === undefined ? "Required" : "Expected string" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { code: "invalid_string", path, message: "Invalid url" };
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && allowHttpTargets && LOCAL_HOSTS.has(url.hostname)) return null;
  return {
    code: "invalid_string",
    path,
    message: allowHttpTargets
      ? "target_url must be https (http is allowed for 127.0.0.1, localhost and [::1] only)"
      : "target_url must be an https URL",
  };
}

function conditionIssues(item: unknown, path: (string | number)[]): ValidationIssue[] {
  if (!isPlainObject(item)) return [{ code: "invalid_type", path, message: "Expected object" }];
  const issues: ValidationIssue[] = [];
  for (const key of ["field", "value"]) {
    if (typeof item[key] !== "string") issues.push({ code: "invalid_type", path: [...path, key], message: "Expected string" });
  }
  if (item.operator !== "equals" && item.operator !== "not_equals") {
    issues.push({ code: "invalid_enum_value", path: [...path, "operator"], message: "Expected 'equals' | 'not_equals'" });
  }
  const extra = Object.keys(item).filter((k) => !["field", "operator", "value"].includes(k));
  if (extra.length)
    issues.push({ code: "unrecognized_keys", path, message: `Unrecognized keys: ${extra.join(", ")} (filters do not nest)` });
  return issues;
}

function subscriptionIssues(raw: unknown): ValidationIssue[] {
  const base = ["data", "subscriptions"];
  if (!Array.isArray(raw)) return [{ code: "invalid_type", path: base, message: raw === undefined ? "Required" : "Expected array" }];
  const issues: ValidationIssue[] = [];
  for (const [i, sub] of raw.entries()) {
    const path = [...base, i];
    if (!isPlainObject(sub)) {
      issues.push({ code: "invalid_type", path, message: "Expected object" });
      continue;
    }
    if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(sub.event_type as string)) {
      issues.push({
        code: "invalid_enum_value",
        path: [...path, "event_type"],
        message: `Unknown event_type ${JSON.stringify(sub.event_type)}`,
      });
    }
    if (!("filter" in sub)) {
      issues.push({ code: "invalid_type", path: [...path, "filter"], message: "Required (null = always)" });
      continue;
    }
    const f = sub.filter;
    if (f === null) continue;
    const keys = isPlainObject(f) ? Object.keys(f) : [];
    if (!isPlainObject(f) || keys.length !== 1 || (keys[0] !== "$and" && keys[0] !== "$or") || !Array.isArray(f[keys[0]])) {
      issues.push({ code: "invalid_union", path: [...path, "filter"], message: 'Expected null, {"$and": [...]} or {"$or": [...]}' });
      continue;
    }
    for (const [j, c] of (f[keys[0]] as unknown[]).entries()) issues.push(...conditionIssues(c, [...path, "filter", keys[0], j]));
  }
  return issues;
}

/** Copies only the documented keys, so what is stored is what was validated. */
function cleanSubscriptions(raw: unknown[]): Subscription[] {
  return (raw as Record<string, unknown>[]).map((s) => {
    const f = s.filter as Record<string, FilterCondition[]> | null;
    const key = f && ("$and" in f ? "$and" : "$or");
    const filter =
      f && key ? ({ [key]: f[key].map((c) => ({ field: c.field, operator: c.operator, value: c.value })) } as SubscriptionFilter) : null;
    return { event_type: s.event_type as string, filter };
  });
}

function dataOf(body: unknown): Record<string, unknown> {
  const data = isPlainObject(body) ? body.data : undefined;
  if (!isPlainObject(data)) fail([{ code: "invalid_type", path: ["data"], message: "Required" }]);
  return data;
}

/** Value at a dot path of an event ("id.list_id", "actor.type"); non-strings compare as absent. */
function at(event: Record<string, unknown>, path: string): string | undefined {
  let v: unknown = event;
  for (const seg of path.split(".")) v = isPlainObject(v) ? v[seg] : undefined;
  return typeof v === "string" ? v : undefined;
}

function conditionHolds(event: Record<string, unknown>, c: FilterCondition): boolean {
  const v = at(event, c.field);
  return c.operator === "equals" ? v === c.value : v !== c.value;
}

/** Whether a subscription asks for this event. */
export function subscriptionMatches(sub: Subscription, event: Record<string, unknown>): boolean {
  if (sub.event_type !== event.event_type) return false;
  if (sub.filter === null) return true;
  if ("$and" in sub.filter) return sub.filter.$and.every((c) => conditionHolds(event, c));
  return sub.filter.$or.some((c) => conditionHolds(event, c));
}

export class WebhookRegistry {
  private hooks: Webhook[] = [];

  constructor(
    private readonly workspaceId: string,
    private readonly allowHttpTargets: () => boolean,
  ) {}

  clear(): void {
    this.hooks = [];
  }

  all(): Webhook[] {
    return [...this.hooks];
  }

  get(id: string): Webhook {
    const w = isUuid(id) ? this.hooks.find((h) => h.id === id) : undefined;
    if (!w) throw new AttioError(404, "invalid_request_error", "not_found", `Webhook with ID "${id}" was not found.`);
    return w;
  }

  /** limit between 10 and 100 (default 10), offset default 0 (OpenAPI); out of range is a 400 in the fake. */
  list(query: URLSearchParams): Webhook[] {
    const num = (name: string, dflt: number, min: number, max: number) => {
      const raw = query.get(name);
      if (raw === null) return dflt;
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n < min || n > max) {
        fail([{ code: "invalid_type", path: [name], message: `Expected an integer between ${min} and ${max}` }]);
      }
      return n;
    };
    const limit = num("limit", 10, 10, 100);
    const offset = num("offset", 0, 0, Number.MAX_SAFE_INTEGER);
    return this.hooks.slice(offset, offset + limit);
  }

  create(body: unknown): Webhook {
    const data = dataOf(body);
    const issues = [targetUrlIssue(data.target_url, this.allowHttpTargets()), ...subscriptionIssues(data.subscriptions)].filter(
      (i): i is ValidationIssue => i !== null,
    );
    if (issues.length) fail(issues);
    const w: Webhook = {
      id: uuid(),
      targetUrl: data.target_url as string,
      subscriptions: cleanSubscriptions(data.subscriptions as unknown[]),
      status: "active",
      createdAt: nowTimestamp(),
      secret: randomBytes(32).toString("hex"),
    };
    this.hooks.push(w);
    return w;
  }

  /** PATCH: `target_url` and/or `subscriptions` (replaced whole); the status and secret stay. */
  update(id: string, body: unknown): Webhook {
    const w = this.get(id);
    const data = dataOf(body);
    const issues: ValidationIssue[] = [];
    if ("target_url" in data) {
      const i = targetUrlIssue(data.target_url, this.allowHttpTargets());
      if (i) issues.push(i);
    }
    if ("subscriptions" in data) issues.push(...subscriptionIssues(data.subscriptions));
    if (issues.length) fail(issues);
    if ("target_url" in data) w.targetUrl = data.target_url as string;
    if ("subscriptions" in data) w.subscriptions = cleanSubscriptions(data.subscriptions as unknown[]);
    return w;
  }

  delete(id: string): void {
    const w = this.get(id);
    this.hooks = this.hooks.filter((h) => h !== w);
  }

  toApi(w: Webhook, withSecret = false): Record<string, unknown> {
    return {
      target_url: w.targetUrl,
      subscriptions: w.subscriptions.map((s) => ({ event_type: s.event_type, filter: s.filter })),
      id: { workspace_id: this.workspaceId, webhook_id: w.id },
      status: w.status,
      created_at: w.createdAt,
      ...(withSecret ? { secret: w.secret } : {}),
    };
  }
}
