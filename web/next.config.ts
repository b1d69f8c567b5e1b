import fs from "node:fs";
import path from "node:path";
import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

const repoRoot = path.resolve(import.meta.dirname, "..");
// One `.env` at the repo root serves the worker, the scripts and the web app; real env vars win.
const dotEnv = path.join(repoRoot, ".env");
if (!process.env.LEADSYNC_SKIP_DOTENV && fs.existsSync(dotEnv)) process.loadEnvFile(dotEnv);

/**
 * Sent with every response. Next's pages hydrate from inline scripts, hence 'unsafe-inline' for
 * scripts (no nonce: the pages are not cached per request anyway); the dev server also evaluates
 * code and talks over a WebSocket (HMR).
 */
function securityHeaders(dev: boolean): { key: string; value: string }[] {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "same-origin" },
  ];
}

export default function config(phase: string): NextConfig {
  const dev = phase === PHASE_DEVELOPMENT_SERVER;
  return {
    // The app imports the workflow's shared types from ../temporal; let the bundler see the repo.
    turbopack: { root: repoRoot },
    outputFileTracingRoot: repoRoot,
    // Native or gRPC-heavy packages load from node_modules at runtime instead of being bundled.
    serverExternalPackages: ["@temporalio/client", "@prisma/client", "better-sqlite3", "@prisma/adapter-better-sqlite3", "prom-client"],
    poweredByHeader: false,
    // The dev server refuses its HMR socket and dev assets to origins it does not know, and the
    // page then never becomes interactive: both loopback spellings must work.
    allowedDevOrigins: ["localhost", "127.0.0.1"],
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders(dev) }];
    },
  };
}
