import { after, NextResponse } from "next/server";
import { getPrisma } from "@/lib/db";
import { receiveAttioDelivery, signalAfterIntake } from "@/lib/attio-inbound/intake";
import { temporalInboxSignaller } from "@/lib/attio-inbound/signaller";
import { getTemporalClient, temporalSettings } from "@/lib/temporal/client";
import { countWebhookDelivery } from "@/lib/metrics/web";

export const dynamic = "force-dynamic";

/**
 * Attio's webhook deliveries. No session: the signature (HMAC of the raw body with a stored
 * webhook secret) is the authentication, checked before anything is stored; the proxy lets this
 * path through for that reason. Answers as soon as the events are in the inbox; the per-record
 * workflows are signalled after the answer, and by the worker's drain if Temporal is down.
 */
export async function POST(request: Request) {
  const prisma = getPrisma();
  const rawBody = await request.text();
  const result = await receiveAttioDelivery({ prisma }, { rawBody, header: (name) => request.headers.get(name) });
  countWebhookDelivery(result.status, result.fresh.length);
  if (result.fresh.length) {
    after(async () => {
      const settings = temporalSettings();
      const client = await getTemporalClient(settings).catch(() => null);
      if (client) await signalAfterIntake(prisma, temporalInboxSignaller(client, { taskQueue: settings.taskQueue }), result.fresh);
    });
  }
  return NextResponse.json(result.body, { status: result.status, headers: { "cache-control": "no-store" } });
}
