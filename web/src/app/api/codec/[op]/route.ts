// Temporal codec endpoint (protocol: docs/temporal-notes.md section 8): POST /api/codec/encode and
// /api/codec/decode with `{ payloads: [{ metadata: { k: base64 }, data: base64 }] }`, answering
// the same shape. The Temporal UI calls it from the browser (`--ui-codec-endpoint
// http://localhost:3000/api/codec`, or the UI's codec settings) to show decrypted payloads.
//
// Behind the app's access control: a signed-in session cookie (the UI sends it when its codec
// setting "include cross-origin credentials" is on, or TEMPORAL_CODEC_INCLUDE_CREDENTIALS=true),
// or `Authorization: Bearer <LEADSYNC_CODEC_TOKEN>` (the CLI's `--codec-auth`). CORS answers only
// the Temporal UI's origin(s). Without LEADSYNC_PAYLOAD_KEY it passes payloads through unchanged.
import { NextResponse, type NextRequest } from "next/server";
import { payloadCodecFromEnv, type Payload } from "@/lib/temporal/codec";
import { requestIsAuthorized } from "@/lib/auth/session";
import { currentSessionEpoch } from "@/lib/auth/epoch";
import { loadConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

// Below the 10 MB Next's proxy buffers of a request body (experimental.proxyClientMaxBodySize):
// beyond that the route would see a truncated body, not a too-large one.
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Origins allowed to call the codec from a browser: the Temporal UI's (both loopback spellings) plus LEADSYNC_CODEC_CORS_ORIGINS. */
function allowedOrigins(config = loadConfig()): Set<string> {
  const origins = new Set<string>();
  const add = (raw: string | undefined) => {
    try {
      if (!raw?.trim()) return;
      const u = new URL(raw.trim());
      origins.add(u.origin);
      if (u.hostname === "localhost") origins.add(u.origin.replace("localhost", "127.0.0.1"));
      if (u.hostname === "127.0.0.1") origins.add(u.origin.replace("127.0.0.1", "localhost"));
    } catch {
      /* validated at start */
    }
  };
  add(config.temporal.uiUrl);
  for (const o of config.codecCorsOrigins) add(o);
  return origins;
}

function corsHeaders(request: NextRequest): Record<string, string> {
  const origin = request.headers.get("origin");
  if (!origin || !allowedOrigins().has(origin)) return { vary: "origin" };
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers": "content-type, x-namespace, authorization",
    "access-control-max-age": "600",
    vary: "origin",
  };
}

export async function OPTIONS(request: NextRequest) {
  return new NextResponse(null, { status: 204, headers: corsHeaders(request) });
}

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const toBytes = (b64: string) => Uint8Array.from(Buffer.from(b64, "base64"));
const toBase64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString("base64");

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, toBytes(String(v))])),
    data: toBytes(p.data ?? ""),
  };
}

function toJson(p: Payload): JsonPayload {
  return { metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, toBase64(v)])), data: toBase64(p.data) };
}

/** The body as text, or null as soon as it passes `limit` bytes (the rest is never read). */
async function readBounded(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function POST(request: NextRequest, ctx: { params: Promise<{ op: string }> }) {
  const cors = corsHeaders(request);
  const reply = (body: unknown, status = 200) => NextResponse.json(body, { status, headers: { ...cors, "cache-control": "no-store" } });
  if (!(await requestIsAuthorized(request, process.env, { allowCodecToken: true, epoch: () => currentSessionEpoch() })))
    return reply({ error: "Sign-in required." }, 401);

  const { op } = await ctx.params;
  if (op !== "encode" && op !== "decode") return reply({ error: "Not found: use /encode or /decode." }, 404);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return reply({ error: "Payloads too large." }, 413);
  // Content-Length is only a claim (a chunked body has none): the read itself stops at the limit.
  const text = await readBounded(request, MAX_BODY_BYTES);
  if (text === null) return reply({ error: "Payloads too large." }, 413);

  let body: { payloads?: JsonPayload[] };
  try {
    body = JSON.parse(text);
  } catch {
    return reply({ error: "Body must be JSON: { payloads: [...] }." }, 400);
  }
  if (!Array.isArray(body?.payloads)) return reply({ error: "Body must be JSON: { payloads: [...] }." }, 400);

  const codec = payloadCodecFromEnv();
  if (!codec) return reply({ payloads: body.payloads });
  try {
    const payloads = body.payloads.map(fromJson);
    const out = op === "encode" ? await (await codec).encode(payloads) : await (await codec).decode(payloads);
    return reply({ payloads: out.map(toJson) });
  } catch (err) {
    // The message names a key id at most, never key material or payload content.
    return reply({ error: err instanceof Error ? err.message : "Payloads could not be processed." }, 400);
  }
}
