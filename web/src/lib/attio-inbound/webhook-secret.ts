// Webhook secrets at rest: AES-256-GCM with the payload key (LEADSYNC_PAYLOAD_KEY, the key the
// Temporal codec uses) when one is set, else stored as given (the README says so). The stored
// form names the key it was sealed with, so a rotated key (LEADSYNC_PAYLOAD_PREVIOUS_KEYS) still opens it.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { decodeKey32, type Env, loadConfig } from "../config";
import { keyIdFor } from "../temporal/codec";

const PREFIX = "enc:v1:";

interface Key {
  id: string;
  raw: Uint8Array;
}

async function keysFromEnv(env: Env): Promise<Key[]> {
  const { current, previous } = loadConfig(env).payloadKeys;
  const raws = [current, ...previous].map((v) => (v ? decodeKey32(v) : null)).filter((k): k is Uint8Array => k !== null);
  return Promise.all(raws.map(async (raw) => ({ id: await keyIdFor(raw), raw })));
}

/** The stored form of a secret: sealed when a payload key is configured, else the secret itself. */
export async function sealWebhookSecret(secret: string, env: Env = process.env): Promise<string> {
  const [key] = await keysFromEnv(env);
  if (!key || !loadConfig(env).payloadKeys.current) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.raw, iv);
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}${key.id}:${Buffer.concat([iv, sealed]).toString("base64")}`;
}

/** The secret of a stored form, or null when it was sealed with a key this process does not have. */
export async function openWebhookSecret(stored: string, env: Env = process.env): Promise<string | null> {
  if (!stored.startsWith(PREFIX)) return stored;
  const [keyId, body] = stored.slice(PREFIX.length).split(":");
  const key = (await keysFromEnv(env)).find((k) => k.id === keyId);
  if (!key || !body) return null;
  const bytes = Buffer.from(body, "base64");
  if (bytes.length < 12 + 16) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.raw, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** True when secrets are stored sealed (a payload key is configured). */
export function webhookSecretsSealed(env: Env = process.env): boolean {
  const { current } = loadConfig(env).payloadKeys;
  return !!current && decodeKey32(current) !== null;
}
