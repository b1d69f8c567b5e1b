/** `/v2/webhooks` and `/v2/webhooks/{webhook_id}` (OpenAPI around line 34112; webhooks.ts holds the rules). */
import { ok, type Route } from "./route-types";

const READ = ["webhook:read"];
const WRITE = ["webhook:read-write"];

/** Routes below /v2 (segments after "v2") this module answers, or null. */
export function matchWebhookRoute(method: string, p: string[]): Route | null {
  if (p[0] !== "webhooks") return null;
  if (p.length === 1 && method === "GET") {
    return { name: "webhooks.list", scopes: READ, handle: (c) => ok(c.webhooks.list(c.query).map((w) => c.webhooks.toApi(w))) };
  }
  if (p.length === 1 && method === "POST") {
    return { name: "webhooks.create", scopes: WRITE, handle: (c) => ok(c.webhooks.toApi(c.webhooks.create(c.body), true)) };
  }
  if (p.length !== 2) return null;
  const id = p[1];
  if (method === "GET") return { name: "webhooks.get", scopes: READ, handle: (c) => ok(c.webhooks.toApi(c.webhooks.get(id))) };
  if (method === "PATCH") {
    return { name: "webhooks.update", scopes: WRITE, handle: (c) => ok(c.webhooks.toApi(c.webhooks.update(id, c.body))) };
  }
  if (method === "DELETE") {
    return {
      name: "webhooks.delete",
      scopes: WRITE,
      handle: (c) => {
        c.webhooks.delete(id);
        return { status: 200, body: {} };
      },
    };
  }
  return null;
}
