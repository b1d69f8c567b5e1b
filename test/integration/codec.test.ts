import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import type { Client } from "@temporalio/client";
import { AesGcmPayloadCodec, ENCODING_ENCRYPTED, type Payload } from "../../web/src/lib/temporal/codec";
import { temporalCliPath } from "../../scripts/lib/temporal-dev-server";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { createSessionToken, SESSION_COOKIE } from "../../web/src/lib/auth/session";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { connectTestClient } from "../helpers/temporal";

const execFileAsync = promisify(execFile);
const KEY = randomBytes(32).toString("base64");
const PASSWORD = "codec test password";
const SECRET = "codec-test-session-secret-0123456789abcdef";
const CODEC_TOKEN = randomBytes(24).toString("hex");
const UI_ORIGIN = "http://localhost:8233";
const LEAD = { name: "Grace Hopper", email: "grace@cobol.example", companyName: "Compiler Works", companyDomain: "compiler.example" };

/**
 * Every application Payload in a history: objects with byte `data` and byte-valued `metadata`.
 * Skipped: the `data` of local-activity markers and the `patch-data` of patch markers,
 * bookkeeping the SDK's core writes itself (sequence number, attempt, activity type, times, patch
 * ids; no lead data), which no codec sees; and search attributes (`TemporalChangeVersion`, the
 * patch ids), which the server indexes and so are never encoded.
 */
function payloadsIn(value: unknown, out: Payload[] = [], key = ""): Payload[] {
  if (!value || typeof value !== "object" || value instanceof Uint8Array) return out;
  const v = value as Record<string, unknown>;
  if (
    v.metadata &&
    typeof v.metadata === "object" &&
    Object.values(v.metadata).every((m) => m instanceof Uint8Array) &&
    (v.data === undefined || v.data === null || v.data instanceof Uint8Array)
  ) {
    out.push(v as Payload);
    return out;
  }
  for (const [k, child] of Object.entries(v)) {
    if (key === "details" && (k === "data" || k === "patch-data")) continue;
    if (k === "searchAttributes") continue;
    payloadsIn(child, out, k);
  }
  return out;
}

/** The history as text, with every byte field read as UTF-8, so plaintext PII would show. */
function historyText(history: unknown): string {
  return JSON.stringify(history, (_k, val) => (val instanceof Uint8Array ? Buffer.from(val).toString("utf8") : val));
}

const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString("base64")])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString("base64"),
});
const ENCODING_ENCRYPTED_B64 = Buffer.from(ENCODING_ENCRYPTED).toString("base64");
const dataText = (p: { data: string }) => Buffer.from(p.data, "base64").toString("utf8");

