import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { startNextServer, type NextServer } from "../../scripts/lib/next-server";

const root = path.resolve(import.meta.dirname, "../..");

export type WebServer = NextServer;

/**
 * Runs the production build (`next start web`, built by `npm test` beforehand) with the given
 * environment, on a free port. It never reads the developer's .env.
 */
export async function startWebServer(env: Record<string, string>): Promise<WebServer> {
  if (!fs.existsSync(path.join(root, "web/.next/BUILD_ID"))) {
    throw new Error("web/.next has no production build: run the tests through `npm test` (it runs `next build web`).");
  }
  return startNextServer(env);
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
