import { afterEach, describe, expect, it, vi } from "vitest";
import { REDACTED, redactCredentials } from "../../web/src/lib/note/redact";

// Fake credentials with the real shapes; none of them is a live key.
const CASES: { name: string; input: string; expected: string }[] = [
  { name: "OpenAI key", input: "key sk-proj-4fJ9kL2mN8pQ1rS5tU7vW3xY6z here", expected: `key ${REDACTED} here` },
  { name: "Anthropic key", input: "sk-ant-api03-AbCdEf1234567890GhIjKl", expected: REDACTED },
  { name: "Stripe secret key", input: "stripe: sk_live_51HxYzAbCdEfGhIjKlMnOp", expected: `stripe: ${REDACTED}` },
  { name: "Stripe test key", input: "sk_test_4eC39HqLyjWDarjtT1zdp7dc", expected: REDACTED },
  { name: "Stripe publishable key", input: "pk_live_51HxYzAbCdEfGhIjKlMnOp", expected: REDACTED },
  { name: "GitHub PAT (classic)", input: "ghp_1234567890abcdefghijABCDEFGHIJ123456", expected: REDACTED },
  { name: "GitHub OAuth token", input: "gho_16C7e42F292c6912E7710c838347Ae178B4a", expected: REDACTED },
  { name: "GitHub fine-grained PAT", input: "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", expected: REDACTED },
  { name: "Slack bot token", input: "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", expected: REDACTED },
  { name: "Slack user token", input: "xoxp-1234567890-abcdef", expected: REDACTED },
  { name: "AWS access key id", input: "AKIAIOSFODNN7EXAMPLE is the id", expected: `${REDACTED} is the id` },
  { name: "Google API key", input: "AIzaSyA1234567890abcdefghijklmnopqrstuv", expected: REDACTED },
  {
    name: "JWT",
    input: "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U done",
    expected: `token ${REDACTED} done`,
  },
  { name: "Bearer token", input: "use Bearer abc123def456ghi789 please", expected: `use Bearer ${REDACTED} please` },
  {
    name: "Authorization header",
    input: 'curl -H "Authorization: Basic dXNlcjpwYXNz" https://api.attio.com/v2/self',
    expected: `curl -H "Authorization: ${REDACTED}" https://api.attio.com/v2/self`,
  },
  { name: "Authorization header (bare)", input: "authorization: Token s3cr3t-value", expected: `authorization: ${REDACTED}` },
  {
    name: "password in URL",
    input: "see https://admin:hunter2@db.example.com:5432/app",
    expected: `see https://admin:${REDACTED}@db.example.com:5432/app`,
  },
  {
    name: "password in postgres URL",
    input: "postgres://app:S3cr3t!@localhost/leads",
    expected: `postgres://app:${REDACTED}@localhost/leads`,
  },
  { name: "password assignment", input: "password=hunter2 and more", expected: `password=${REDACTED} and more` },
  { name: "password in JSON", input: '{"db_password": "correct horse"}', expected: `{"db_password": "${REDACTED}"}` },
  { name: "password with a quote-delimited space", input: "pwd='a b c' next", expected: `pwd='${REDACTED}' next` },
  { name: "api_key assignment (hex)", input: "api_key=9f86d081884c7d659a2feaa0c55ad015", expected: `api_key=${REDACTED}` },
  { name: "env-style key", input: 'OPENAI_API_KEY="abc123DEF456ghi789JKL"', expected: `OPENAI_API_KEY="${REDACTED}"` },
  {
    name: "secret in query string",
    input: "https://x.io/cb?client_secret=Zm9vYmFyYmF6cXV4MTIzNA==&state=1",
    expected: `https://x.io/cb?client_secret=${REDACTED}&state=1`,
  },
  { name: "access token (base64)", input: "access_token: dGhpcyBpcyBhIHRva2VuIDEyMw==", expected: `access_token: ${REDACTED}` },
  {
    name: "private key block",
    input: "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
    expected: REDACTED,
  },
];

const UNTOUCHED: string[] = [
  "Ada Lovelace is VP of Revenue Operations at Northwind Analytics.",
  "Email ada.lovelace@northwind-analytics.io or ada+crm@gmail.com",
  "https://www.linkedin.com/in/ada-lovelace-revops-1234567890",
  "https://www.linkedin.com/posts/ada_sdr-crm-activity-7160000000000000000-AbCd",
  "Run id 0f8fad5b-d9cb-469f-a165-70867728950e",
  "Key: growth-stage-saas-companies",
  "The key to success is a monkey-proof process.",
  "Our secret sauce: talking to customers.",
  "Token economy; token: present",
  "They are the bearer of good news.",
  "Authorizations are pending",
  "Task-based risk-scoring for sk-learn users",
  "https://example.com/path?page=2&sort=desc",
  "Zoë Łukasz 李雷 🚀",
  "sha 9f86d081884c7d659a2feaa0c55ad015 of the file",
];

describe("redactCredentials", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  for (const c of CASES) {
    it(`redacts: ${c.name}`, () => {
      expect(redactCredentials(c.input)).toBe(c.expected);
    });
  }

  for (const text of UNTOUCHED) {
    it(`leaves alone: ${text}`, () => {
      expect(redactCredentials(text)).toBe(text);
    });
  }

  it("redacts the exact ATTIO_API_KEY value, read at call time", () => {
    vi.stubEnv("ATTIO_API_KEY", "attio-live-Key_w1th.odd+chars");
    expect(redactCredentials("x attio-live-Key_w1th.odd+chars y attio-live-Key_w1th.odd+chars")).toBe(`x ${REDACTED} y ${REDACTED}`);
    vi.stubEnv("ATTIO_API_KEY", "rotated-key-0001");
    expect(redactCredentials("rotated-key-0001")).toBe(REDACTED);
  });

  it("redacts extra secrets, ignoring empty and too-short ones", () => {
    vi.stubEnv("ATTIO_API_KEY", "");
    expect(redactCredentials("our webhook signing value is whsec-plain-words", ["whsec-plain-words", null, undefined, "", "abc"])).toBe(
      `our webhook signing value is ${REDACTED}`,
    );
    expect(redactCredentials("abc stays", ["abc"])).toBe("abc stays");
  });

  it("removes a longer secret whole even when a shorter one is inside it", () => {
    expect(redactCredentials("A-secret-value-long", ["secret-value", "A-secret-value-long"])).toBe(REDACTED);
  });

  it("stays fast on long pathological runs (no quadratic rescans)", () => {
    // Each of these took seconds with unbounded repetitions; a generous bound keeps CI stable.
    for (const text of ["a-".repeat(50_000), "eyJaaaaaa.".repeat(20_000), "sk-".repeat(40_000), "x://a:".repeat(20_000)]) {
      const started = performance.now();
      redactCredentials(text);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });

  it("is idempotent", () => {
    for (const c of CASES) expect(redactCredentials(redactCredentials(c.input))).toBe(c.expected);
  });
});
