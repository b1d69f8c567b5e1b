// Optional payload encryption for Temporal: workflow and activity inputs and results carry the
// lead's name, email and note (personal data), and Temporal stores them in its history. With
// LEADSYNC_PAYLOAD_KEY set, the worker and the web app's client encrypt every payload with
// AES-256-GCM before it leaves the process; the server (and anyone reading its database or UI
// without the codec endpoint) sees only `binary/encrypted` blobs.
//
// Format (as in Temporal's official encryption sample): the whole original Payload, protobuf-
// encoded, is encrypted; the new payload's data is IV (12 bytes) || ciphertext+tag, its metadata
// `encoding: binary/encrypted` and `encryption-key-id: <id>`. The key id (derived from the key)
// lets old histories be read after a key rotation (LEADSYNC_PAYLOAD_PREVIOUS_KEYS).
//
// Not encrypted by any codec (docs/temporal-notes.md section 8): workflow ids (`lead-<id>`, no PII),
// activity and workflow type names. Failure messages and stack traces are encrypted too when
// encryption is on: the failure converter moves them into an encoded payload (failure-converter.ts).
//
// WebCrypto only (no Node imports), and not imported by workflow code.
import { defaultPayloadConverter } from "@temporalio/common";
import { decodeKey32, type Env, loadConfig, type PayloadKeys } from "../config";
import { failureConverter } from "./failure-converter";

/** Structurally Temporal's Payload (`@temporalio/common`), which this repo does not import directly. */
export interface Payload {
  metadata?: Record<string, Uint8Array> | null;
  data?: Uint8Array | null;
}

/** Structurally Temporal's PayloadCodec. */
export interface PayloadCodec {
  encode(payloads: Payload[]): Promise<Payload[]>;
  decode(payloads: Payload[]): Promise<Payload[]>;
}

export const ENCODING_ENCRYPTED = "binary/encrypted";
export const METADATA_ENCODING_KEY = "encoding";
export const METADATA_KEY_ID_KEY = "encryption-key-id";
const IV_LENGTH = 12;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

interface LoadedKey {
  id: string;
  key: CryptoKey;
}

