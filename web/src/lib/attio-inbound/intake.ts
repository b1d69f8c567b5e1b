// The webhook intake, independent of Next.js: verify, store, answer; signalling comes after the
// answer (the route hands it to `after()`), so a slow or absent Temporal server never delays
// Attio's delivery or loses an event.
import type { Env } from "../config";
import type { PrismaClient } from "../db";
import { deliverySchema } from "./delivery";
import { type InboxRowRef, type InboxSignaller, signalInboxRows, storeDelivery } from "./inbox";
import { signatureMatches } from "./verify";
import { openWebhookSecret } from "./webhook-secret";

export interface IntakeDeps {
  prisma: PrismaClient;
  env?: Env;
}

export interface IntakeResult {
  status: 200 | 400 | 401 | 413;
  body: { ok: boolean; stored?: number; error?: string };
  /** Rows this delivery added, to signal after answering. */
  fresh: InboxRowRef[];
}

const MAX_BODY_CHARS = 1_000_000;

/** Webhooks whose deliveries are accepted: Attio sends to active and degraded ones. */
const RECEIVING = ["active", "degraded"];

export async function receiveAttioDelivery(
  deps: IntakeDeps,
  req: { rawBody: string; header: (name: string) => string | null },
): Promise<IntakeResult> {
  // Attio's deliveries are a few kB; a huge body is refused before it costs an HMAC per secret.
  if (req.rawBody.length > MAX_BODY_CHARS) return { status: 413, body: { ok: false, error: "Delivery too large." }, fresh: [] };
  const signature = req.header("attio-signature") ?? req.header("x-attio-signature");
  const hooks = await deps.prisma.attioWebhook.findMany({ where: { status: { in: RECEIVING } }, select: { secret: true } });
  const secrets = (await Promise.all(hooks.map((h) => openWebhookSecret(h.secret, deps.env)))).filter((s): s is string => !!s);
  // Nothing is parsed, stored or logged before the signature holds.
  if (!signatureMatches(req.rawBody, signature, secrets)) {
    return { status: 401, body: { ok: false, error: "Invalid or missing Attio-Signature." }, fresh: [] };
  }
  const deliveryKey = req.header("idempotency-key")?.trim();
  if (!deliveryKey || deliveryKey.length > 200) return { status: 400, body: { ok: false, error: "Missing Idempotency-Key." }, fresh: [] };
  let json: unknown;
  try {
    json = JSON.parse(req.rawBody);
  } catch {
    return { status: 400, body: { ok: false, error: "The body is not JSON." }, fresh: [] };
  }
  const parsed = deliverySchema.safeParse(json);
  if (!parsed.success) return { status: 400, body: { ok: false, error: "Not an Attio webhook delivery." }, fresh: [] };
  const fresh = await storeDelivery(deps.prisma, { webhookId: parsed.data.webhook_id, deliveryKey, events: parsed.data.events });
  return { status: 200, body: { ok: true, stored: fresh.length }, fresh };
}

/** After the answer: signal the new rows' workflows; on failure they stay unsignalled for the drain. */
export async function signalAfterIntake(prisma: PrismaClient, signal: InboxSignaller, fresh: InboxRowRef[]): Promise<void> {
  if (fresh.length === 0) return;
  try {
    await signalInboxRows(prisma, signal, fresh);
  } catch {
    // Temporal unreachable: the worker's drain signals these rows once it is back.
  }
}
