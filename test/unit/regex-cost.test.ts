// Every regex-based function that reads user text, on hostile input up to 100 kB: long runs of a
// pattern's own prefixes and separators ("eyJ-eyJ-…", "a-a-…", "sk-sk-…"), which make a badly
// bounded pattern rescan the rest of the run from each position (catastrophic backtracking).
// A call over 50 ms fails. Catastrophic cases are deterministic and cost seconds, while scheduler
// noise is not: a slow call is timed up to four more times and its fastest run counts.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { redactCredentials } from "../../web/src/lib/note/redact";
import { buildSyncNote, escapeLine } from "../../web/src/lib/note/build-note";
import type { LeadSnapshot } from "../../web/src/lib/note/snapshot";
import * as normalize from "../../web/src/lib/attio/normalize";
import { caseVariants, normalizeSearch, searchCondition } from "../../web/src/lib/leads/queries";

const LIMIT_MS = 50;
const MAX_CHARS = 100_000;
const RUNS = 40;

// Prefixes, separators and quotes of the patterns above, and characters they treat specially.
const FRAGMENTS = [
  "eyJ",
  "-",
  "_",
  ".",
  "a",
  "Z",
  "0",
  "9",
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  '"',
  "'",
  ":",
  "=",
  ";",
  ",",
  "&",
  "#",
  "@",
  "/",
  "\\",
  "%",
  "*",
  "[",
  "]",
  "!",
  "<",
  ">",
  "`",
  "~",
  "|",
  "+",
  "?",
  "sk-",
  "sk_live_",
  "pk_test_",
  "xoxb-",
  "ghp_",
  "github_pat_",
  "AKIA",
  "AIza",
  "Bearer ",
  "bearer\t",
  "authorization",
  "Authorization: ",
  "password",
  "pwd=",
  "passphrase:",
  "api_key",
  "token",
  "secret",
  "credentials",
  "://",
  "https://",
  "http://",
  "mailto:",
  "www.",
  "linkedin.com/in/",
  "-----BEGIN ",
  "PRIVATE KEY-----",
  "-----END ",
  "&#",
  "&amp",
  "==",
  "1.",
  "é",
  "İ",
  "\u202e",
  "\u200d",
  "😀",
  "Mon, 01 Jan",
  "12:00",
  "1.5",
];

const hostile = fc
  .record({
    unit: fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 }).map((a) => a.join("")),
    size: fc.integer({ min: 1_000, max: MAX_CHARS }),
    tail: fc.constantFrom("", "!", "\u0000", "x", " ", "."),
  })
  .map(({ unit, size, tail }) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size - tail.length) + tail);

const input = fc.oneof({ arbitrary: hostile, weight: 4 }, { arbitrary: fc.string({ maxLength: 2_000 }), weight: 1 });

/** Runs found catastrophic or close to it, each one 100 kB: always tried first. */
const KNOWN = [
  "eyJ-",
  "eyJ.",
  "eyJa.eyJa",
  "a-",
  "sk-",
  "xoxb-",
  "Bearer ",
  "password=",
  'pwd="',
  "key=",
  "authorization:",
  "a://",
  "&a",
  "-----BEGIN ",
].map((unit) => unit.repeat(Math.ceil(MAX_CHARS / unit.length)).slice(0, MAX_CHARS));

function lead(text: string): LeadSnapshot {
  return {
    id: 1,
    name: text,
    role: text,
    companyName: text,
    companyDomain: text,
    email: text,
    linkedinUrl: text,
    icpScore: { score: 80, reasons: [text] },
    sourceSignal: { excerpt: text, sourceUrl: text, capturedAt: text, angle: text },
    drafts: [{ angle: text, variantKey: text, hypothesis: text, content: text }],
    touchpoints: [{ channel: text, status: text, sentAt: text }],
  };
}

const FUNCTIONS: Record<string, (text: string) => unknown> = {
  redactCredentials: (t) => redactCredentials(t, ["exact-secret-0123456789"]),
  "buildSyncNote (every field)": (t) => buildSyncNote(lead(t), { syncedAt: new Date(0), marker: t }),
  escapeLine: (t) => escapeLine(t),
  normalizeEmail: normalize.normalizeEmail,
  normalizeDomain: normalize.normalizeDomain,
  domainFromEmail: normalize.domainFromEmail,
  isFreeMailDomain: normalize.isFreeMailDomain,
  companyDomainFor: (t) => normalize.companyDomainFor({ domain: t, email: t }),
  normalizeLinkedinUrl: normalize.normalizeLinkedinUrl,
  splitPersonName: normalize.splitPersonName,
  parseRetryAfter: (t) => normalize.parseRetryAfter(t, 0),
  normalizeSearch: (t) => normalizeSearch(t),
  searchCondition: (t) => searchCondition(t),
  caseVariants: (t) => caseVariants(t),
};

function timeMs(fn: () => unknown): number {
  const start = performance.now();
  try {
    fn();
  } catch {
    // Rejecting input is fine; only the time counts.
  }
  return performance.now() - start;
}

const report: { fn: string; inputs: number; worstMs: number; worstInput: string }[] = [];

describe("regex-based functions on hostile input up to 100 kB (fast-check)", () => {
  afterAll(() => {
    console.log(
      `regex cost, ${LIMIT_MS} ms limit per call:\n${report
        .map(
          (r) =>
            `  ${r.fn.padEnd(28)} ${String(r.inputs).padStart(4)} inputs, worst ${r.worstMs.toFixed(1).padStart(6)} ms (${r.worstInput})`,
        )
        .join("\n")}`,
    );
  });

  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    it(`${name}: every call within ${LIMIT_MS} ms`, () => {
      const row = { fn: name, inputs: 0, worstMs: 0, worstInput: "" };
      report.push(row);
      fc.assert(
        fc.property(input, (text) => {
          let ms = timeMs(() => fn(text));
          for (let retry = 0; retry < 4 && ms > LIMIT_MS; retry++)
            ms = Math.min(
              ms,
              timeMs(() => fn(text)),
            );
          row.inputs++;
          if (ms > row.worstMs)
            Object.assign(row, { worstMs: ms, worstInput: `${JSON.stringify(text.slice(0, 12))}… ${text.length} chars` });
          expect(ms, `${name} on ${JSON.stringify(text.slice(0, 40))}… (${text.length} chars)`).toBeLessThanOrEqual(LIMIT_MS);
        }),
        { numRuns: RUNS, seed: 20261130, examples: KNOWN.map((k) => [k]), endOnFailure: true },
      );
    });
  }
});
