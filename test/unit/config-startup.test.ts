import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports";
import { startWebServer } from "../helpers/web";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs a command to its end (or kills it after `timeoutMs`) and returns its exit code and output. */
function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 45_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Nothing of the runner's environment but PATH and HOME (Next's typings make NODE_ENV mandatory).
    const childEnv = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LEADSYNC_SKIP_DOTENV: "1",
      ...env,
    } as unknown as NodeJS.ProcessEnv;
    const proc = spawn(cmd, args, { cwd: root, env: childEnv, detached: true });
    let output = "";
    proc.stdout.on("data", (b: Buffer) => (output += b));
    proc.stderr.on("data", (b: Buffer) => (output += b));
    // A process that does not refuse keeps running: stop it, the test then fails on the exit code.
    const timer = setTimeout(() => {
      try {
        process.kill(-proc.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    }, timeoutMs);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const BAD = {
  DATABASE_URL: "mysql://admin:hunter2-db-pass@db/leads",
  TEMPORAL_ADDRESS: "no-port-here",
  LEADSYNC_PAYLOAD_KEY: "not-a-key",
};

describe("start-up with bad configuration", () => {
  it("the worker refuses to start and names every bad variable", async () => {
    const { code, output } = await run(path.join(root, "node_modules/.bin/tsx"), ["temporal/worker.ts"], BAD);
    expect(code).toBe(1);
    for (const name of Object.keys(BAD)) expect(output).toMatch(new RegExp(`^  - ${name} must`, "m"));
    expect(output).not.toContain("hunter2-db-pass");
  });

  it("the web server refuses to start and names every bad variable", async () => {
    if (!fs.existsSync(path.join(root, "web/.next/BUILD_ID")))
      throw new Error("web/.next has no production build: run through `npm test`.");
    const port = await freePort();
    const { code, output } = await run(
      path.join(root, "node_modules/.bin/next"),
      ["start", "web", "--port", String(port), "--hostname", "127.0.0.1"],
      { ...BAD, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", LEADSYNC_PASSWORD: "correct horse battery" },
    );
    expect(code).toBe(1);
    for (const name of [...Object.keys(BAD), "LEADSYNC_SESSION_SECRET"]) expect(output).toMatch(new RegExp(`^  - ${name} `, "m"));
    expect(output).not.toContain("hunter2-db-pass");
  });

  it("the web server starts without ATTIO_API_KEY (the lead page reports it instead)", async () => {
    const web = await startWebServer({ DATABASE_URL: "file:/tmp/leadsync-config-startup-unused.db" });
    try {
      const res = await fetch(`${web.url}/login`);
      expect(res.status).toBe(200);
      expect(web.process.exitCode).toBeNull();
    } finally {
      await web.stop();
    }
  });
});
