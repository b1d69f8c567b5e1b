import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createPrismaClient, type DatabaseProvider, type PrismaClient } from "../../web/src/lib/db";
import { quoteIdent, withAdminClient, withDatabase } from "../setup/postgres";

export interface TestDatabase {
  provider: DatabaseProvider;
  /** DATABASE_URL for this database: hand it to a web server or worker process. */
  url: string;
  prisma: PrismaClient;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file. SQLite by default (a copy of the run's template);
 * PostgreSQL when the run has TEST_DATABASE_URL set (CI's second pass) or when `provider` asks for
 * it (`CREATE DATABASE ... TEMPLATE` the run's migrated template).
 */
export async function createTestDatabase(opts: { provider?: DatabaseProvider } = {}): Promise<TestDatabase> {
  const provider = opts.provider ?? inject("testDatabaseProvider");
  const db = await (provider === "postgresql" ? createPostgresDatabase() : createSqliteDatabase());
  await isolateLeadIds(db);
  return db;
}

/**
 * Starts this database's lead ids at a random offset. All test files share one Temporal server,
 * and workflow ids are `lead-<id>`: with ids from 1 in every file, one file's start (conflict
 * policy USE_EXISTING) would attach to another file's running `lead-3` on another worker.
 */
async function isolateLeadIds(db: TestDatabase): Promise<void> {
  // Below 2^31: Prisma's Int is a 32-bit integer.
  const start = (1 + Math.floor(Math.random() * 2_000)) * 1_000_000;
  if (db.provider === "postgresql") {
    await db.prisma.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"Lead"', 'id'), ${start})`);
  } else {
    await db.prisma.$executeRawUnsafe(`DELETE FROM sqlite_sequence WHERE name = 'Lead'`);
    await db.prisma.$executeRawUnsafe(`INSERT INTO sqlite_sequence (name, seq) VALUES ('Lead', ${start})`);
  }
}

/** Whether this run has a PostgreSQL server (scripts/test.sh always starts one). */
export function postgresAvailable(): boolean {
  return inject("postgresServerUrl") !== "";
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-db-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  const url = `file:${file}`;
  const prisma = createPrismaClient(url);
  return {
    provider: "sqlite",
    url,
    prisma,
    async cleanup() {
      await prisma.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const server = inject("postgresServerUrl");
  if (!server) {
    throw new Error("No PostgreSQL server for this run: set TEST_POSTGRES_URL or TEST_DATABASE_URL (scripts/test.sh does).");
  }
  const name = `${inject("postgresDatabasePrefix")}_${randomBytes(6).toString("hex")}`;
  await withAdminClient(server, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(inject("postgresTemplate"))}`));
  const url = withDatabase(server, name);
  const prisma = createPrismaClient(url);
  return {
    provider: "postgresql",
    url,
    prisma,
    async cleanup() {
      await prisma.$disconnect();
      // FORCE: a web server or worker the file started may still hold a pooled connection.
      await withAdminClient(server, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}