describe("payload encryption (LEADSYNC_PAYLOAD_KEY) and the codec endpoint", () => {
  const h = useSyncHarness({
    worker: { kind: "in-process", env: { LEADSYNC_PAYLOAD_KEY: KEY } },
    client: { env: { LEADSYNC_PAYLOAD_KEY: KEY } },
    web: {
      attio: false,
      env: {
        LEADSYNC_PAYLOAD_KEY: KEY,
        LEADSYNC_PASSWORD: PASSWORD,
        LEADSYNC_SESSION_SECRET: SECRET,
        LEADSYNC_CODEC_TOKEN: CODEC_TOKEN,
        TEMPORAL_UI_URL: UI_ORIGIN,
      },
    },
  });
  let plain: Client;
  let leadId: number;
  let runId: string;
  let history: unknown;

  beforeAll(async () => {
    plain = await connectTestClient();
    leadId = (await createLeadWithEvidence(h.db.prisma, LEAD)).id;
    const result = await runLeadSync(leadId, h.syncDeps());
    expect(result).toMatchObject({ success: true });
    // Read back with a client that has no key: what the server, its database and the UI hold.
    // By run id: other files share the dev server, and their lead ids (so `lead-<id>`) overlap.
    runId = (await h.db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).attioLastRunId!;
    history = await plain.workflow.getHandle(`lead-${leadId}`, runId).fetchHistory();
  });
  afterAll(async () => {
    await plain?.connection.close();
  });

  it("stores every workflow and activity payload encrypted: no name, email or company readable without the key", () => {
    const payloads = payloadsIn(history);
    // Input, five activity inputs and results, the workflow result.
    expect(payloads.length).toBeGreaterThanOrEqual(10);
    for (const p of payloads) expect(Buffer.from(p.metadata!.encoding).toString()).toBe(ENCODING_ENCRYPTED);
    const text = historyText(history);
    for (const pii of [LEAD.name, LEAD.email, LEAD.companyName, LEAD.companyDomain, "Sync snapshot"]) expect(text).not.toContain(pii);
  });

  it("decodes the history through the codec endpoint for a signed-in user", async () => {
    const cookie = `${SESSION_COOKIE}=${await createSessionToken({ password: PASSWORD, secret: SECRET })}`;
    const res = await fetch(`${h.web.url}/api/codec/decode`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-namespace": "default", origin: UI_ORIGIN, cookie },
      body: JSON.stringify({ payloads: payloadsIn(history).map(toJson) }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(UI_ORIGIN);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    const { payloads } = (await res.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    const decoded = payloads.map(dataText).join("\n");
    for (const pii of [LEAD.name, LEAD.email, LEAD.companyName, "Sync snapshot"]) expect(decoded).toContain(pii);
    expect(payloads.map((p) => Buffer.from(p.metadata.encoding, "base64").toString())).toContain("json/plain");
  });

  it("decodes the history for the Temporal CLI with the bearer token (`--codec-auth`)", async () => {
    const { stdout } = await execFileAsync(
      temporalCliPath(),
      [
        "workflow",
        "show",
        "--workflow-id",
        `lead-${leadId}`,
        "--run-id",
        runId,
        "--address",
        inject("temporalAddress"),
        "--output",
        "json",
        "--codec-endpoint",
        `${h.web.url}/api/codec`,
        "--codec-auth",
        `Bearer ${CODEC_TOKEN}`,
      ],
      { maxBuffer: 32 * 1024 * 1024 },
    );
    // Proto JSON: payload bytes are base64 strings; read every `data` next to a `metadata`.
    const decoded: string[] = [];
    JSON.parse(stdout, function (this: Record<string, unknown>, k, v) {
      if (k === "data" && typeof v === "string" && this.metadata) decoded.push(Buffer.from(v, "base64").toString("utf8"));
      return v;
    });
    expect(decoded.join("\n")).toContain(LEAD.name);
    expect(decoded.join("\n")).toContain(LEAD.email);
    expect(stdout).not.toContain(ENCODING_ENCRYPTED_B64);
  });

  it("refuses to decode without a session or with a wrong token", async () => {
    const body = JSON.stringify({ payloads: payloadsIn(history).slice(0, 1).map(toJson) });
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${CODEC_TOKEN.slice(0, -1)}x` },
      { cookie: `${SESSION_COOKIE}=v1.zzzzzzzz.nonce.sig` },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${h.web.url}/api/codec/decode`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain(LEAD.name);
    }
  });

  it("answers the Temporal UI's CORS preflight, and no other origin's", async () => {
    const preflight = (origin: string) =>
      fetch(`${h.web.url}/api/codec/decode`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-namespace" },
      });
    for (const origin of [UI_ORIGIN, "http://127.0.0.1:8233"]) {
      const ok = await preflight(origin);
      expect(ok.status).toBe(204);
      expect(ok.headers.get("access-control-allow-origin")).toBe(origin);
      expect(ok.headers.get("access-control-allow-headers")).toContain("x-namespace");
    }
    const foreign = await preflight("http://evil.example");
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("round-trips through /encode and /decode, and a different key or a changed byte cannot decrypt", async () => {
    const auth = { "content-type": "application/json", authorization: `Bearer ${CODEC_TOKEN}` };
    const original = {
      metadata: { encoding: Buffer.from("json/plain").toString("base64") },
      data: Buffer.from(JSON.stringify({ email: LEAD.email })).toString("base64"),
    };
    const enc = await (
      await fetch(`${h.web.url}/api/codec/encode`, { method: "POST", headers: auth, body: JSON.stringify({ payloads: [original] }) })
    ).json();
    expect(dataText(enc.payloads[0])).not.toContain(LEAD.email);
    const dec = await (await fetch(`${h.web.url}/api/codec/decode`, { method: "POST", headers: auth, body: JSON.stringify(enc) })).json();
    expect(dec.payloads[0]).toEqual(original);

    const [sealed] = payloadsIn(history);
    const other = await AesGcmPayloadCodec.create(randomBytes(32));
    await expect(other.decode([sealed])).rejects.toThrow(/unknown encryption key id/);
    const mine = await AesGcmPayloadCodec.create(Buffer.from(KEY, "base64"));
    const tampered = { ...sealed, data: Uint8Array.from(sealed.data!, (b, i) => (i === sealed.data!.length - 1 ? b ^ 1 : b)) };
    await expect(mine.decode([tampered])).rejects.toThrow();
  });

  it("encodes failure messages and stack traces too: a failed run's history holds no readable Attio error", async () => {
    const failing = (await createLeadWithEvidence(h.db.prisma, { ...LEAD, name: "Failing Hopper", email: "failing@cobol.example" })).id;
    h.fake.setFaults({ errorRate: 1, errorStatus: 400, appliesTo: "writes" });
    try {
      const result = await runLeadSync(failing, h.syncDeps());
      // The app's client decodes the failure: the user still reads Attio's answer.
      expect(result).toMatchObject({ success: false });
      expect(!result.success && result.error).toContain("Attio 400");
    } finally {
      h.fake.setFaults({ errorRate: 0 });
    }
    const failedRunId = (await h.db.prisma.lead.findUniqueOrThrow({ where: { id: failing } })).attioLastRunId!;
    const failedHistory = await plain.workflow.getHandle(`lead-${failing}`, failedRunId).fetchHistory();
    const text = historyText(failedHistory);
    expect(text).toContain("Encoded failure");
    for (const plainText of ["Attio 400", "/objects/", "    at ", "failing@cobol.example"]) expect(text).not.toContain(plainText);
    // Every failure's attributes sit in an encrypted payload.
    const encodedAttributes = payloadsIn(failedHistory).filter((p) => p.metadata?.encoding);
    for (const p of encodedAttributes) expect(Buffer.from(p.metadata!.encoding).toString()).toBe(ENCODING_ENCRYPTED);
  });
});
