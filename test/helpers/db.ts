import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createPrismaClient, type PrismaClient } from "../../web/src/lib/db";

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  cleanup(): Promise<void>;
}

/** A fresh, migrated SQLite database for one test file: a copy of the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-db-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  const url = `file:${file}`;
  const prisma = createPrismaClient(url);
  return {
    url,
    prisma,
    async cleanup() {
      await prisma.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
