import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";

export type { PrismaClient };

/** Relative `file:` URLs are resolved against the working directory, once, so every process agrees. */
export function resolveDatabaseUrl(url = process.env.DATABASE_URL ?? "file:./.data/leadsync.db"): string {
  if (!url.startsWith("file:")) return url;
  const file = url.slice("file:".length);
  return `file:${path.isAbsolute(file) ? file : path.resolve(/*turbopackIgnore: true*/ process.cwd(), file)}`;
}

export function createPrismaClient(url?: string): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: resolveDatabaseUrl(url) });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { leadsyncPrisma?: PrismaClient };

/** One client per process (survives `next dev` reloads). */
export function getPrisma(): PrismaClient {
  globalForPrisma.leadsyncPrisma ??= createPrismaClient();
  return globalForPrisma.leadsyncPrisma;
}
