// Shared-password sessions, signed with HMAC-SHA256 (Web Crypto, so the same code runs in the
// proxy, route handlers and server actions). A session is a cookie
//   v1.<expires, ms since epoch, base36>.<random nonce>.<signature>
// whose signature covers the version, expiry and nonce plus a fingerprint of the current
// password and the session epoch: changing LEADSYNC_PASSWORD (or LEADSYNC_SESSION_SECRET), or
// "Sign out everywhere" (which moves the epoch on, lib/auth/epoch.ts), signs everyone out.
import { type Env, loadConfig } from "../config";

export const SESSION_COOKIE = "leadsync_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
const VERSION = "v1";

const utf8 = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, "=")), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Compares in time that depends only on the length (equal here: both are HMAC outputs). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8.encode(message)));
}

export interface AuthSettings {
  password: string;
  secret: string;
  /** The current session epoch (lib/auth/epoch.ts); sessions signed in another epoch are invalid. 0 when omitted. */
  epoch?: number;
}

/** The shared-password settings, or null when access control is off (LEADSYNC_PASSWORD unset). */
export function authSettings(env: Env = process.env): AuthSettings | null {
  const { signIn } = loadConfig(env);
  if (!signIn) return null;
  // Config validation refuses to start without a secret; should it be bypassed, fail closed
  // with a secret nobody knows rather than sign with an empty one.
  return { password: signIn.password, secret: signIn.sessionSecret ?? `unset-${crypto.randomUUID()}` };
}

/**
 * Checks a submitted password. Both sides go through the same HMAC first, so the comparison
 * takes the same time whatever the input's length or content.
 */
export async function passwordMatches(candidate: string, settings: AuthSettings): Promise<boolean> {
  const [a, b] = await Promise.all([
    hmac(settings.secret, `password:${candidate}`),
    hmac(settings.secret, `password:${settings.password}`),
  ]);
  return constantTimeEqual(a, b);
}

/** Checks a bearer token against a configured one (LEADSYNC_CODEC_TOKEN) in constant time. */
export async function tokenMatches(candidate: string, expected: string): Promise<boolean> {
  const key = crypto.randomUUID(); // a fresh HMAC key: only the comparison matters
  const [a, b] = await Promise.all([hmac(key, candidate), hmac(key, expected)]);
  return constantTimeEqual(a, b);
}

async function signature(settings: AuthSettings, payload: string): Promise<Uint8Array> {
  const epoch = settings.epoch ? `|epoch:${settings.epoch}` : "";
  return hmac(settings.secret, `${payload}|${base64url(await hmac(settings.secret, `password:${settings.password}`))}${epoch}`);
}

/** A new signed session value, valid for SESSION_TTL_SECONDS from `now`. */
export async function createSessionToken(settings: AuthSettings, now = Date.now()): Promise<string> {
  const nonce = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const payload = `${VERSION}.${(now + SESSION_TTL_SECONDS * 1000).toString(36)}.${nonce}`;
  return `${payload}.${base64url(await signature(settings, payload))}`;
}

/** Whether a cookie value is a session this server signed, for the current password, not expired. */
export async function verifySessionToken(token: string | undefined | null, settings: AuthSettings, now = Date.now()): Promise<boolean> {
  if (!token || token.length > 512) return false;
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) return false;
  const expires = parseInt(parts[1], 36);
  if (!Number.isFinite(expires) || expires <= now) return false;
  const given = fromBase64url(parts[3]);
  if (!given) return false;
  const expected = await signature(settings, parts.slice(0, 3).join("."));
  return constantTimeEqual(given, expected);
}

/** The session cookie's value from a Cookie header. */
export function sessionFromCookieHeader(header: string | null | undefined): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Whether a request may proceed: always when access control is off; otherwise with a valid
 * session cookie, or (for the Temporal UI's and CLI's codec calls) `Authorization: Bearer
 * <LEADSYNC_CODEC_TOKEN>` when `allowCodecToken` is set and a token is configured. `epoch` reads
 * the current session epoch (lib/auth/epoch.ts; 0 without it).
 */
export async function requestIsAuthorized(
  req: { headers: Headers },
  env: Env = process.env,
  opts: { allowCodecToken?: boolean; epoch?: () => Promise<number> } = {},
): Promise<boolean> {
  const base = authSettings(env);
  if (!base) return true;
  const settings = { ...base, epoch: opts.epoch ? await opts.epoch() : 0 };
  if (await verifySessionToken(sessionFromCookieHeader(req.headers.get("cookie")), settings)) return true;
  const codecToken = loadConfig(env).signIn?.codecToken;
  const bearer = req.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return Boolean(opts.allowCodecToken && codecToken && bearer && (await tokenMatches(bearer, codecToken)));
}

const DEFAULT_NEXT = "/leads";
/** A stand-in for the app's own origin: only resolution against it matters, not its name. */
const OWN_ORIGIN = "https://leadsync.invalid";

/**
 * Only paths on this site: `next` must never send a signed-in user to another one. Resolved the
 * way a browser resolves a Location header (the URL API drops tabs and newlines, reads `\` as `/`
 * and `/\`, `//` as another host), and kept only if it stays on our origin.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2000) return DEFAULT_NEXT;
  let url: URL;
  try {
    url = new URL(next, OWN_ORIGIN);
  } catch {
    return DEFAULT_NEXT;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil.com` resolves to the path `//evil.com`, which a browser would read as a host again.
  if (url.origin !== OWN_ORIGIN || path.startsWith("//") || url.pathname === "/login" || url.pathname.startsWith("/login/")) {
    return DEFAULT_NEXT;
  }
  return path;
}
