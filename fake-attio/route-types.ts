/** What every /v2 route handler gets and returns (routes.ts, crm-routes.ts, webhook-routes.ts). */
import type { MergeDone } from "./events";
import type { Store } from "./store";
import type { Actor } from "./values";
import type { WebhookRegistry } from "./webhooks";

export interface HandlerContext {
  store: Store;
  webhooks: WebhookRegistry;
  /** The caller: the token's actor, or the workspace member it acts as. */
  actor: Actor;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
  /** `GET /v2/self` payload for the calling token. */
  self: () => Record<string, unknown>;
  /** A merge tells the event diff which disappearances were merges (events.ts). */
  merged: (m: MergeDone) => void;
}

export interface HandlerResult {
  status: number;
  body: unknown;
}

export interface Route {
  name: string;
  scopes: string[];
  handle: (ctx: HandlerContext) => HandlerResult;
}

/** Every success is a 200 with a `{"data": ...}` envelope (section 1). */
export const ok = (data: unknown): HandlerResult => ({ status: 200, body: { data } });
