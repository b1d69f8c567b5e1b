import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { freePort, waitForPort } from "../../scripts/lib/ports";

const root = path.resolve(import.meta.dirname, "../..");

export interface WebServer {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs the production build (`next start web`, built by `npm test` beforehand) with the given
 * environment, on a free port. It never reads the developer's .env.
 */
export async function startWebServer(env: Record<string, string>): Promise<WebServer> {
  if (!fs.existsSync(path.join(root, "web/.next/BUILD_ID"))) {
    throw new Error("web/.next has no production build: run the tests through `npm test` (it runs `next build web`).");
  }
  const port = await freePort();
  let output = "";
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
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  proc.stdout!.on("data", (b) => (output += b));
  proc.stderr!.on("data", (b) => (output += b));
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

/** Debian's Chromium through playwright-core (Playwright's own browser download fails offline). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export const screenshotDir = path.join(root, "test/screenshots");
export function screenshotPath(name: string): string {
  fs.mkdirSync(screenshotDir, { recursive: true });
  return path.join(screenshotDir, `${name}.png`);
}
