/**
 * Error types of the Attio client.
 *
 * Callers (Temporal activities, server actions) branch on these fields instead of parsing
 * messages: `retryable` and `retryAfterMs` feed Temporal's retry decision, `code` tells a lost
 * uniqueness race from a bad payload. Messages are safe to show and to log: they never contain the
 * API token, and errors never carry the raw request, its headers, or the raw response.
 */

/** The client cannot run at all (no API key, unusable base URL). Never retryable. */
export class AttioConfigError extends Error {
  override name = "AttioConfigError";

  constructor(message: string) {
    super(message);
  }
}

export interface AttioErrorInit {
  /** HTTP status, or null when no response arrived (network error, timeout) or none applies. */
  status: number | null;
  type?: string | null;
  code?: string | null;
  retryable: boolean;
  retryAfterMs?: number | null;
  /** Only ever a sanitised, token-free error; never the raw fetch error or response. */
  cause?: Error;
}

/** One failed Attio call, whatever the failure (HTTP error, network, timeout, unexpected body). */
export class AttioError extends Error {
  override name = "AttioError";
  status: number | null;
  type: string | null;
  code: string | null;
  retryable: boolean;
  retryAfterMs: number | null;

  constructor(message: string, init: AttioErrorInit) {
    super(message, init.cause ? { cause: init.cause } : undefined);
    this.status = init.status;
    this.type = init.type ?? null;
    this.code = init.code ?? null;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }

  /** `message` is not enumerable on Error; without this, JSON.stringify (e.g. in logs or Temporal
   * failure details) would drop the one human-readable field. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      type: this.type,
      code: this.code,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/**
 * Removes every occurrence of `secret` (and anything shaped like a bearer credential) from text that
 * came from outside: an upstream error message or a proxy page could echo the Authorization header.
 */
export function scrubApiKey(text: string, secret: string | null | undefined): string {
  let out = text;
  if (secret) out = out.split(secret).join("[redacted]");
  return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]");
}
