import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startTemporalDevServer, type TemporalDevServer } from "../../scripts/lib/temporal-dev-server";

declare module "vitest" {
  export interface ProvidedContext {
    temporalAddress: string;
    templateDatabase: string;
  }
}

let server: TemporalDevServer | undefined;
let tmpDir: string | undefined;

/**
 * Starts one in-memory Temporal dev server for the whole run (with a readiness wait far longer
 * than the SDK's 5 s) and migrates one template SQLite database that each test file copies.
 */
export default async function setup(project: TestProject) {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-test-"));
  const template = path.join(tmpDir, "template.db");
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}` },
    stdio: "pipe",
  });
  server = await startTemporalDevServer({ headless: true });
  project.provide("temporalAddress", server.address);
  project.provide("templateDatabase", template);
  return async () => {
    await server?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  };
}
