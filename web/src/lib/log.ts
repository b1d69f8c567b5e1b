/**
 * The one logger of both processes: JSON lines through pino (one object a line, for a log
 * collector), or a short human-readable line in a terminal and in `npm run dev`
 * (LEADSYNC_LOG_FORMAT). The worker forwards Temporal's SDK logs here too (temporal/infra/runtime-logger.ts).
 *
 * What a line may carry: ids (lead, run, workflow, Attio records), statuses, codes, counts. Never
 * a secret or personal data: callers log no free text from leads or Attio, and every line passes
 * `scrubLogLine` on its way out, which masks this process's secrets, email addresses and the
 * detail text of Attio's error messages (Attio echoes submitted values there), whatever logged it.
 */
import pino, { type DestinationStream, type Logger } from "pino";
import { type Config, loadConfig, type LogSettings } from "./config";

export type { Logger };

/** Event names of the lines on-call filters on (docs/operations.md). */
export const LOG_EVENTS = { syncOutcome: "sync.outcome", attioFailure: "attio.failure", alert: "alert" } as const;

/** Secret values of this process's configuration worth masking: the ones long enough to be unique. */
export function configSecrets(config: Config): string[] {
  const values = [
    config.attio.apiKey,
    config.signIn?.password,
    config.signIn?.sessionSecret,
    config.signIn?.codecToken,
    config.payloadKeys.current,
    ...config.payloadKeys.previous,
    config.alerts.webhookUrl,
    ...Object.values(config.traces?.headers ?? {}),
  ];
  return values.filter((v): v is string => typeof v === "string" && v.length >= 8);
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// An Attio error message is `Attio <status> <code>: <Attio's message> (<METHOD> <path>)`.
const ATTIO_DETAIL = /(Attio \d{3}(?: [\w.-]+)?): .*? \(((?:GET|POST|PUT|PATCH|DELETE) \/[^)\s]*)\)/g;

/** Masks secrets, email addresses and Attio's error detail in a text (a serialized line, a message). */
export function scrubLogLine(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("[REDACTED]");
  return out.replace(ATTIO_DETAIL, "$1: [Attio's message omitted] ($2)").replace(EMAIL, "[email]");
}

/** The lead a workflow is about, from its id (`lead-<id>`, contract.ts); null for other workflows. */
export function leadIdOfWorkflow(workflowId: string | null | undefined): number | null {
  const m = workflowId ? /^lead-(\d+)$/.exec(workflowId) : null;
  return m ? Number(m[1]) : null;
}

/** An error as a log field: name, message and stack frames, never its enumerable payload (requests, bodies). */
export function errorFields(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { type?: unknown; nonRetryable?: unknown; status?: unknown; code?: unknown };
  const frames = (e.stack ?? "")
    .split("\n")
    .filter((l) => l.trimStart().startsWith("at "))
    .slice(0, 8)
    .map((l) => l.trim());
  return {
    name: e.name,
    message: e.message,
    ...(typeof e.type === "string" ? { type: e.type } : {}),
    ...(typeof e.nonRetryable === "boolean" ? { nonRetryable: e.nonRetryable } : {}),
    ...(typeof e.status === "number" ? { status: e.status } : {}),
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(frames.length ? { stack: frames } : {}),
    ...(e.cause !== undefined && depth < 2 ? { cause: errorFields(e.cause, depth + 1) } : {}),
  };
}

const LEVEL_NAMES: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const OMITTED_IN_PRETTY = new Set(["level", "time", "msg", "pid", "hostname", "name"]);

/** One JSON line as `HH:MM:SS.mmm LEVEL message key=value …`, for a person at a terminal. */
export function prettyLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const at = typeof entry.time === "number" || typeof entry.time === "string" ? new Date(entry.time) : null;
  const time = at && !Number.isNaN(at.getTime()) ? at.toISOString().slice(11, 23) : "";
  const level = (LEVEL_NAMES[entry.level as number] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([k]) => !OMITTED_IN_PRETTY.has(k))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  return `${[time, level, entry.msg ?? "", ...fields].join(" ")}\n`;
}

export interface LoggerOptions {
  settings: LogSettings;
  /** Shown as `name` on every line: leadsync-web or leadsync-worker. */
  name: string;
  secrets: readonly string[];
  /** Where lines go: a stream (tests), or a file descriptor (1: stdout, the default). */
  destination?: DestinationStream | 1 | 2;
  /** Whether that output is a terminal, for the format's default. */
  isTty?: boolean;
}

/** A logger writing scrubbed JSON lines (or pretty ones). */
export function createLogger(opts: LoggerOptions): Logger {
  const pretty = (opts.settings.format ?? (opts.isTty ? "pretty" : "json")) === "pretty";
  const target = opts.destination ?? 1;
  // Synchronous writes: a line logged just before process.exit (a failed start) is not lost.
  const out = typeof target === "number" ? pino.destination({ dest: target, sync: true }) : target;
  const destination: DestinationStream = pretty ? { write: (line: string) => out.write(prettyLine(line)) } : out;
  return pino(
    {
      name: opts.name,
      level: opts.settings.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: (line) => scrubLogLine(line, opts.secrets) },
    },
    destination,
  );
}

const globalForLog = globalThis as unknown as { leadsyncLogger?: Logger };

/**
 * Sets this process's logger from its configuration, writing to stdout; the worker calls it once
 * it has read its environment, the web server at start (instrumentation.ts). Returns it.
 */
export function initLogger(name: string, config: Config = loadConfig(), fd: 1 | 2 = 1): Logger {
  const isTty = (fd === 1 ? process.stdout : process.stderr).isTTY;
  globalForLog.leadsyncLogger = createLogger({ settings: config.log, name, secrets: configSecrets(config), destination: fd, isTty });
  return globalForLog.leadsyncLogger;
}

/**
 * This process's logger. Where nothing set one (scripts, benchmarks and tests running this code
 * in their own process), lines go to stderr, so that a script's stdout stays its own output.
 */
export function logger(): Logger {
  return globalForLog.leadsyncLogger ?? initLogger("leadsync", loadConfig(), 2);
}
