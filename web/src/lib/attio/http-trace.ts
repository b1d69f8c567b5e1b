// The client span of each Attio request (lib/tracing.ts; a plain call while traces are off): the
// method, the path as a template without ids or query, the host, the status or the error's code.
import { SpanKind } from "@opentelemetry/api";
import { inSpan } from "../tracing";
import { AttioError } from "./errors";

/** Path segments of Attio's API kept as they are; every other segment (ids, slugs) becomes `{id}`. */
const LITERAL_SEGMENTS = new Set([
  "objects",
  "records",
  "query",
  "lists",
  "entries",
  "attributes",
  "options",
  "statuses",
  "notes",
  "webhooks",
  "self",
  "workspace_members",
  "people",
  "companies",
  "deals",
]);

/** `/objects/people/records/3f1c…?x=1` → `/objects/people/records/{id}`: an allowlist, so nothing unforeseen leaks. */
export function attioPathTemplate(path: string): string {
  const pathname = path.split(/[?#]/, 1)[0] ?? "";
  return pathname
    .split("/")
    .map((segment) => (segment === "" || LITERAL_SEGMENTS.has(segment) ? segment : "{id}"))
    .join("/");
}

/** Runs `send` (one Attio request) in a client span; `send` gets a fetch that records the response's status. */
export function traceAttioRequest<C extends { baseUrl: string; fetch: typeof fetch }, T>(
  cfg: C,
  method: string,
  path: string,
  send: (cfg: C) => Promise<T>,
): Promise<T> {
  const template = attioPathTemplate(path);
  let server: { host: string; port: number | null } | null = null;
  try {
    const url = new URL(cfg.baseUrl);
    server = { host: url.hostname, port: url.port ? Number(url.port) : null };
  } catch {
    // Refused with its own error by attioRequest.
  }
  return inSpan(
    `${method} ${template}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "http.request.method": method,
        "url.template": template,
        ...(server ? { "server.address": server.host } : {}),
        ...(server?.port ? { "server.port": server.port } : {}),
      },
      errorType,
    },
    (span) => {
      if (!span) return send(cfg);
      const fetchRecordingStatus: typeof fetch = async (input, init) => {
        const res = await cfg.fetch(input, init);
        span.setAttribute("http.response.status_code", res.status);
        return res;
      };
      return send({ ...cfg, fetch: fetchRecordingStatus });
    },
  );
}

/**
 * A failed response's status, or our own code for what never got one (timeout, network_error,
 * budget_wait, cancelled, invalid_response): bounded values, never Attio's free text.
 */
function errorType(err: unknown): string {
  if (!(err instanceof AttioError)) return "_OTHER";
  if (err.status !== null && (err.status < 200 || err.status > 299)) return String(err.status);
  return OWN_CODES.has(err.code ?? "") ? (err.code as string) : "AttioError";
}

const OWN_CODES = new Set(["timeout", "network_error", "budget_wait", "cancelled", "invalid_response", "invalid_configuration"]);
