/** `next start web` (the production build) on a free port, with only the environment given, for tests and benchmarks. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitForPort } from "./ports";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface NextServer {
  url: string;
  process: ChildProcess;
  /** What the server printed so far (empty when its stderr is inherited). */
  output(): string;
  /** SIGTERM to the process group, SIGKILL if it is still there after 5 s. */
  stop(): Promise<void>;
}

export async function startNextServer(
  env: Record<string, string>,
  opts: { stderr?: "pipe" | "inherit"; port?: number } = {},
): Promise<NextServer> {
  const port = opts.port ?? (await freePort());
  let output = "";
  const inherit = opts.stderr === "inherit";
  const proc = spawn(path.join(root, "node_modules/.bin/next"), ["start", "web", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      LEADSYNC_SKIP_DOTENV: "1",
      ...env,
    },
    stdio: inherit ? ["ignore", "ignore", "inherit"] : ["ignore", "pipe", "pipe"],
    detached: true,
  });
  proc.stdout?.on("data", (b) => (output += b));
  proc.stderr?.on("data", (b) => (output += b));
  await waitForPort(port, "127.0.0.1", 60_000);
  return {
    url: `http://127.0.0.1:${port}`,
    process: proc,
    output: () => output,
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      try {
        process.kill(-proc.pid!, "SIGTERM");
      } catch {
        /* gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      try {
        process.kill(-proc.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    },
  };
}