/** The key id stored with each payload: a short hash of the key (not secret, not reversible). */
export async function keyIdFor(raw: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw as BufferSource));
  return `leadsync-${[...digest.slice(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

async function loadKey(raw: Uint8Array): Promise<LoadedKey> {
  const key = await crypto.subtle.importKey("raw", raw as BufferSource, "AES-GCM", false, ["encrypt", "decrypt"]);
  return { id: await keyIdFor(raw), key };
}

/** AES-GCM codec: encrypts with the current key, decrypts with any known key (by key id). */
export class AesGcmPayloadCodec implements PayloadCodec {
  private constructor(
    private readonly current: LoadedKey,
    private readonly byId: Map<string, LoadedKey>,
  ) {}

  /** `current` and `previous` are raw 32-byte keys. */
  static async create(current: Uint8Array, previous: Uint8Array[] = []): Promise<AesGcmPayloadCodec> {
    const keys = await Promise.all([current, ...previous].map(loadKey));
    return new AesGcmPayloadCodec(keys[0], new Map(keys.map((k) => [k.id, k])));
  }

  get keyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        const iv = crypto.getRandomValues(new Uint8Array(IV_LENGTH));
        const sealed = new Uint8Array(
          await crypto.subtle.encrypt({ name: "AES-GCM", iv }, this.current.key, encodePayloadProto(payload) as BufferSource),
        );
        const data = new Uint8Array(IV_LENGTH + sealed.length);
        data.set(iv);
        data.set(sealed, IV_LENGTH);
        return {
          metadata: { [METADATA_ENCODING_KEY]: utf8.encode(ENCODING_ENCRYPTED), [METADATA_KEY_ID_KEY]: utf8.encode(this.current.id) },
          data,
        };
      }),
    );
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
        // Payloads written before encryption was turned on stay readable.
        if (!encoding || fromUtf8.decode(encoding) !== ENCODING_ENCRYPTED) return payload;
        const idBytes = payload.metadata?.[METADATA_KEY_ID_KEY];
        const keyId = idBytes ? fromUtf8.decode(idBytes) : "";
        const key = this.byId.get(keyId);
        if (!key)
          throw new Error(
            `Cannot decrypt a payload: unknown encryption key id "${keyId}" (is LEADSYNC_PAYLOAD_KEY or LEADSYNC_PAYLOAD_PREVIOUS_KEYS missing a key?)`,
          );
        const data = payload.data ?? new Uint8Array();
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: data.subarray(0, IV_LENGTH) as BufferSource },
          key.key,
          data.subarray(IV_LENGTH) as BufferSource,
        );
        return decodePayloadProto(new Uint8Array(plain));
      }),
    );
  }
}

const codecs = new Map<string, Promise<AesGcmPayloadCodec>>();

/** The codec for LEADSYNC_PAYLOAD_KEY (+ LEADSYNC_PAYLOAD_PREVIOUS_KEYS), or null when encryption is off. */
export function payloadCodecFromEnv(env: Env = process.env): Promise<AesGcmPayloadCodec> | null {
  return payloadCodecFor(loadConfig(env).payloadKeys);
}

/** The codec for the configured keys (config.ts), or null when encryption is off. */
export function payloadCodecFor(keys: PayloadKeys): Promise<AesGcmPayloadCodec> | null {
  if (!keys.current) return null;
  const cacheKey = [keys.current, ...keys.previous].join(",");
  let codec = codecs.get(cacheKey);
  if (!codec) {
    const current = decodeKey32(keys.current);
    const previous = keys.previous.map(decodeKey32);
    // Validated at start (config.ts); this guards direct callers. Never echo the key.
    if (!current || previous.some((k) => !k))
      throw new Error("LEADSYNC_PAYLOAD_KEY / LEADSYNC_PAYLOAD_PREVIOUS_KEYS must be 32 random bytes in base64.");
    codec = AesGcmPayloadCodec.create(current, previous as Uint8Array[]);
    codecs.set(cacheKey, codec);
  }
  return codec;
}

/**
 * The data converter for new Client (and, with `failureConverterPath` added, Worker.create) when
 * encryption is on, else undefined. Already loaded (a `failureConverter` instance, not a path):
 * inside the Next.js server bundle the SDK's `require()` of a .ts path cannot work. The worker
 * must name the converter by path instead, to bundle it into the workflow sandbox
 * (temporal/create-worker.ts).
 */
export async function dataConverterFromEnv(env: Env = process.env): Promise<EncryptingDataConverter | undefined> {
  return dataConverterFor(loadConfig(env).payloadKeys);
}

/** As dataConverterFromEnv, for keys a process's Config already holds (the worker's). */
export async function dataConverterFor(keys: PayloadKeys): Promise<EncryptingDataConverter | undefined> {
  const codec = payloadCodecFor(keys);
  if (!codec) return undefined;
  return {
    payloadCodecs: [await codec],
    payloadConverter: defaultPayloadConverter,
    failureConverter,
  };
}

export interface EncryptingDataConverter {
  payloadCodecs: PayloadCodec[];
  payloadConverter: typeof defaultPayloadConverter;
  failureConverter: typeof failureConverter;
}

// --- temporal.api.common.v1.Payload as protobuf: `map<string, bytes> metadata = 1; bytes data = 2;`
// Hand-written (two fields) so the web app need not bundle @temporalio/proto.

function pushVarint(out: number[], n: number): void {
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
}

function pushBytes(out: number[], field: number, bytes: Uint8Array): void {
  pushVarint(out, (field << 3) | 2);
  pushVarint(out, bytes.length);
  for (const b of bytes) out.push(b);
}

export function encodePayloadProto(payload: Payload): Uint8Array {
  const out: number[] = [];
  for (const [k, v] of Object.entries(payload.metadata ?? {})) {
    const entry: number[] = [];
    pushBytes(entry, 1, utf8.encode(k));
    pushBytes(entry, 2, v ?? new Uint8Array());
    pushBytes(out, 1, Uint8Array.from(entry));
  }
  if (payload.data && payload.data.length > 0) pushBytes(out, 2, payload.data);
  return Uint8Array.from(out);
}

/** Reads length-delimited fields (the only wire type Payload uses) as [field, bytes] pairs. */
function* fields(buf: Uint8Array): Generator<[number, Uint8Array]> {
  let i = 0;
  const varint = () => {
    let n = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw new Error("truncated payload");
      const b = buf[i++];
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    if ((tag & 7) !== 2) throw new Error("unexpected wire type in payload");
    const len = varint();
    if (i + len > buf.length) throw new Error("truncated payload");
    yield [tag >>> 3, buf.subarray(i, i + len)];
    i += len;
  }
}

export function decodePayloadProto(buf: Uint8Array): Payload {
  const metadata: Record<string, Uint8Array> = {};
  let data = new Uint8Array();
  for (const [field, bytes] of fields(buf)) {
    if (field === 1) {
      let key = "";
      let value = new Uint8Array();
      for (const [f, b] of fields(bytes)) {
        if (f === 1) key = fromUtf8.decode(b);
        else if (f === 2) value = Uint8Array.from(b);
      }
      metadata[key] = value;
    } else if (field === 2) {
      data = Uint8Array.from(bytes);
    }
  }
  return { metadata, data };
}
