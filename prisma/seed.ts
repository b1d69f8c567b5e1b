/**
 * Seeds the database: `tsx prisma/seed.ts [--generated N]` (npm run db:seed).
 *
 * The demo leads are inserted only when the Lead table is empty, so running the script again (for
 * example from `npm run setup` on every start) never duplicates them. `--generated N` appends N
 * synthetic leads for benchmarks. It always appends and always starts at generated lead #0 (the
 * script does not track earlier runs), so run it on a fresh database for reproducible content.
 */
import { createPrismaClient } from "../web/src/lib/db";
import { seedGeneratedLeads } from "./generated-leads";
import { seedDemoLeads } from "./seed-data";

function parseArgs(argv: string[]): { generated: number } {
  let generated = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === "--generated") value = argv[++i];
    else if (arg.startsWith("--generated=")) value = arg.slice("--generated=".length);
    else throw new Error(`unknown argument: ${arg} (usage: tsx prisma/seed.ts [--generated N])`);
    if (value === undefined || !/^\d+$/.test(value)) throw new Error(`--generated needs a non-negative integer, got ${value ?? "nothing"}`);
    generated = Number(value);
  }
  return { generated };
}

async function main(): Promise<void> {
  const { generated } = parseArgs(process.argv.slice(2));
  const prisma = createPrismaClient();
  try {
    const existing = await prisma.lead.count();
    if (existing === 0) {
      const n = await seedDemoLeads(prisma);
      console.log(`seed: created ${n} demo leads`);
    } else {
      console.log(`seed: ${existing} leads already present, demo leads skipped`);
    }
    if (generated > 0) {
      const started = Date.now();
      const n = await seedGeneratedLeads(prisma, generated);
      console.log(`seed: created ${n} generated leads in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    console.log(`seed: ${await prisma.lead.count()} leads in total`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error("seed failed:", err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
