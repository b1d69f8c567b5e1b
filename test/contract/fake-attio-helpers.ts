/**
 * Shared by the fake-attio-*.test.ts files, which check the fake Attio server over real HTTP with
 * plain fetch (no app client). Every 200 from /v2 is also checked against Attio's OpenAPI document (see `call`).
 */
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { createOpenApiValidator, validateErrorEnvelope } from "../helpers/openapi";
import { startFakeAttio, type FakeAttio, type FakeAttioOptions } from "../../fake-attio/server";

// Response bodies are arbitrary JSON; tests index into them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

export const openapi = createOpenApiValidator();
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const ATTIO_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;
export const MISSING = "00000000-0000-4000-8000-000000000404";

/** The file's shared fake (no rate limit), reset before each test; set by registerSharedFake(). */
export let fake: FakeAttio;

export interface CallOptions {
  token?: string | null; // null: no Authorization header
  authorization?: string; // raw header value
  raw?: string; // raw body text instead of JSON.stringify(body)
  server?: FakeAttio;
}

/** One HTTP call; every 200 from /v2 must conform to the OpenAPI response schema. */
export async function call(method: string, path: string, body?: unknown, o: CallOptions = {}): Promise<Res> {
  const server = o.server ?? fake;
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = o.token === undefined ? server.token : o.token;
  if (o.authorization) headers.authorization = o.authorization;
  else if (token !== null) headers.authorization = `Bearer ${token}`;
  const payload = o.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const r = await fetch(server.origin + path, { method, headers, body: payload });
  const text = await r.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (r.status === 200 && path.startsWith("/v2")) {
    expect(openapi.validateResponse(method, path, 200, json), `${method} ${path} conforms to OpenAPI`).toEqual([]);
  }
  return { status: r.status, headers: r.headers, text, json };
}

export async function ok(method: string, path: string, body?: unknown, o?: CallOptions): Promise<Json> {
  const r = await call(method, path, body, o);
  expect(r.status, `${method} ${path}: ${r.text}`).toBe(200);
  return r.json;
}

export function personValues(first: string, last: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: [{ first_name: first, last_name: last, full_name: `${first} ${last}` }], ...extra };
}

export async function createPerson(values: Record<string, unknown>, o?: CallOptions): Promise<Json> {
  return (await ok("POST", "/v2/objects/people/records", { data: { values } }, o)).data;
}

export async function createCompany(values: Record<string, unknown>, o?: CallOptions): Promise<Json> {
  return (await ok("POST", "/v2/objects/companies/records", { data: { values } }, o)).data;
}

export function idOf(record: Json): string {
  return record.id.record_id;
}

export function expectError(r: Res, status: number, code: string, type = "invalid_request_error"): void {
  expect(r.status, r.text).toBe(status);
  expect(r.json).toMatchObject({ status_code: status, type, code });
  expect(validateErrorEnvelope(status, r.json)).toEqual([]);
}

export async function withFake<T>(opts: FakeAttioOptions, fn: (f: FakeAttio) => Promise<T>): Promise<T> {
  const f = await startFakeAttio(opts);
  try {
    return await fn(f);
  } finally {
    await f.close();
  }
}

/** Starts the shared fake for the calling test file: no rate limiting (the limiter tests start their own). */
export function registerSharedFake(): void {
  beforeAll(async () => {
    fake = await startFakeAttio({ rateLimit: false });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
  });
}
