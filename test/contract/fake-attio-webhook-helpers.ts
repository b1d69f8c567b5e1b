/**
 * Shared by the fake-attio-webhook-*.test.ts files: one fake in test mode (allowHttpTargets) per
 * file, a fresh local receiver per test (test/helpers/webhook-receiver.ts), and small calls. Every
 * 200 from /v2 is validated against the OpenAPI document (webhook answers with the receiver's http
 * URL swapped for an https one: test mode breaks only the `^https://` pattern).
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { openapi, type Json } from "./fake-attio-helpers";

export let fake: FakeAttio;
export let rx: WebhookReceiver;

/** Replaces the receiver (a test that closes it to refuse connections starts a new one). */
export async function newReceiver(): Promise<WebhookReceiver> {
  rx = await startWebhookReceiver();
  return rx;
}

export async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  token?: string,
): Promise<Json> {
  const r = await fetch(fake.origin + path, {
    method,
    headers: { authorization: `Bearer ${token ?? fake.token}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  expect(r.status, `${method} ${path}: ${JSON.stringify(json)}`).toBe(200);
  if (!path.endsWith("/records/merge")) {
    // A test-mode http target_url breaks only the OpenAPI's ^https:// pattern; everything else must conform.
    const checked = path.startsWith("/v2/webhooks")
      ? JSON.parse(JSON.stringify(json).replaceAll(rx.url, "https://rx.example/attio"))
      : json;
    expect(openapi.validateResponse(method, path, 200, checked)).toEqual([]);
  }
  return json.data;
}

export async function control(method: string, path: string, body?: unknown): Promise<Json> {
  const r = await fetch(`${fake.origin}/__fake/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(r.status).toBe(200);
  return r.json();
}

/** Registers the receiver for these event types (filter null) and returns the webhook with its secret. */
export async function subscribe(...eventTypes: string[]): Promise<Json> {
  return api("POST", "/v2/webhooks", {
    data: { target_url: rx.url, subscriptions: eventTypes.map((event_type) => ({ event_type, filter: null })) },
  });
}

export const createPerson = async (values: Record<string, unknown>, headers?: Record<string, string>) =>
  (await api("POST", "/v2/objects/people/records", { data: { values } }, headers)).id.record_id as string;

export const events = () => rx.received.flatMap((d) => d.body.events);
export const attributeId = async (object: string, slug: string) =>
  (await api("GET", `/v2/objects/${object}/attributes`)).find((a: Json) => a.api_slug === slug).id.attribute_id;

/** Registers the shared fake and receiver for the calling test file. */
export function registerWebhookFake(): void {
  beforeAll(async () => {
    fake = await startFakeAttio({ rateLimit: false, allowHttpTargets: true });
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    await newReceiver();
  });
  afterEach(() => rx.close());
}
