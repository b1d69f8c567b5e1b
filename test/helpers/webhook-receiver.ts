/**
 * A real local HTTP endpoint that receives the fake Attio's webhook deliveries, for contract tests:
 * records every request (raw body, headers), answers with the status a test chooses, and checks
 * the `Attio-Signature` the way a receiver must (HMAC-SHA256 of the raw body, constant time).
 *
 *   const rx = await startWebhookReceiver();
 *   ... register rx.url as a webhook target on a fake started with allowHttpTargets ...
 *   rx.answer = () => 500;         // make the target fail
 *   await rx.close();
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedDelivery {
  raw: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed body: `{webhook_id, events}`. */
  body: any;
  /** The status the receiver answered (0: it did not answer). */
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** Status to answer for the n-th request (0-based); default 200; null: never answer (a hung target). */
  answer: (n: number, raw: string) => number | null;
  /** Resolves once at least `count` deliveries arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedDelivery[]>;
  close(): Promise<void>;
}

/** What a receiver checks before trusting a body: hex HMAC-SHA256 of the raw text with the secret. */
export function signatureValid(secret: string, raw: string, signature: string | string[] | undefined): boolean {
  if (typeof signature !== "string") return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(raw, "utf8").digest("hex"));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let n = 0;
  const rx: WebhookReceiver = {
    url: "",
    received,
    answer: () => 200,
    async waitFor(count, timeoutMs = 5_000) {
      if (received.length >= count) return received;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`waited ${timeoutMs} ms for ${count} deliveries, got ${received.length}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const status = rx.answer(n++, raw);
      const answered = status ?? 0;
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      received.push({ raw, headers: req.headers, body, answered });
      if (status !== null) {
        res.writeHead(status, { "content-type": "text/plain" });
        res.end(status < 300 ? "ok" : "fail");
      }
      for (const w of waiters.filter((x) => received.length >= x.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  rx.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/attio`;
  return rx;
}
