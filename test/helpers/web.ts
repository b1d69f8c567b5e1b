import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { startNextServer, type NextServer } from "../../scripts/lib/next-server";

const root = path.resolve(import.meta.dirname, "../..");

export type WebServer = NextServer;

/**
 * Runs the production build (`next start web`, built by `npm test` beforehand) with the given
 * environment, on a free port. It never reads the developer's .env.
 */
export async function startWebServer(env: Record<string, string>, opts: { port?: number } = {}): Promise<WebServer> {
  if (!fs.existsSync(path.join(root, "web/.next/BUILD_ID"))) {
    throw new Error("web/.next has no production build: run the tests through `npm test` (it runs `next build web`).");
  }
  return startNextServer(env, opts);
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

/** A server action's id, from the build's manifest (the same id the page's JS posts). */
export function serverActionId(exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "web/.next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName)?.[0];
  if (!id) throw new Error(`no server action ${exportedName} in the build`);
  return id;
}

/** Calls a server action the way Next's client does, without a browser (redirects are returned, not followed). */
export function postServerAction(base: string, pagePath: string, id: string, args: unknown[], cookie?: string): Promise<Response> {
  return fetch(`${base}${pagePath}`, {
    method: "POST",
    redirect: "manual",
    headers: { "next-action": id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(args),
  });
}

/** A raw request with a chosen Host header (fetch does not let a caller set Host). */
export function requestWithHost(
  base: string,
  path: string,
  host: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const url = new URL(path, base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: opts.method ?? "GET",
        headers: { ...opts.headers, host },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}
