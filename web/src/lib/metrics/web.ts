// The web app's Prometheus metrics (docs/operations.md): request rates and latencies by route
// pattern, sign-in attempts and their throttling, and Attio webhook deliveries. One registry per
// process on globalThis: Next bundles instrumentation.ts and the route handlers apart, and
// `next dev` reloads modules, but both must count into the registry the listener serves.
import diagnosticsChannel from "node:diagnostics_channel";
import type http from "node:http";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { MetricsSettings } from "../config";
import { startMetricsListener, type MetricsListener } from "./listener";
import { requestLabels } from "./routes";

export type SignInResult = "succeeded" | "wrong_password" | "throttled" | "cross_origin";
const SIGN_IN_RESULTS: SignInResult[] = ["succeeded", "wrong_password", "throttled", "cross_origin"];

/** A webhook delivery's fate, from the intake's status: stored (or a retry), or refused and why. */
export type WebhookDeliveryResult = "accepted" | "bad_signature" | "invalid" | "too_large";
const WEBHOOK_RESULTS: WebhookDeliveryResult[] = ["accepted", "bad_signature", "invalid", "too_large"];

interface WebMetrics {
  registry: Registry;
  requestDuration: Histogram<"route" | "kind" | "method" | "status_class">;
  signIns: Counter<"result">;
  signInsDelayed: Counter;
  webhookDeliveries: Counter<"result">;
  webhookEvents: Counter;
}

function createWebMetrics(): WebMetrics {
  const registry = new Registry();
  const m: WebMetrics = {
    registry,
    requestDuration: new Histogram({
      name: "leadsync_web_request_duration_seconds",
      help: "Time from a request's arrival to its response's end, by route pattern, kind (page, action, route, asset, other), method and status class.",
      labelNames: ["route", "kind", "method", "status_class"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    signIns: new Counter({
      name: "leadsync_web_sign_in_attempts_total",
      help: "Sign-in attempts by result; throttled ones were refused by the throttle before their password was compared.",
      labelNames: ["result"],
      registers: [registry],
    }),
    signInsDelayed: new Counter({
      name: "leadsync_web_sign_in_delayed_total",
      help: "Sign-in attempts the throttle slowed down (a client's repeated attempts in one window).",
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "leadsync_attio_webhook_deliveries_total",
      help: "Attio webhook deliveries to /api/attio/webhooks by result: accepted (stored, or a retry of a stored one) or refused.",
      labelNames: ["result"],
      registers: [registry],
    }),
    webhookEvents: new Counter({
      name: "leadsync_attio_webhook_events_received_total",
      help: "Attio webhook events stored in the inbox (retried deliveries add none).",
      registers: [registry],
    }),
  };
  // Zero from the start, so rate() and the alert rules see every series before its first event.
  for (const result of SIGN_IN_RESULTS) m.signIns.inc({ result }, 0);
  for (const result of WEBHOOK_RESULTS) m.webhookDeliveries.inc({ result }, 0);
  return m;
}

const globalForMetrics = globalThis as unknown as {
  leadsyncWebMetrics?: WebMetrics;
  leadsyncWebMetricsListener?: Promise<MetricsListener>;
};

function webMetrics(): WebMetrics {
  globalForMetrics.leadsyncWebMetrics ??= createWebMetrics();
  return globalForMetrics.leadsyncWebMetrics;
}

/** One sign-in attempt at /login/session; `delayed` when the throttle made it wait. */
export function countSignIn(result: SignInResult, delayed = false): void {
  webMetrics().signIns.inc({ result });
  if (delayed) webMetrics().signInsDelayed.inc();
}

/** One delivery at the webhook route, by the intake's answer; `stored` is the events it added to the inbox. */
export function countWebhookDelivery(status: number, stored: number): void {
  const result: WebhookDeliveryResult =
    status === 200 ? "accepted" : status === 401 ? "bad_signature" : status === 413 ? "too_large" : "invalid";
  webMetrics().webhookDeliveries.inc({ result });
  if (stored > 0) webMetrics().webhookEvents.inc(stored);
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "other";
}

interface ServerMessage {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  server: http.Server;
}

/**
 * Times every request of this process's HTTP servers but `exclude` from Node's own diagnostics
 * channels (published around the request listener, so Next's code is not touched), labelled by
 * the route pattern the path matches. A request whose client leaves before the answer ends is
 * not counted.
 */
function installRequestTiming(metrics: WebMetrics, exclude: () => http.Server | undefined): void {
  const started = new WeakMap<http.IncomingMessage, number>();
  diagnosticsChannel.subscribe("http.server.request.start", (message) => {
    const { request, server } = message as ServerMessage;
    if (server !== exclude()) started.set(request, performance.now());
  });
  diagnosticsChannel.subscribe("http.server.response.finish", (message) => {
    const { request, response } = message as ServerMessage;
    const start = started.get(request);
    if (start === undefined) return;
    started.delete(request);
    const { route, kind } = requestLabels((request.url ?? "/").split("?")[0], request.headers["next-action"] !== undefined);
    const method = METHODS.has(request.method ?? "") ? (request.method as string) : "other";
    metrics.requestDuration.observe(
      { route, kind, method, status_class: statusClass(response.statusCode) },
      (performance.now() - start) / 1000,
    );
  });
}

/**
 * For instrumentation.ts: starts the request timing and the metrics listener once per process.
 * Rejects when the listener cannot bind its port.
 */
export function startWebMetrics(settings: Pick<MetricsSettings, "host" | "webPort">): Promise<MetricsListener> {
  if (!globalForMetrics.leadsyncWebMetricsListener) {
    const metrics = webMetrics();
    // Node's process metrics sample the event loop: only while someone can scrape them.
    collectDefaultMetrics({ register: metrics.registry });
    let listener: MetricsListener | undefined;
    installRequestTiming(metrics, () => listener?.server);
    globalForMetrics.leadsyncWebMetricsListener = startMetricsListener(metrics.registry, settings.host, settings.webPort ?? 0).then((l) => {
      listener = l;
      return l;
    });
  }
  return globalForMetrics.leadsyncWebMetricsListener;
}
