import { describe, expect, it } from "vitest";
import { ApplicationFailure } from "@temporalio/common";
import { loadConfig } from "../../web/src/lib/config";
import { configSecrets, createLogger, leadIdOfWorkflow, prettyLine, scrubLogLine } from "../../web/src/lib/log";
import { temporalLogFields, temporalLogger } from "../../temporal/infra/runtime-logger";

/** A logger whose lines land in an array. */
function capture(opts: { format?: "json" | "pretty"; secrets?: string[]; level?: "info" | "warn" } = {}) {
  const lines: string[] = [];
  const log = createLogger({
    settings: { level: opts.level ?? "info", format: opts.format ?? "json" },
    name: "leadsync-test",
    secrets: opts.secrets ?? [],
    destination: { write: (s: string) => lines.push(s) },
  });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("log lines", () => {
  it("are one JSON object a line with the level, message, name and fields", () => {
    const { log, lines, parsed } = capture();
    log.info({ event: "sync.outcome", leadId: 7, runId: "r-1" }, "sync succeeded");
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith("\n")).toBe(true);
    expect(parsed()[0]).toMatchObject({
      level: 30,
      name: "leadsync-test",
      msg: "sync succeeded",
      event: "sync.outcome",
      leadId: 7,
      runId: "r-1",
    });
    expect(parsed()[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("mask this process's secrets wherever they appear", () => {
    const key = "attio_secret_0123456789abcdef";
    const { log, lines } = capture({ secrets: [key] });
    log.warn({ header: `Bearer ${key}` }, `token ${key} refused`);
    expect(lines[0]).not.toContain(key);
    expect(lines[0]).toContain("[REDACTED]");
  });

  it("mask email addresses", () => {
    const { log, lines } = capture();
    log.warn({ error: { message: "no person with ada@analytical.example" } }, "failed for grace.hopper@navy.example.org");
    expect(lines[0]).not.toMatch(/ada@|grace\.hopper@/);
    expect(lines[0].match(/\[email\]/g)).toHaveLength(2);
  });

  it("drop the detail of Attio's error messages, which echoes submitted values, and keep status, code and route", () => {
    const message = 'Attio 400 validation_type: Value "Ada Lovelace" is not valid for name (PUT /objects/people/records)';
    expect(scrubLogLine(message, [])).toBe("Attio 400 validation_type: [Attio's message omitted] (PUT /objects/people/records)");
    expect(scrubLogLine("Attio 503: Service Unavailable (POST /notes)", [])).toMatch(/^Attio 503: .*\(POST \/notes\)$/);
    expect(scrubLogLine("Attio 503: Service Unavailable (POST /notes)", [])).not.toContain("Service Unavailable");
  });

  it("read as time, level, message and key=value in the pretty format", () => {
    const { log, lines } = capture({ format: "pretty" });
    log.warn({ leadId: 3, workflowId: "lead-3" }, "sync failed");
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}sync failed leadId=3 workflowId=lead-3\n$/);
  });

  it("below the configured level are not written", () => {
    const { log, lines } = capture({ level: "warn" });
    log.info("not this");
    log.warn("this");
    expect(lines).toHaveLength(1);
  });

  it("pass a non-JSON line through the pretty format unchanged", () => {
    expect(prettyLine("plain text")).toBe("plain text");
  });
});

describe("what the logger masks and derives", () => {
  it("masks the configured API key, sign-in secrets, codec token, payload keys and alert webhook URL", () => {
    const config = loadConfig({
      ATTIO_API_KEY: "attio-key-1234567890",
      LEADSYNC_PASSWORD: "correct horse battery",
      LEADSYNC_SESSION_SECRET: "s".repeat(40),
      LEADSYNC_CODEC_TOKEN: "c".repeat(30),
      LEADSYNC_PAYLOAD_KEY: Buffer.alloc(32, 1).toString("base64"),
      LEADSYNC_ALERT_WEBHOOK_URL: "https://hooks.slack.example/services/T0/B0/secret",
    });
    expect(configSecrets(config)).toEqual([
      "attio-key-1234567890",
      "correct horse battery",
      "s".repeat(40),
      "c".repeat(30),
      Buffer.alloc(32, 1).toString("base64"),
      "https://hooks.slack.example/services/T0/B0/secret",
    ]);
  });

  it("reads the lead id from a lead-<id> workflow id only", () => {
    expect(leadIdOfWorkflow("lead-42")).toBe(42);
    expect(leadIdOfWorkflow("resync-leads-2026")).toBeNull();
    expect(leadIdOfWorkflow(undefined)).toBeNull();
  });
});

describe("Temporal's SDK logs through the logger", () => {
  it("name the run as runId with the lead id beside the workflow id, and drop the task token", () => {
    const fields = temporalLogFields({ workflowId: "lead-9", workflowRunId: "run-9", taskToken: "dG9rZW4=", activityType: "upsertPerson" });
    expect(fields).toEqual({ workflowId: "lead-9", runId: "run-9", leadId: 9, activityType: "upsertPerson" });
  });

  it("turn an error into its name, type, message and frames, not its payload", () => {
    const failure = ApplicationFailure.create({
      type: "AttioUnavailable",
      message: "Attio 503: down (POST /notes)",
      details: [{ body: "x" }],
    });
    const fields = temporalLogFields({ error: failure });
    expect(fields.error).toMatchObject({
      name: "ApplicationFailure",
      type: "AttioUnavailable",
      message: "Attio 503: down (POST /notes)",
      nonRetryable: false,
    });
    expect(JSON.stringify(fields.error)).not.toContain('"details"');
  });

  it("writes at the SDK's level through the leadsync logger", () => {
    const { log, parsed } = capture();
    const sdk = temporalLogger(log);
    sdk.debug("Activity started", { workflowId: "lead-1" });
    sdk.warn("Activity failed", { workflowId: "lead-1", workflowRunId: "r" });
    expect(parsed()).toHaveLength(1);
    expect(parsed()[0]).toMatchObject({ level: 40, msg: "Activity failed", temporal: true, leadId: 1, runId: "r" });
  });
});
