/**
 * The single place the client talks HTTP: auth header, JSON, timeout, response validation, and the
 * mapping of every failure to one AttioError.
 *
 * No retries here, on purpose: this runs inside Temporal activities, whose retry policy owns
 * attempts and backoff. Retrying here as well would multiply attempts and hide them from Temporal's
 * history. Instead each error says whether retrying can help (`retryable`) and how long Attio asked
 * us to wait (`retryAfterMs`).
 */
import type { z } from "zod";
import { attioBaseUrlProblem } from "../config";
import { AttioError, scrubApiKey } from "./errors";
import { traceAttioRequest } from "./http-trace";
import { parseRetryAfter } from "./normalize";
import { errorBodySchema } from "./schemas";

export interface HttpConfig {
  apiKey: string;
  /** e.g. "https://api.attio.com/v2", no trailing slash needed. */
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  /** The caller's cancellation (an activity attempt Temporal gave up on): aborts the request. */
  signal?: AbortSignal;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface AttioRequest<S extends z.ZodType> {
  method: HttpMethod;
  /** Path below the base URL, starting with "/" (e.g. "/objects/people/records"). */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Schema of the 200 body; a mismatch becomes a non-retryable "invalid_response". */
  schema: S;
}

const MAX_MESSAGE_CHARS = 300;

/** Sends one request; resolves with the validated body or rejects with exactly one AttioError. */
export function attioRequest<S extends z.ZodType>(cfg: HttpConfig, req: AttioRequest<S>): Promise<z.output<S>> {
  return traceAttioRequest(cfg, req.method, req.path, (traced) => sendRequest(traced, req));
}

async function sendRequest<S extends z.ZodType>(cfg: HttpConfig, req: AttioRequest<S>): Promise<z.output<S>> {
  const route = `${req.method} ${req.path}`;
  // Checked at start too (config.ts); here so that no caller can send the key in clear.
  const insecure = attioBaseUrlProblem(cfg.baseUrl);
  if (insecure) {
    throw new AttioError(`Attio invalid_configuration: ATTIO_BASE_URL ${insecure} (${route})`, {
      status: null,
      code: "invalid_configuration",
      retryable: false,
    });
  }
  const url = buildUrl(cfg.baseUrl, req.path, req.query);
  const headers: Record<string, string> = {
    Authorization: `Bearer ${cfg.apiKey}`,
    Accept: "application/json",
  };
  if (req.body !== undefined) headers["Content-Type"] = "application/json";

  if (cfg.signal?.aborted) throw cancelledError(route);
  const timeout = AbortSignal.timeout(cfg.timeoutMs);
  const signal = cfg.signal ? AbortSignal.any([timeout, cfg.signal]) : timeout;
  let res: Response;
  let text: string;
  try {
    // One deadline covers connect, headers and body: a server that stalls mid-body must still
    // time out, or the activity would hang until Temporal's own timeout.
    res = await cfg.fetch(url, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal,
      // A redirect would carry the bearer token to wherever it points (and Attio's API never redirects).
      redirect: "error",
    });
    text = await res.text();
  } catch (err) {
    if (cfg.signal?.aborted) throw cancelledError(route);
    // Already one of ours: the paced fetch's wait for a budget slot (nothing was sent).
    if (err instanceof AttioError) throw err;
    throw transportError(err, timeout.aborted, route, cfg);
  }

