import { describe, expect, it } from "vitest";
import { assertWebConfig, assertWorkerConfig, ConfigError, decodeKey32, loadConfig } from "../../web/src/lib/config";
import { workerConfigFromEnv } from "../../temporal/env";
import { temporalMetricsTelemetry } from "../../temporal/worker-metrics";

const KEY = Buffer.alloc(32, 7).toString("base64");

function problems(fn: () => void): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("configuration validation", () => {
  it("accepts an empty environment: every variable has a default, and a missing ATTIO_API_KEY is left to the UI", () => {
    expect(problems(() => assertWebConfig({}))).toEqual([]);
    expect(problems(() => assertWorkerConfig({}))).toEqual([]);
    expect(workerConfigFromEnv({})).toMatchObject({
      temporal: { address: "127.0.0.1:7233", taskQueue: "leadsync", namespace: "default", uiUrl: "http://localhost:8233" },
      worker: { maxConcurrentActivities: 20, maxTaskQueueActivitiesPerSecond: 0 },
      attio: { apiKey: null, baseUrl: "https://api.attio.com/v2", timeoutMs: 15_000, writesPerSecond: 25, readsPerSecond: 100 },
    });
  });

  it("accepts a full, valid configuration for PostgreSQL with sign-in and payload encryption", () => {
    const env = {
      DATABASE_URL: "postgresql://leadsync:pw@db.internal:5432/leadsync",
      ATTIO_API_KEY: "a1b2c3",
      ATTIO_BASE_URL: "https://api.attio.com/v2",
      ATTIO_TIMEOUT_MS: "15000",
      TEMPORAL_ADDRESS: "temporal:7233",
      TEMPORAL_NAMESPACE: "default",
      TEMPORAL_TASK_QUEUE: "leadsync",
      TEMPORAL_UI_URL: "http://localhost:8233",
      LEADSYNC_PASSWORD: "correct horse battery",
      LEADSYNC_SESSION_SECRET: "s".repeat(40),
      LEADSYNC_PAYLOAD_KEY: KEY,
      LEADSYNC_PAYLOAD_PREVIOUS_KEYS: `${Buffer.alloc(32, 1).toString("base64")},${Buffer.alloc(32, 2).toString("base64url")}`,
      LEADSYNC_CODEC_TOKEN: "t".repeat(32),
      LEADSYNC_CODEC_CORS_ORIGINS: "http://localhost:8080, https://temporal.example.com",
    };
    expect(problems(() => assertWebConfig(env))).toEqual([]);
    expect(problems(() => assertWorkerConfig(env))).toEqual([]);
  });

  it("names each invalid variable on its own line", () => {
    const invalid: [name: string, value: string][] = [
      ["DATABASE_URL", "mysql://root@localhost/leads"],
      ["ATTIO_BASE_URL", "api.attio.com"],
      ["ATTIO_TIMEOUT_MS", "soon"],
      ["TEMPORAL_ADDRESS", "localhost"],
      ["TEMPORAL_UI_URL", "ftp://ui"],
      ["LEADSYNC_PAYLOAD_KEY", "too-short"],
    ];
    const lines = problems(() => assertWebConfig(Object.fromEntries(invalid)));
    expect(lines.map((l) => l.split(" ")[0]).sort()).toEqual(invalid.map(([name]) => name).sort());
    expect(lines.find((l) => l.startsWith("DATABASE_URL"))).toMatch(/file:.*postgresql:\/\//);
    expect(lines.find((l) => l.startsWith("LEADSYNC_PAYLOAD_KEY"))).toMatch(/32 random bytes in base64/);
  });

  it("requires a session secret when a password turns sign-in on", () => {
    expect(problems(() => assertWebConfig({ LEADSYNC_PASSWORD: "correct horse battery" }))).toEqual([
      expect.stringMatching(/^LEADSYNC_SESSION_SECRET is required when LEADSYNC_PASSWORD is set/),
    ]);
    expect(problems(() => assertWebConfig({ LEADSYNC_PASSWORD: "short", LEADSYNC_SESSION_SECRET: "tiny" }))).toEqual([
      expect.stringMatching(/^LEADSYNC_PASSWORD must be at least 8/),
      expect.stringMatching(/^LEADSYNC_SESSION_SECRET must be at least 32/),
    ]);
  });

  it("never repeats a secret's value in its messages", () => {
    // Each variable with an invalid value, and the secret in it (the whole value unless named).
    const secrets: [name: string, value: string, secret?: string][] = [
      ["DATABASE_URL", "mysql://admin:hunter2-db-pass@db/leads", "hunter2-db-pass"],
      ["LEADSYNC_PASSWORD", "pw-7"],
      ["LEADSYNC_SESSION_SECRET", "secret-xyz"],
      ["LEADSYNC_PAYLOAD_KEY", "payload-key-abc"],
      ["LEADSYNC_CODEC_TOKEN", "codec-tok"],
      ["ATTIO_API_KEY", "attio key with spaces"],
    ];
    let message = "";
    try {
      assertWebConfig(Object.fromEntries(secrets.map(([name, value]) => [name, value])));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split("\n").length).toBe(1 + secrets.length);
    for (const [name, value, secret = value] of secrets) expect(message, name).not.toContain(secret);
  });

  it("catches docker-compose's env_file reading .env.example's inline comment as the Attio key", () => {
    expect(problems(() => assertWorkerConfig({ ATTIO_API_KEY: "# Attio API key for CRM sync" }))).toEqual([
      expect.stringMatching(/^ATTIO_API_KEY holds a comment, not a key/),
    ]);
  });

  it("validates the worker's own limits", () => {
    expect(() => workerConfigFromEnv({ LEADSYNC_MAX_CONCURRENT_ACTIVITIES: "0", LEADSYNC_MAX_ACTIVITIES_PER_SECOND: "-1" })).toThrow(
      /LEADSYNC_MAX_ACTIVITIES_PER_SECOND must be a non-negative number\n.*LEADSYNC_MAX_CONCURRENT_ACTIVITIES must be a whole number between 1 and 10000/,
    );
  });

  it("reads payload keys in standard and URL-safe base64, 32 bytes only", () => {
    const raw = Buffer.from(Array.from({ length: 32 }, (_, i) => 250 - i));
    expect(decodeKey32(raw.toString("base64"))).toEqual(new Uint8Array(raw));
    expect(decodeKey32(raw.toString("base64url"))).toEqual(new Uint8Array(raw));
    expect(decodeKey32(Buffer.alloc(16).toString("base64"))).toBeNull();
    expect(decodeKey32("not base64!")).toBeNull();
  });
});

describe("Attio timeouts and the field policy", () => {
  it("refuses an ATTIO_TIMEOUT_MS that does not fit a sync step's attempt", () => {
    expect(problems(() => assertWorkerConfig({ ATTIO_TIMEOUT_MS: "60000" }))).toEqual([
      expect.stringMatching(
        /^ATTIO_TIMEOUT_MS must be a whole number of milliseconds between 1 and 30000: a sync step has 120 s per attempt/,
      ),
    ]);
    expect(problems(() => assertWorkerConfig({ ATTIO_TIMEOUT_MS: "30000" }))).toEqual([]);
  });

  it.each([
    ["LEADSYNC_ATTIO_WRITES_PER_SECOND", "0.005"],
    ["LEADSYNC_ATTIO_WRITES_PER_SECOND", "1e-9"],
    ["LEADSYNC_ATTIO_WRITES_PER_SECOND", "26"],
    ["LEADSYNC_ATTIO_READS_PER_SECOND", "0.5"],
    ["LEADSYNC_ATTIO_READS_PER_SECOND", "101"],
    ["LEADSYNC_ATTIO_READS_PER_SECOND", "fast"],
  ])("refuses %s=%s: a rate between off and 1/s stalls every worker's requests, one above Attio's limit only earns 429s", (name, value) => {
    expect(problems(() => assertWorkerConfig({ [name]: value }))).toEqual([
      expect.stringMatching(new RegExp(`^${name} must be 0 \\(no pacing\\) or a number between 1 and (25|100)`)),
    ]);
  });

  it("accepts Attio rates from 1/s up to Attio's limits, and 0 for no pacing", () => {
    for (const [writes, reads] of [
      ["0", "0"],
      ["1", "1"],
      ["12.5", "50"],
      ["25", "100"],
    ]) {
      expect(
        problems(() => assertWorkerConfig({ LEADSYNC_ATTIO_WRITES_PER_SECOND: writes, LEADSYNC_ATTIO_READS_PER_SECOND: reads })),
      ).toEqual([]);
    }
  });

  it("names each bad entry of LEADSYNC_FIELD_POLICY", () => {
    expect(
      problems(() => assertWorkerConfig({ LEADSYNC_FIELD_POLICY: "person.jobTitle=always,company.color=never,company.name=sometimes" })),
    ).toEqual([expect.stringMatching(/^LEADSYNC_FIELD_POLICY has unknown field "company.color"/)]);
    expect(problems(() => assertWebConfig({ LEADSYNC_FIELD_POLICY: "person.jobTitle=always, company.name=never" }))).toEqual([]);
  });

  it("reads the log and health settings, with their defaults", () => {
    expect(workerConfigFromEnv({})).toMatchObject({ log: { level: "info", format: null }, health: { cacheMs: 15_000, workerPort: null } });
    const env = {
      LEADSYNC_LOG_LEVEL: "debug",
      LEADSYNC_LOG_FORMAT: "pretty",
      LEADSYNC_HEALTH_CACHE_SECONDS: "30",
      LEADSYNC_WORKER_HEALTH_PORT: "9470",
    };
    expect(workerConfigFromEnv(env)).toMatchObject({
      log: { level: "debug", format: "pretty" },
      health: { cacheMs: 30_000, workerPort: 9470 },
    });
    expect(problems(() => assertWebConfig({ LEADSYNC_LOG_LEVEL: "warn", LEADSYNC_LOG_FORMAT: "json" }))).toEqual([]);
  });

  it("names a bad log level, log format, health cache window or worker health port", () => {
    const lines = problems(() =>
      assertWorkerConfig({
        LEADSYNC_LOG_LEVEL: "verbose",
        LEADSYNC_LOG_FORMAT: "xml",
        LEADSYNC_HEALTH_CACHE_SECONDS: "0",
        LEADSYNC_WORKER_HEALTH_PORT: "70000",
      }),
    );
    expect(lines.map((l) => l.split(" ")[0]).sort()).toEqual([
      "LEADSYNC_HEALTH_CACHE_SECONDS",
      "LEADSYNC_LOG_FORMAT",
      "LEADSYNC_LOG_LEVEL",
      "LEADSYNC_WORKER_HEALTH_PORT",
    ]);
    expect(lines.find((l) => l.startsWith("LEADSYNC_LOG_LEVEL"))).toMatch(/trace, debug, info, warn, error, fatal, silent/);
  });
});

describe("metrics settings", () => {
  it("are off until a port is set, and listen on 127.0.0.1", () => {
    expect(loadConfig({}).metrics).toEqual({ host: "127.0.0.1", webPort: null, workerPort: null, temporalPort: null });
    expect(temporalMetricsTelemetry(loadConfig({}).metrics)).toBeUndefined();
  });

  it("put the Temporal SDK's exporter on the port after the worker's unless it has its own", () => {
    expect(loadConfig({ LEADSYNC_WORKER_METRICS_PORT: "9464" }).metrics).toMatchObject({ workerPort: 9464, temporalPort: 9465 });
    const own = loadConfig({
      LEADSYNC_WORKER_METRICS_PORT: "9464",
      LEADSYNC_TEMPORAL_METRICS_PORT: "9100",
      LEADSYNC_METRICS_HOST: "::1",
    }).metrics;
    expect(temporalMetricsTelemetry(own)).toMatchObject({ metrics: { prometheus: { bindAddress: "[::1]:9100" } } });
  });

  it("refuse a port that is no TCP port and a host that is no host name", () => {
    expect(problems(() => assertWorkerConfig({ LEADSYNC_WORKER_METRICS_PORT: "70000", LEADSYNC_METRICS_HOST: "0.0.0.0/8" }))).toEqual([
      "LEADSYNC_METRICS_HOST must be a host name or IP address to listen on, e.g. 127.0.0.1",
      "LEADSYNC_WORKER_METRICS_PORT must be a TCP port between 1 and 65535",
    ]);
    expect(problems(() => assertWebConfig({ LEADSYNC_WEB_METRICS_PORT: "web" }))).toEqual([
      "LEADSYNC_WEB_METRICS_PORT must be a TCP port between 1 and 65535",
    ]);
  });
});

describe("traces configuration", () => {
  it("is off without an OTLP endpoint", () => {
    expect(loadConfig({}).traces).toBeNull();
  });

  it("sends to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces, or to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, with the headers decoded", () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).traces).toEqual({
      endpoint: "http://collector:4318/v1/traces",
      headers: {},
    });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://otlp.example/api/traces",
        OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=a%3Db,x-team=ops",
      }).traces,
    ).toEqual({ endpoint: "https://otlp.example/api/traces", headers: { "x-api-key": "a=b", "x-team": "ops" } });
  });

  it("stays off with OTEL_SDK_DISABLED=true even when an endpoint is set", () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "TRUE" }).traces).toBeNull();
  });

  it("refuses a bad endpoint, malformed headers, and headers towards a plain-http remote collector, without echoing a header", () => {
    expect(
      problems(() => assertWorkerConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318", OTEL_EXPORTER_OTLP_HEADERS: "nokey" })),
    ).toEqual([
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/),
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_HEADERS must be comma-separated key=value pairs/),
    ]);
    const secret = "x-api-key=s3cr3t-value";
    const remote = problems(() =>
      assertWebConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_EXPORTER_OTLP_HEADERS: secret }),
    );
    expect(remote).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_HEADERS needs an https OTLP endpoint/)]);
    expect(remote.join("\n")).not.toContain("s3cr3t");
    expect(
      problems(() => assertWorkerConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_EXPORTER_OTLP_HEADERS: secret })),
    ).toEqual([]);
    expect(
      problems(() => assertWorkerConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example", OTEL_EXPORTER_OTLP_HEADERS: secret })),
    ).toEqual([]);
  });
});
