// Over 300 lines on purpose: every variable's validation and its typed setting live in this one module.
// The one configuration module: validates the environment once at start (web:
// src/instrumentation.ts, worker: temporal/env.ts), one line per bad variable and never a secret's
// value, and turns it into the typed Config that the web app, the worker, the Temporal client,
// the Attio client and its budget take. Defaults live here and nowhere else; nothing else reads
// the environment's variables.
import { z } from "zod";
import { type FieldPolicyOverrides, parseFieldPolicyEnv } from "./attio/field-policy";
import { parseHttpUrl } from "./http-url";
import { ATTIO_ATTEMPT_TIMEOUT_MS, ATTIO_REQUESTS_PER_ATTEMPT } from "./temporal/contract";

export type Env = Record<string, string | undefined>;

/** Thrown with one line per missing or invalid variable. */
export class ConfigError extends Error {
  name = "ConfigError";
  constructor(
    readonly processName: string,
    readonly problems: string[],
  ) {
    super(
      `${processName}: invalid configuration (set these in .env or the environment; see .env.example):\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
  }
}

// Empty strings count as unset, as in .env.example (`ATTIO_API_KEY=`).
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const httpUrl = (what: string) => z.string().refine((v) => parseHttpUrl(v) !== null, `must be an http(s) URL (${what})`);

const MAX_ATTIO_TIMEOUT_MS = ATTIO_ATTEMPT_TIMEOUT_MS / ATTIO_REQUESTS_PER_ATTEMPT;

/** Attio's documented budget per workspace (docs/attio-api.md section 8): the default and the ceiling. */
export const ATTIO_RATE_LIMITS = { writesPerSecond: 25, readsPerSecond: 100 } as const;

/** Hosts whose traffic never leaves the machine, so plain http carries no token over a network. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Why an Attio base URL must not be used, or null: the bearer token travels with every request,
 * so https is required except towards this machine (the fake Attio).
 */
export function attioBaseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an https URL (Attio's REST API base, e.g. https://api.attio.com/v2)";
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return null;
  return "must be an https URL (http only for localhost/127.0.0.1, e.g. the fake Attio): the API key travels with every request";
}

/** https anywhere, http only to this machine: for URLs that carry a credential. */
function secureUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

const positiveInt = (max: number) =>
  z.string().refine((v) => /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= max, `must be a whole number between 1 and ${max}`);

const wholeNumber = (max: number) =>
  z.string().refine((v) => /^\d+$/.test(v.trim()) && Number(v) <= max, `must be a whole number between 0 and ${max}`);

/**
 * An Attio budget: 0 (no pacing), or from 1/s up to Attio's documented limit. Slower rates are
 * refused: each slot would hold every worker's requests of that kind for seconds to years.
 */
const attioRate = (limit: number) =>
  z.string().refine((v) => {
    const n = Number(v.trim());
    return Number.isFinite(n) && (n === 0 || (n >= 1 && n <= limit));
  }, `must be 0 (no pacing) or a number between 1 and ${limit} (Attio's limit per second, shared by every worker)`);

/** pino's levels, most verbose first; `silent` logs nothing. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const nonNegativeNumber = z.string().refine((v) => Number.isFinite(Number(v)) && Number(v) >= 0, "must be a non-negative number");

/** A 32-byte AES key in standard or URL-safe base64. */
export function decodeKey32(v: string): Uint8Array | null {
  const s = v.trim().replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return null;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(s.padEnd(Math.ceil(s.length / 4) * 4, "=")), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
  return bytes.length === 32 ? bytes : null;
}
const KEY_HINT = "must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)";
const key32 = z.string().refine((v) => decodeKey32(v) !== null, KEY_HINT);

const databaseUrl = z.string().refine((v) => {
  if (v.startsWith("file:")) return v.length > "file:".length;
  if (!/^postgres(ql)?:\/\//i.test(v)) return false;
  try {
    return new URL(v).hostname !== "";
  } catch {
    return false;
  }
}, "must be file:<path> (SQLite) or postgresql://user:password@host:port/database (PostgreSQL)");

/** Log and health settings of both processes (docs/operations.md, "Health checks and logs"). */
const logAndHealth = {
  LEADSYNC_LOG_LEVEL: optional(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` })),
  LEADSYNC_LOG_FORMAT: optional(
    z.enum(["json", "pretty"], { message: "must be json (one JSON object a line) or pretty (for a terminal)" }),
  ),
  LEADSYNC_HEALTH_CACHE_SECONDS: optional(positiveInt(300)),
};

// Prometheus endpoints (docs/operations.md): each off until its port is set, on loopback unless
// LEADSYNC_METRICS_HOST names another interface.
const tcpPort = z
  .string()
  .refine((v) => /^\d{1,5}$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65_535, "must be a TCP port between 1 and 65535");
const metricsHost = optional(
  z.string().regex(/^([A-Za-z0-9.-]+|[0-9A-Fa-f:]+)$/, "must be a host name or IP address to listen on, e.g. 127.0.0.1"),
);
const webMetricsVars = { LEADSYNC_METRICS_HOST: metricsHost, LEADSYNC_WEB_METRICS_PORT: optional(tcpPort) };
const workerMetricsVars = {
  LEADSYNC_METRICS_HOST: metricsHost,
  LEADSYNC_WORKER_METRICS_PORT: optional(tcpPort),
  LEADSYNC_TEMPORAL_METRICS_PORT: optional(tcpPort),
};

/** Variables both processes read. */
const shared = {
  ...logAndHealth,
  DATABASE_URL: optional(databaseUrl),
  // Optional on purpose: without it both processes start and the UI says what is missing (spec).
  ATTIO_API_KEY: optional(
    z
      .string()
      // docker-compose's env_file keeps `KEY=   # comment` comments as the value (.env.example has one).
      .refine(
        (v) => !v.trim().startsWith("#"),
        "holds a comment, not a key: put the key after = and nothing else on the line (docker-compose reads `# ...` as part of the value)",
      )
      .refine((v) => v.trim().startsWith("#") || !/\s/.test(v.trim()), "must not contain spaces or line breaks (a copy-paste slip?)"),
  ),
  ATTIO_BASE_URL: optional(
    z.string().superRefine((v, ctx) => {
      const problem = attioBaseUrlProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  ),
  // A step's attempt has ATTIO_ATTEMPT_TIMEOUT_MS for its requests; a longer per-request timeout
  // would let Temporal time the attempt out (and retry it) while its request still runs.
  ATTIO_TIMEOUT_MS: optional(
    z
      .string()
      .refine(
        (v) => /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= MAX_ATTIO_TIMEOUT_MS,
        `must be a whole number of milliseconds between 1 and ${MAX_ATTIO_TIMEOUT_MS}: a sync step has ${ATTIO_ATTEMPT_TIMEOUT_MS / 1000} s per attempt for its ${ATTIO_REQUESTS_PER_ATTEMPT} Attio requests`,
      ),
  ),
  LEADSYNC_FIELD_POLICY: optional(
    z.string().superRefine((v, ctx) => {
      for (const problem of parseFieldPolicyEnv(v).problems) ctx.addIssue({ code: "custom", message: `has ${problem}` });
    }),
  ),
  TEMPORAL_ADDRESS: optional(z.string().regex(/^[^\s:/]+:\d{1,5}$/, "must be host:port, e.g. 127.0.0.1:7233")),
  TEMPORAL_NAMESPACE: optional(z.string().regex(/^[\w.-]+$/, "must be a Temporal namespace name, e.g. default")),
  TEMPORAL_TASK_QUEUE: optional(z.string().regex(/^\S+$/, "must be a task queue name without spaces")),
  LEADSYNC_PAYLOAD_KEY: optional(key32),
  LEADSYNC_PAYLOAD_PREVIOUS_KEYS: optional(
    z
      .string()
      .refine((v) => v.split(",").every((k) => decodeKey32(k) !== null), `must be a comma-separated list of keys; each ${KEY_HINT}`),
  ),
};

const webSchema = z
  .object({
    ...shared,
    ...webMetricsVars,
    TEMPORAL_UI_URL: optional(httpUrl("the Temporal Web UI, e.g. http://localhost:8233")),
    LEADSYNC_PASSWORD: optional(z.string().min(8, "must be at least 8 characters")),
    LEADSYNC_SESSION_SECRET: optional(z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 48`)")),
    LEADSYNC_CODEC_TOKEN: optional(z.string().min(24, "must be at least 24 characters (e.g. `openssl rand -hex 24`)")),
    LEADSYNC_TRUSTED_PROXY_HOPS: optional(wholeNumber(10)),
    LEADSYNC_LOGIN_ATTEMPTS_PER_CLIENT: optional(positiveInt(10_000)),
    LEADSYNC_LOGIN_ATTEMPTS_GLOBAL: optional(positiveInt(1_000_000)),
    LEADSYNC_CODEC_CORS_ORIGINS: optional(
      z
        .string()
        .refine(
          (v) => v.split(",").every((o) => /^https?:\/\/[^/\s]+$/.test(o.trim())),
          "must be comma-separated origins like http://localhost:8080",
        ),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.LEADSYNC_PASSWORD && !env.LEADSYNC_SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["LEADSYNC_SESSION_SECRET"],
        message: "is required when LEADSYNC_PASSWORD is set (it signs the session cookies; e.g. `openssl rand -base64 48`)",
      });
    }
    // Without a password the codec endpoint would decrypt the runs' personal data for anyone.
    for (const name of ["LEADSYNC_PAYLOAD_KEY", "LEADSYNC_CODEC_TOKEN"] as const) {
      if (env[name] && !env.LEADSYNC_PASSWORD) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message:
            "needs LEADSYNC_PASSWORD (and LEADSYNC_SESSION_SECRET): without a sign-in, the codec endpoint /api/codec would decrypt payloads for anyone",
        });
      }
    }
  });

const workerSchema = z.object({
  ...shared,
  // The worker's readiness listener on 127.0.0.1 (temporal/infra/readiness-server.ts); off when unset.
  LEADSYNC_WORKER_HEALTH_PORT: optional(positiveInt(65_535)),
  ...workerMetricsVars,
  LEADSYNC_MAX_ACTIVITIES_PER_SECOND: optional(nonNegativeNumber),
  LEADSYNC_MAX_CONCURRENT_ACTIVITIES: optional(positiveInt(10_000)),
  LEADSYNC_ATTIO_WRITES_PER_SECOND: optional(attioRate(ATTIO_RATE_LIMITS.writesPerSecond)),
  LEADSYNC_ATTIO_READS_PER_SECOND: optional(attioRate(ATTIO_RATE_LIMITS.readsPerSecond)),
  // The URL is a credential (a Slack incoming webhook posts with it alone): https, as for Attio.
  LEADSYNC_ALERT_WEBHOOK_URL: optional(
    z
      .string()
      .refine(
        (v) => secureUrl(v),
        "must be an https URL (a Slack-compatible incoming webhook; http only for localhost/127.0.0.1): the URL itself is the webhook's secret",
      ),
  ),
  LEADSYNC_ALERT_INTERVAL_MINUTES: optional(positiveInt(7 * 24 * 60)),
  LEADSYNC_PUBLIC_URL: optional(httpUrl("where people open the app, for links in alerts")),
});

// Traces (OpenTelemetry), read by both processes: off until an OTLP endpoint is set.
/** `OTEL_EXPORTER_OTLP_HEADERS` (`key=value,key2=value2`, values URL-encoded), or null when malformed. */
export function parseOtlpHeaders(v: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of v.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    const key = part.slice(0, eq).trim();
    if (eq < 1 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) return null;
    try {
      out[key] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return out;
}

const tracesSchema = z
  .object({
    OTEL_EXPORTER_OTLP_ENDPOINT: optional(httpUrl("an OTLP/HTTP collector; traces go to <endpoint>/v1/traces, e.g. http://localhost:4318")),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional(httpUrl("an OTLP/HTTP traces URL, e.g. http://localhost:4318/v1/traces")),
    OTEL_EXPORTER_OTLP_HEADERS: optional(
      z.string().refine((v) => parseOtlpHeaders(v) !== null, "must be comma-separated key=value pairs (values URL-encoded)"),
    ),
    OTEL_SDK_DISABLED: optional(z.string().regex(/^(true|false)$/i, "must be true or false")),
  })
  .superRefine((env, ctx) => {
    // Collector headers usually carry an API key: not in clear over a network.
    const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
    if (env.OTEL_EXPORTER_OTLP_HEADERS && endpoint && !secureUrl(endpoint)) {
      ctx.addIssue({
        code: "custom",
        path: ["OTEL_EXPORTER_OTLP_HEADERS"],
        message: "needs an https OTLP endpoint (http only for localhost/127.0.0.1): the headers usually carry the collector's API key",
      });
    }
  });

/** Where traces go; null (the default) is off: no tracer, interceptor or exporter is installed. */
export interface TraceSettings {
  /** The OTLP/HTTP traces URL. */
  endpoint: string;
  /** Sent with every export (a collector's API key); never logged. */
  headers: Record<string, string>;
}

function traceSettings(env: Env): TraceSettings | null {
  const text = (name: string) => env[name]?.trim() || null;
  if (text("OTEL_SDK_DISABLED")?.toLowerCase() === "true") return null;
  const base = text("OTEL_EXPORTER_OTLP_ENDPOINT");
  const endpoint = text("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") ?? (base ? `${base.replace(/\/+$/, "")}/v1/traces` : null);
  if (!endpoint || !parseHttpUrl(endpoint)) return null;
  return { endpoint, headers: parseOtlpHeaders(text("OTEL_EXPORTER_OTLP_HEADERS") ?? "") ?? {} };
}

function check(processName: string, schema: z.ZodType, env: Env): void {
  const result = schema.and(tracesSchema).safeParse(env);
  if (result.success) return;
  // One line per variable: its first problem is the one to fix first.
  const byName = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? "environment");
    if (!byName.has(name)) byName.set(name, `${name} ${issue.message}`);
  }
  throw new ConfigError(processName, [...byName.values()]);
}

/** Throws a ConfigError listing every invalid variable the web app reads. */
export function assertWebConfig(env: Env = process.env): void {
  check("leadsync web", webSchema, env);
}

/** Throws a ConfigError listing every invalid variable the worker reads. */
export function assertWorkerConfig(env: Env = process.env): void {
  check("leadsync worker", workerSchema, env);
}

/**
 * For the web server's start (src/instrumentation.ts): prints every problem and exits the
 * process, rather than relying on what Next does with an error thrown from `register`.
 * Skipped while `next build` loads the server code.
 */
export function exitOnInvalidWebConfig(env: Env = process.env): void {
  if (env.NEXT_PHASE === "phase-production-build") return;
  try {
    assertWebConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

/**
 * The one "missing key" message: the worker's sync steps, the Attio client (the worker's, and the
 * web app's for its settings pages) and the worker's start. The worker's key decides whether a
 * sync runs; the web app's only serves its own pages.
 */
export const MISSING_ATTIO_KEY_MESSAGE =
  "ATTIO_API_KEY is not set: add your Attio API key to .env (see .env.example) and restart leadsync, or run `npm run attio:fake` to try it without an Attio account.";

// ---------------------------------------------------------------------------------------------
// Typed configuration

export const DEFAULTS = {
  databaseUrl: "file:./.data/leadsync.db",
  logLevel: "info",
  healthCacheSeconds: 15,
  attioBaseUrl: "https://api.attio.com/v2",
  attioTimeoutMs: 15_000,
  attioWritesPerSecond: ATTIO_RATE_LIMITS.writesPerSecond,
  attioReadsPerSecond: ATTIO_RATE_LIMITS.readsPerSecond,
  temporalAddress: "127.0.0.1:7233",
  temporalNamespace: "default",
  taskQueue: "leadsync",
  temporalUiUrl: "http://localhost:8233",
  maxConcurrentActivities: 20,
  alertIntervalMinutes: 60,
  publicUrl: "http://localhost:3000",
  trustedProxyHops: 0,
  loginAttemptsPerClient: 10,
  loginAttemptsGlobal: 100,
  loginWindowMs: 15 * 60_000,
  metricsHost: "127.0.0.1",
} as const;

/** How to reach Attio and how fast: the environment's side of the CRM connection. */
export interface AttioConnection {
  apiKey: string | null;
  baseUrl: string;
  timeoutMs: number;
  /** Attio's budget for the whole workspace, shared by every worker through the database; 0 = no pacing. */
  writesPerSecond: number;
  readsPerSecond: number;
}

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Base of the links to runs in the Temporal Web UI, without a trailing slash. */
  uiUrl: string;
}

export interface WorkerSettings {
  /** Server-side activity dispatch limit for the whole task queue; 0 = none. */
  maxTaskQueueActivitiesPerSecond: number;
  maxConcurrentActivities: number;
  /** Shown in the Temporal UI and in task-queue pollers (SDK default pid@host when null). */
  identity: string | null;
  /** A prebuilt workflow bundle: skips webpack at start. */
  workflowBundlePath: string | null;
  /** How long a run's next task waits for this worker's sticky queue (SDK default when null). */
  stickyTimeoutMs: number | null;
}

/** Failure alerts posted by the worker; off while `webhookUrl` is null. */
export interface AlertSettings {
  webhookUrl: string | null;
  /** At most one alert per lead in this many minutes. */
  intervalMinutes: number;
  /** Base of the links to the app in alerts, without a trailing slash. */
  publicUrl: string;
}

/** Prometheus endpoints of this process (docs/operations.md); each is off while its port is null. */
export interface MetricsSettings {
  host: string;
  /** The web app's metrics: requests, sign-ins, webhook deliveries. */
  webPort: number | null;
  /** The worker's leadsync metrics: syncs, Attio requests, budget waits, claims, alerts, inbound events. */
  workerPort: number | null;
  /** The Temporal SDK's own exporter in the worker: LEADSYNC_TEMPORAL_METRICS_PORT, else workerPort + 1. */
  temporalPort: number | null;
}

export interface AuthThrottleSettings {
  /** Reverse proxies in front of the web app whose X-Forwarded-For entries are trusted; 0 = none. */
  trustedProxyHops: number;
  /** Sign-in attempts per client address, and across all clients, per window. */
  attemptsPerClient: number;
  attemptsGlobal: number;
  windowMs: number;
}

/** Payload encryption keys in base64 (LEADSYNC_PAYLOAD_KEY, LEADSYNC_PAYLOAD_PREVIOUS_KEYS); off while `current` is null. */
export interface PayloadKeys {
  current: string | null;
  previous: string[];
}

/** Shared-password sign-in (null when LEADSYNC_PASSWORD is unset: the app is open). */
export interface SignInSettings {
  password: string;
  /** Null only when config validation was bypassed: auth/session.ts then fails closed. */
  sessionSecret: string | null;
  /** Bearer token the Temporal UI and CLI present to the codec route. */
  codecToken: string | null;
}

/** Structured logs (web/src/lib/log.ts). */
export interface LogSettings {
  level: LogLevel;
  /** JSON lines, or a human-readable line; null: pretty when stdout is a terminal, else JSON. */
  format: "json" | "pretty" | null;
}

/** Health checks (web/src/lib/health): how long a check's result is reused, and the worker's listener. */
export interface HealthSettings {
  cacheMs: number;
  /** Port of the worker's readiness listener on 127.0.0.1; null: none. */
  workerPort: number | null;
}

export interface Config {
  attio: AttioConnection;
  log: LogSettings;
  health: HealthSettings;
  /** DATABASE_URL, or the embedded SQLite default. */
  databaseUrl: string;
  signIn: SignInSettings | null;
  /** Browser origins allowed to call the codec route besides the Temporal UI's (LEADSYNC_CODEC_CORS_ORIGINS). */
  codecCorsOrigins: string[];
  payloadKeys: PayloadKeys;
  /** OpenTelemetry traces (OTEL_EXPORTER_OTLP_*); null = off. */
  traces: TraceSettings | null;
  /** LEADSYNC_FIELD_POLICY's overrides; the settings page's saved ones apply on top (crm-settings). */
  fieldPolicy: FieldPolicyOverrides;
  temporal: TemporalSettings;
  metrics: MetricsSettings;
  worker: WorkerSettings;
  alerts: AlertSettings;
  auth: AuthThrottleSettings;
}

/**
 * The configuration of this process, from the environment. Lenient on purpose (a value that does
 * not parse falls back to its default): the assert functions above are what refuse a bad environment.
 */
export function loadConfig(env: Env = process.env): Config {
  const text = (name: string) => env[name]?.trim() || null;
  const num = (name: string, fallback: number, min = 0) => {
    const n = Number(text(name) ?? NaN);
    return Number.isFinite(n) && n >= min ? n : fallback;
  };
  const positive = (name: string) => {
    const n = num(name, 0);
    return n > 0 ? n : null;
  };
  const logFormat = text("LEADSYNC_LOG_FORMAT");
  const nextPort = (port: number | null) => (port === null ? null : port + 1);
  return {
    log: {
      level: LOG_LEVELS.find((l) => l === text("LEADSYNC_LOG_LEVEL")) ?? DEFAULTS.logLevel,
      format: logFormat === "json" || logFormat === "pretty" ? logFormat : null,
    },
    health: {
      cacheMs: (positive("LEADSYNC_HEALTH_CACHE_SECONDS") ?? DEFAULTS.healthCacheSeconds) * 1000,
      workerPort: positive("LEADSYNC_WORKER_HEALTH_PORT"),
    },
    attio: {
      apiKey: text("ATTIO_API_KEY"),
      baseUrl: text("ATTIO_BASE_URL") ?? DEFAULTS.attioBaseUrl,
      timeoutMs: positive("ATTIO_TIMEOUT_MS") ?? DEFAULTS.attioTimeoutMs,
      writesPerSecond: num("LEADSYNC_ATTIO_WRITES_PER_SECOND", DEFAULTS.attioWritesPerSecond),
      readsPerSecond: num("LEADSYNC_ATTIO_READS_PER_SECOND", DEFAULTS.attioReadsPerSecond),
    },
    databaseUrl: text("DATABASE_URL") ?? DEFAULTS.databaseUrl,
    signIn: text("LEADSYNC_PASSWORD")
      ? { password: text("LEADSYNC_PASSWORD")!, sessionSecret: text("LEADSYNC_SESSION_SECRET"), codecToken: text("LEADSYNC_CODEC_TOKEN") }
      : null,
    codecCorsOrigins: (env.LEADSYNC_CODEC_CORS_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    traces: traceSettings(env),
    fieldPolicy: parseFieldPolicyEnv(env.LEADSYNC_FIELD_POLICY).overrides,
    payloadKeys: {
      current: text("LEADSYNC_PAYLOAD_KEY"),
      previous: (env.LEADSYNC_PAYLOAD_PREVIOUS_KEYS ?? "")
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
    },
    temporal: {
      address: text("TEMPORAL_ADDRESS") ?? DEFAULTS.temporalAddress,
      namespace: text("TEMPORAL_NAMESPACE") ?? DEFAULTS.temporalNamespace,
      taskQueue: text("TEMPORAL_TASK_QUEUE") ?? DEFAULTS.taskQueue,
      uiUrl: (text("TEMPORAL_UI_URL") ?? DEFAULTS.temporalUiUrl).replace(/\/$/, ""),
    },
    metrics: {
      host: text("LEADSYNC_METRICS_HOST") ?? DEFAULTS.metricsHost,
      webPort: positive("LEADSYNC_WEB_METRICS_PORT"),
      workerPort: positive("LEADSYNC_WORKER_METRICS_PORT"),
      temporalPort: positive("LEADSYNC_TEMPORAL_METRICS_PORT") ?? nextPort(positive("LEADSYNC_WORKER_METRICS_PORT")),
    },
    worker: {
      maxTaskQueueActivitiesPerSecond: num("LEADSYNC_MAX_ACTIVITIES_PER_SECOND", 0),
      maxConcurrentActivities: positive("LEADSYNC_MAX_CONCURRENT_ACTIVITIES") ?? DEFAULTS.maxConcurrentActivities,
      identity: text("LEADSYNC_WORKER_IDENTITY"),
      workflowBundlePath: text("LEADSYNC_WORKFLOW_BUNDLE"),
      stickyTimeoutMs: positive("LEADSYNC_STICKY_TIMEOUT_MS"),
    },
    alerts: {
      webhookUrl: text("LEADSYNC_ALERT_WEBHOOK_URL"),
      intervalMinutes: positive("LEADSYNC_ALERT_INTERVAL_MINUTES") ?? DEFAULTS.alertIntervalMinutes,
      publicUrl: (text("LEADSYNC_PUBLIC_URL") ?? DEFAULTS.publicUrl).replace(/\/$/, ""),
    },
    auth: {
      trustedProxyHops: Math.floor(num("LEADSYNC_TRUSTED_PROXY_HOPS", DEFAULTS.trustedProxyHops)),
      attemptsPerClient: positive("LEADSYNC_LOGIN_ATTEMPTS_PER_CLIENT") ?? DEFAULTS.loginAttemptsPerClient,
      attemptsGlobal: positive("LEADSYNC_LOGIN_ATTEMPTS_GLOBAL") ?? DEFAULTS.loginAttemptsGlobal,
      windowMs: DEFAULTS.loginWindowMs,
    },
  };
}
