import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-pg/client";
import { loadConfig } from "./config";

/**
 * The one client type the app uses. Prisma generates a client per provider (prisma/schema.prisma
 * for SQLite, prisma/postgres/schema.prisma for PostgreSQL) from identical models, so both have
 * the same model API; the SQLite client's type stands for both.
 */
export type { PrismaClient };

export type DatabaseProvider = "sqlite" | "postgresql";

/** Which database a URL names: `file:` is SQLite, `postgres://`/`postgresql://` PostgreSQL. */
export function databaseProvider(url = loadConfig().databaseUrl): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  // Never echo the URL: it may carry a password.
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got a "${url.split(":")[0]}:" URL.`);
}

/** Relative `file:` URLs are resolved against the working directory, once, so every process agrees. */
export function resolveDatabaseUrl(url = loadConfig().databaseUrl): string {
  if (!url.startsWith("file:")) return url;
  const file = url.slice("file:".length);
  return `file:${path.isAbsolute(file) ? file : path.resolve(/*turbopackIgnore: true*/ process.cwd(), file)}`;
}

/** A client for DATABASE_URL (or `url`), with the driver adapter its scheme calls for. */
export function createPrismaClient(url?: string): PrismaClient {
  const resolved = resolveDatabaseUrl(url);
  if (databaseProvider(resolved) === "postgresql") {
    const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: resolved }) });
    return client as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: new WalSQLite({ url: resolved }) });
}

/**
 * SQLite in WAL mode with synchronous=NORMAL: a commit no longer waits for an fsync (about 14 ms
 * here, with the event loop blocked, since better-sqlite3 is synchronous), and the web app and the
 * worker processes sharing the file read while one writes. Crash-safe; a power loss may drop the
 * last commits, not corrupt the file. Every worker process reserves Attio send slots in the
 * database (temporal/infra/attio-budget.ts), so commits are frequent.
 */
class WalSQLite extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    return adapter;
  }
}

const globalForPrisma = globalThis as unknown as { leadsyncPrisma?: PrismaClient };

/** One client per process (survives `next dev` reloads). */
export function getPrisma(): PrismaClient {
  globalForPrisma.leadsyncPrisma ??= createPrismaClient();
  return globalForPrisma.leadsyncPrisma;
}
