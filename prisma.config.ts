import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// schema.prisma reads env("DATABASE_URL"); without it Prisma cannot read the generator config,
// falls back to defaults and tries to download a native query engine (fails offline).
process.env.DATABASE_URL ??= "file:./.data/leadsync.db";

// Prisma 6.19 with the JavaScript schema engine: no native engine is downloaded, so every
// command works offline (see ../shared/toolchain.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! }),
});
