import path from "node:path";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

/**
 * The JavaScript schema engine reads PostgreSQL's catalogs, whose `name` and `"char"` columns
 * @prisma/adapter-pg 6.19 cannot map ("Column type 'name' could not be deserialized",
 * prisma/orm#27403, open). Migrations only: report those columns as text, which is what pg
 * already parsed them into. The app's runtime client (web/src/lib/db.ts) never needs this.
 */
const CATALOG_TEXT_OIDS = new Set([18 /* "char" */, 19 /* name */]);
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };
function asText<T>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const f of (r as QueryResultLike)?.fields ?? []) if (CATALOG_TEXT_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
  }
  return result;
}

class CatalogTextClient extends pg.Client {
  // Pool.query calls the callback form, a checked-out client (transactions) the promise form.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const cb = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (err: unknown, res: unknown) => cb(err, err ? res : asText(res));
    }
    const res = (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    return (res instanceof Promise ? res.then(asText) : res) as never;
  }
}

// PostgreSQL twin of ../../prisma.config.ts: the JavaScript schema engine with the pg driver adapter,
// so `prisma generate|migrate deploy|migrate diff --config prisma/postgres/prisma.config.ts` work offline.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  // Absolute paths: Prisma resolves relative ones against the config file's folder.
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  adapter: async () => {
    const url = process.env.DATABASE_URL ?? "";
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error("DATABASE_URL must be a postgres:// or postgresql:// URL for the PostgreSQL schema.");
    }
    // allowExitOnIdle: the CLI does not close the pool; idle clients must not keep it alive.
    const pool = new pg.Pool({ connectionString: url, Client: CatalogTextClient, allowExitOnIdle: true });
    return new PrismaPg(pool, { disposeExternalPool: true });
  },
});
