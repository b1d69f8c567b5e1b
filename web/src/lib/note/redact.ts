/**
 * Removes credentials from user-supplied text before it leaves for Attio ("Never send API keys or
 * secrets to Attio"). Leads are scraped and hand-edited, so drafts and excerpts can contain pasted
 * keys, curl commands or connection strings. Patterns are deliberately specific (known prefixes,
 * minimum lengths, a digit in generic values) so ordinary words, emails, LinkedIn URLs and UUIDs
 * survive.
 */
import { loadConfig } from "../config";

export const REDACTED = "[REDACTED]";

/**
 * Exact secrets shorter than this are ignored: a short misconfigured value ("test") would
 * otherwise blank out ordinary words all over the note, and real API keys are far longer.
 */
export const MIN_EXACT_SECRET_LENGTH = 8;

type Rule = { name: string; pattern: RegExp; replace: string | ((match: string, ...groups: string[]) => string) };

// Every repetition is bounded ({0,40}, {8,10000}…), a rule whose match could start again inside
// its own run starts only where that run starts (a lookbehind), and assignments start at their
// keyword (the name's prefix stays in the text as it is): otherwise a long run like "eyJ-eyJ-…"
// or "a-a-a-…" makes a rule rescan the rest of the run from each position (quadratic: 10 s on
// 100 kB). test/unit/regex-cost.test.ts checks every rule on hostile input.

/** Longest token a rule reads; longer than any field the note keeps (build-note.ts cuts first). */
const MAX = 10_000;

// Characters that make up tokens in headers and query strings.
const TOKEN_CHARS = "A-Za-z0-9._~+/=-";

const RULES: Rule[] = [
  {
    name: "private key block",
    pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|$)/g,
    replace: REDACTED,
  },
  {
    // First, so the whole header value goes (scheme included), not just a recognised token in it.
    name: "Authorization header",
    pattern: new RegExp(`(\\b(?:proxy-)?authorization["']?\\s{0,20}[:=]\\s{0,20})(["']?)([^"'\\r\\n]{1,${MAX}})`, "gi"),
    replace: (_m, head: string, quote: string) => `${head}${quote}${REDACTED}`,
  },
  {
    // The token must look like one (a digit, or long), so prose like "bearer bonds" survives.
    name: "Bearer token",
    pattern: new RegExp(`\\b([Bb]earer\\s{1,20})([${TOKEN_CHARS}]{8,${MAX}})`, "g"),
    replace: (m, head: string, token: string) =>
      token === REDACTED || !(/\d/.test(token) || token.length >= 20) ? m : `${head}${REDACTED}`,
  },
  {
    name: "password in URL",
    pattern: /\b([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:@/?#[\]]{1,256}):([^\s@/?#]{1,256})@/gi,
    replace: (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`,
  },
  {
    name: "JWT",
    pattern: new RegExp(`(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,${MAX}}\\.eyJ[A-Za-z0-9_-]{5,${MAX}}\\.[A-Za-z0-9_-]{0,${MAX}}`, "g"),
    replace: REDACTED,
  },
  { name: "Stripe key", pattern: new RegExp(`\\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,${MAX}}`, "g"), replace: REDACTED },
  {
    name: "OpenAI/Anthropic-style key",
    pattern: new RegExp(`(?<![A-Za-z0-9_-])sk-(?=[A-Za-z0-9_-]{0,200}\\d)[A-Za-z0-9_-]{20,${MAX}}`, "g"),
    replace: REDACTED,
  },
  {
    name: "GitHub token",
    pattern: new RegExp(`\\b(?:gh[pousr]_[A-Za-z0-9]{30,${MAX}}|github_pat_[A-Za-z0-9_]{22,${MAX}})`, "g"),
    replace: REDACTED,
  },
  { name: "Slack token", pattern: new RegExp(`(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,${MAX}}`, "g"), replace: REDACTED },
  { name: "AWS access key id", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: REDACTED },
  { name: "Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}/g, replace: REDACTED },
  {
    // `password=hunter2`: any value, since passwords are not recognisable by shape. A quoted value
    // is removed up to its closing quote, because passwords may contain spaces.
    name: "password assignment",
    pattern: new RegExp(
      `((?:password|passwd|passphrase|pwd)["']?\\s{0,20}[:=]\\s{0,20})(?:(["'])[^"'\\r\\n]{0,${MAX}}(?=\\2)|[^\\s"',;&]{1,${MAX}})`,
      "gi",
    ),
    replace: (_m, head: string, quote: string | undefined) => `${head}${quote ?? ""}${REDACTED}`,
  },
  {
    // `api_key: 3f9a…`, `token=…`, `client_secret "…"`: only long hex/base64-like values with a
    // digit, so "key: growth-stage-saas-companies" is left alone.
    name: "generic secret assignment",
    pattern: new RegExp(`((?:key|token|secret|credentials?)["']?\\s{0,20}[:=]\\s{0,20})(["']?)([A-Za-z0-9+/=_.-]{16,${MAX}})`, "gi"),
    replace: (m, head: string, quote: string, value: string) =>
      /\d/.test(value) && /[A-Za-z]/.test(value) ? `${head}${quote}${REDACTED}` : m,
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Secrets matched by value: the configured Attio key plus whatever the caller passes. */
function exactSecrets(extra: (string | null | undefined)[] | undefined): string[] {
  // Read at call time, not import time, so rotating the key or setting it in tests is honoured.
  const candidates = [loadConfig().attio.apiKey, ...(extra ?? [])];
  const unique = new Set<string>();
  for (const c of candidates) {
    const value = c?.trim();
    if (value && value.length >= MIN_EXACT_SECRET_LENGTH) unique.add(value);
  }
  // Longest first, so a secret containing another is removed whole.
  return [...unique].sort((a, b) => b.length - a.length);
}

export function redactCredentials(text: string, extraSecrets?: (string | null | undefined)[]): string {
  if (!text) return text;
  let out = text;
  // Exact values first: a pattern rule rewriting part of a known secret would hide the rest from us.
  for (const secret of exactSecrets(extraSecrets)) {
    out = out.replace(new RegExp(escapeRegExp(secret), "g"), REDACTED);
  }
  for (const rule of RULES) {
    out =
      typeof rule.replace === "string"
        ? out.replace(rule.pattern, rule.replace)
        : out.replace(rule.pattern, rule.replace as (substring: string, ...args: string[]) => string);
  }
  return out;
}
