// Attio signs the raw body: hex HMAC-SHA256 keyed with the webhook's secret, in `Attio-Signature`
// (also `X-Attio-Signature`). No timestamp is signed, so replays are stopped by the inbox's
// unique (Idempotency-Key, index), not here.
import { createHmac, timingSafeEqual } from "node:crypto";

export function signAttioBody(rawBody: string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("hex");
}

/** Whether `signature` is the body's HMAC under one of `secrets`; every comparison in constant time. */
export function signatureMatches(rawBody: string, signature: string | null, secrets: string[]): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature.trim())) return false;
  const given = Buffer.from(signature.trim().toLowerCase(), "hex");
  let ok = false;
  for (const secret of secrets) {
    const expected = Buffer.from(signAttioBody(rawBody, secret), "hex");
    // No early exit: the time taken does not tell which secret (or none) matched.
    if (timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}