  // Measured against Attio's own clock (its Date header): the worker's clock may be off.
  const serverNow = Date.parse(res.headers.get("date") ?? "");
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), Number.isNaN(serverNow) ? Date.now() : serverNow);
  if (!res.ok) throw httpError(res.status, text, retryAfterMs, route, cfg.apiKey);

  let json: unknown;
  try {
    json = text === "" ? {} : JSON.parse(text);
  } catch {
    throw invalidResponse(res.status, `Attio ${res.status} invalid_response: body is not JSON (${route})`);
  }
  const parsed = req.schema.safeParse(json);
  if (!parsed.success) {
    // Only issue paths and kinds: the body may hold personal data that must not end up in logs.
    const where = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.code}`)
      .join("; ");
    throw invalidResponse(res.status, `Attio ${res.status} invalid_response: unexpected response shape [${where}] (${route})`);
  }
  return parsed.data;
}

function buildUrl(baseUrl: string, path: string, query?: AttioRequest<z.ZodType>["query"]): string {
  const base = baseUrl.replace(/\/+$/, "");
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
  const q = qs.toString();
  return `${base}${path}${q ? `?${q}` : ""}`;
}

/** The caller cancelled: nothing more is sent for this attempt. */
function cancelledError(route: string): AttioError {
  return new AttioError(`Attio request cancelled: the sync step was cancelled or timed out (${route})`, {
    status: null,
    code: "cancelled",
    retryable: true,
  });
}

/** A 2xx whose body we cannot use: repeating the request would get the same body, so not retryable. */
function invalidResponse(status: number, message: string): AttioError {
  return new AttioError(message, { status, type: null, code: "invalid_response", retryable: false });
}

/** 429 (rate limit; the request was not processed), 408 and 5xx are worth another attempt. Every
 * other 4xx repeats identically (bad input, bad token, missing scope, unknown record). */
function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Attio's 404 code while a merge is still being applied (attio-api.md section 12). */
export const MERGE_IN_PROGRESS = "merge_in_progress";

function httpError(status: number, text: string, retryAfterMs: number | null, route: string, apiKey: string): AttioError {
  let type: string | null = null;
  let code: string | null = null;
  let detail: string;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success && body && typeof body === "object") {
    type = parsed.data.type ?? null;
    code = parsed.data.code ?? null;
    detail = parsed.data.message ?? "";
  } else {
    // 5xx from a load balancer can be plain text ("Service Unavailable") or HTML: keep a short,
    // single-line excerpt so the error stays readable.
    detail = text.replace(/<[^>]*>/g, " ");
  }
  detail = scrubApiKey(detail.replace(/\s+/g, " ").trim(), apiKey);
  if (detail.length > MAX_MESSAGE_CHARS) detail = `${detail.slice(0, MAX_MESSAGE_CHARS)}…`;
  const head = `Attio ${status}${code ? ` ${scrubApiKey(code, apiKey)}` : ""}`;
  const message = `${head}: ${detail || "(no message)"} (${route})`;
  return new AttioError(message, {
    status,
    type: type === null ? null : scrubApiKey(type, apiKey),
    code: code === null ? null : scrubApiKey(code, apiKey),
    // A merge Attio answered 202 for: reads of the new record answer 404 merge_in_progress until it
    // is done. Retrying waits it out; treating it as "gone" would make a sync create a second person.
    retryable: isRetryableStatus(status) || (status === 404 && code === MERGE_IN_PROGRESS),
    retryAfterMs,
  });
}

function transportError(err: unknown, timedOut: boolean, route: string, cfg: HttpConfig): AttioError {
  const e = err instanceof Error ? err : new Error(String(err));
  // Fetch implementations differ in what they throw on abort (TimeoutError, AbortError), so the
  // signal's own state decides.
  if (timedOut || e.name === "TimeoutError") {
    return new AttioError(`Attio timeout: no complete response within ${cfg.timeoutMs} ms (${route})`, {
      status: null,
      code: "timeout",
      retryable: true,
    });
  }
  // Undici wraps the system error (ECONNREFUSED, ECONNRESET...) in `cause`; surface its code. The
  // original error is not attached: it may reference the request (and so the Authorization header).
  const inner = (e as { cause?: unknown }).cause;
  const sysCode =
    inner && typeof inner === "object" && typeof (inner as { code?: unknown }).code === "string" ? (inner as { code: string }).code : null;
  const detail = scrubApiKey([e.message, sysCode].filter(Boolean).join(": "), cfg.apiKey);
  const cause = new Error(detail);
  cause.name = e.name;
  return new AttioError(`Attio network_error: ${detail} (${route})`, {
    status: null,
    code: "network_error",
    retryable: true,
    cause,
  });
}
