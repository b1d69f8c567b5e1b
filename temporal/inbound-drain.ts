// The inbox drain: every few seconds the worker process signals the per-record workflow of inbox
// rows the webhook route could not signal (Temporal was down, the app died after answering), and
// of rows signalled long ago but still unapplied (their run ended before it saw the signal).
// Idempotent: the workflow ignores ids it has, and the apply skips rows already stamped.
import type { Client } from "@temporalio/client";
import { type InboxSignaller, rowsToDrain, signalInboxRows } from "../web/src/lib/attio-inbound/inbox";
import { temporalInboxSignaller } from "../web/src/lib/attio-inbound/signaller";
import type { PrismaClient } from "../web/src/lib/db";

export interface InboundDrainOptions {
  prisma: PrismaClient;
  /** Signals one workflow; defaults to signalWithStart through `client`. */
  signal?: InboxSignaller;
  client?: Client;
  taskQueue: string;
  everyMs?: number;
  /** Rows per pass. */
  batch?: number;
  /** The workflows' quiet window (tests shorten it). */
  quietMs?: number;
  onError?: (err: unknown) => void;
}

export interface InboundDrain {
  /** One pass now; resolves with the rows signalled. */
  drainOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startInboundDrain(opts: InboundDrainOptions): InboundDrain {
  const signal = opts.signal ?? temporalInboxSignaller(required(opts.client), { taskQueue: opts.taskQueue, quietMs: opts.quietMs });
  const batch = opts.batch ?? 200;
  let running: Promise<number> | null = null;
  let stopped = false;

  const drainOnce = (): Promise<number> => {
    running ??= (async () => {
      let total = 0;
      try {
        for (;;) {
          const rows = await rowsToDrain(opts.prisma, batch);
          if (rows.length === 0) break;
          total += await signalInboxRows(opts.prisma, signal, rows);
          if (rows.length < batch) break;
        }
      } catch (err) {
        // Temporal (or the database) is down: the rows stay for the next pass.
        opts.onError?.(err);
      } finally {
        running = null;
      }
      return total;
    })();
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) void drainOnce();
  }, opts.everyMs ?? 3_000);
  timer.unref?.();

  return {
    drainOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

function required(client: Client | undefined): Client {
  if (!client) throw new Error("startInboundDrain needs a client or a signal function");
  return client;
}
