import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { postgresAvailable } from "../helpers/db";
import { quoteIdent, withAdminClient, withDatabase } from "../setup/postgres";

const root = path.resolve(import.meta.dirname, "../..");
const execFileAsync = promisify(execFile);

/** The model and enum blocks of a Prisma schema, comments and blank lines dropped, by name. */
function modelBlocks(file: string): Map<string, string> {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const blocks = new Map<string, string>();
  for (const m of text.matchAll(/^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const body = m[3]
      .split("\n")
      .map((line) =>
        line
          .replace(/\/\/.*$/, "")
          .trim()
          .replace(/\s+/g, " "),
      )
      .filter(Boolean)
      .join("\n");
    blocks.set(`${m[1]} ${m[2]}`, body);
  }
  return blocks;
}

describe("the PostgreSQL schema", () => {
  it("has exactly the SQLite schema's models, field for field", () => {
    const sqlite = modelBlocks("prisma/schema.prisma");
    const postgres = modelBlocks("prisma/postgres/schema.prisma");
    expect(sqlite.size).toBeGreaterThan(0);
    expect([...postgres.keys()].sort()).toEqual([...sqlite.keys()].sort());
    for (const [name, body] of sqlite) expect(postgres.get(name), `${name} differs between the two schemas`).toBe(body);
  });

  it.skipIf(!postgresAvailable())("is produced exactly by its committed migrations", async () => {
    // `migrate diff --from-migrations` replays the migrations into the adapter's database (an empty one here).
    const server = inject("postgresServerUrl");
    const name = `${inject("postgresDatabasePrefix")}_diff_${randomBytes(4).toString("hex")}`;
    await withAdminClient(server, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    try {
      const run = execFileAsync(
        "npx",
        [
          "prisma",
          "migrate",
          "diff",
          "--config",
          "prisma/postgres/prisma.config.ts",
          "--from-migrations",
          "prisma/postgres/migrations",
          "--to-schema-datamodel",
          "prisma/postgres/schema.prisma",
          "--script",
          "--exit-code",
        ],
        { cwd: root, env: { ...process.env, DATABASE_URL: withDatabase(server, name) } },
      );
      // Exit code 2 means a difference: the script it prints is the missing migration.
      const outcome = await run.then(
        () => "no difference",
        (err: { code?: number; stdout?: string; stderr?: string }) => `exit ${err.code}:\n${err.stdout}${err.stderr}`,
      );
      expect(outcome).toBe("no difference");
    } finally {
      await withAdminClient(server, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    }
  });
});
