import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { startTemporalDevServer, type TemporalDevServer } from "../../scripts/lib/temporal-dev-server";
import { postgresServerFromEnv, quoteIdent, withAdminClient, withDatabase } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    temporalAddress: string;
    templateDatabase: string;
    /** "postgresql" when TEST_DATABASE_URL asks for every test database on PostgreSQL. */
    testDatabaseProvider: "sqlite" | "postgresql";
    /** A PostgreSQL server URL (role with CREATEDB) and the run's migrated template database on it, or "". */
    postgresServerUrl: string;
    postgresTemplate: string;
    /** Prefix of every database this run creates on that server, so teardown drops only its own. */
    postgresDatabasePrefix: string;
  }
}

const root = path.resolve(import.meta.dirname, "../..");
const execFileAsync = promisify(execFile);
const POSTGRES_CONFIG = path.join(root, "prisma/postgres/prisma.config.ts");

let server: TemporalDevServer | undefined;
let tmpDir: string | undefined;

/**
 * Starts one in-memory Temporal dev server for the whole run (with a readiness wait far longer
 * than the SDK's 5 s) and migrates one template SQLite database that each test file copies. With
 * a PostgreSQL server configured, also migrates one template database there once; each test file
 * then gets `CREATE DATABASE ... TEMPLATE` (a file copy on the server, far faster than migrating).
 */
export default async function setup(project: TestProject) {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-test-"));
  const template = path.join(tmpDir, "template.db");
  const postgres = postgresServerFromEnv();
  const prefix = `leadsync_t${randomBytes(4).toString("hex")}`;
  const pgTemplate = `${prefix}_template`;

  // Concurrently: Prisma's wasm schema engine keeps `migrate deploy` on PostgreSQL alive ~10 s
  // after it is done (an engine timer), which the Temporal server's start-up hides.
  const results = await Promise.allSettled([
    startTemporalDevServer({ headless: true }),
    migrate([], `file:${template}`),
    postgres
      ? withAdminClient(postgres.url, (c) => c.query(`CREATE DATABASE ${quoteIdent(pgTemplate)}`)).then(() =>
          migrate(["--config", POSTGRES_CONFIG], withDatabase(postgres.url, pgTemplate)),
        )
      : null,
  ]);
  if (results[0].status === "fulfilled") server = results[0].value;
  const failed = results.find((r) => r.status === "rejected");
  if (failed || !server) {
    await server?.stop();
    if (postgres) await dropRunDatabases(postgres.url, prefix).catch(() => undefined);
    throw (failed as PromiseRejectedResult).reason;
  }
  project.provide("temporalAddress", server.address);
  project.provide("templateDatabase", template);
  project.provide("testDatabaseProvider", postgres?.forAll ? "postgresql" : "sqlite");
  project.provide("postgresServerUrl", postgres?.url ?? "");
  project.provide("postgresTemplate", postgres ? pgTemplate : "");
  project.provide("postgresDatabasePrefix", prefix);

  return async () => {
    await server?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    // Files drop their own databases; this catches the template and any a crashed file left behind.
    if (postgres) await dropRunDatabases(postgres.url, prefix);
  };
}

/** Drops every database this run created (they all start with its random prefix), nobody else's. */
async function dropRunDatabases(serverUrl: string, prefix: string): Promise<void> {
  await withAdminClient(serverUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
  });
}

/** `prisma migrate deploy` (with extra CLI args) against one database; its output only on failure. */
async function migrate(args: string[], databaseUrl: string): Promise<void> {
  try {
    await execFileAsync("npx", ["prisma", "migrate", "deploy", ...args], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } });
  } catch (err) {
    const out = err as { stdout?: string; stderr?: string };
    throw new Error(`prisma migrate deploy ${args.join(" ")} failed:\n${out.stdout ?? ""}${out.stderr ?? ""}`);
  }
}
