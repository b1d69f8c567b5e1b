import fs from "node:fs";
import path from "node:path";
import type { NextConfig } from "next";

const repoRoot = path.resolve(import.meta.dirname, "..");
// One `.env` at the repo root serves the worker, the scripts and the web app; real env vars win.
const dotEnv = path.join(repoRoot, ".env");
if (!process.env.LEADSYNC_SKIP_DOTENV && fs.existsSync(dotEnv)) process.loadEnvFile(dotEnv);

const nextConfig: NextConfig = {
  // The app imports the workflow's shared types from ../temporal; let the bundler see the repo.
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  // Native or gRPC-heavy packages load from node_modules at runtime instead of being bundled.
  serverExternalPackages: ["@temporalio/client", "@prisma/client", "better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
};

export default nextConfig;
