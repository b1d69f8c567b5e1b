import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseProvider } from "../../web/src/lib/db";
import { createLeads, type LeadInput } from "../../web/src/lib/leads/lead-input";
import { listLeads, type LeadListPage } from "../../web/src/lib/leads/queries";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../helpers/db";
import { nameOnlyLead } from "../../prisma/lead-fixtures";

/**
 * The list's raw SQL (search, keyset pages, counts) and the bulk insert, on each database the
 * app supports: SQLite always, PostgreSQL when the run has one (scripts/test.sh starts it).
 */
const lead = (name: string, extra: Partial<LeadInput> = {}): LeadInput => ({
  ...nameOnlyLead(name),
  icpScore: null,
  icpReasons: [],
  ...extra,
});

const providers: DatabaseProvider[] = ["sqlite", "postgresql"];

describe.each(providers)("leads on %s", (provider) => {
  const skip = provider === "postgresql" && !postgresAvailable();
  let db: TestDatabase;
  let ids: number[];

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase({ provider });
    // 55 plain leads, then 5 to search for: 60 in all, ids ascending in this order.
    ids = await createLeads(db.prisma, [
      ...Array.from({ length: 55 }, (_, i) =>
        lead(`Plain ${i}`, { email: `plain${i}@plain.io`, icpScore: i % 100, icpReasons: [`r${i}`] }),
      ),
      lead("Émile Ångström", { companyName: "Zebra Optics", email: "emile@zebra-optics.io" }),
      lead("Grace Hopper", { companyName: "Navy Labs", email: "grace@navylabs.io" }),
      lead("Percy Cent", { companyName: "100% Organic" }),
      lead("Under Score", { companyName: "a_b" }),
      lead("Sofia MÜLLER", { companyName: "Lumen" }),
    ]);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const names = (page: LeadListPage) => page.leads.map((l) => l.name);

  it.skipIf(skip)("inserts a batch with each lead's ICP score on the right lead", async () => {
    expect(ids).toHaveLength(60);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const rows = await db.prisma.lead.findMany({
      where: { id: { in: ids.slice(0, 55) } },
      include: { icpScore: true },
      orderBy: { id: "asc" },
    });
    expect(
      rows.every((r, i) => r.name === `Plain ${i}` && r.icpScore?.score === i % 100 && r.icpScore.reasons === JSON.stringify([`r${i}`])),
    ).toBe(true);
  });

  it.skipIf(skip)("pages newest first with aligned pages forwards, backwards and from the end", async () => {
    const first = await listLeads(db.prisma);
    expect([first.total, first.from, first.to, first.prev, names(first)[0]]).toEqual([60, 1, 25, null, "Sofia MÜLLER"]);
    const second = await listLeads(db.prisma, { cursor: first.next! });
    expect([second.from, second.to]).toEqual([26, 50]);
    const third = await listLeads(db.prisma, { cursor: second.next! });
    expect([third.from, third.to, third.next]).toEqual([51, 60, null]);
    expect(names(third).at(-1)).toBe("Plain 0");
    expect(names(await listLeads(db.prisma, { cursor: third.prev! }))).toEqual(names(second));
    const last = await listLeads(db.prisma, { cursor: { kind: "last" } });
    expect(names(last)).toEqual(names(third));
    expect(names(await listLeads(db.prisma, { cursor: last.prev! }))).toEqual(names(second));
  });

  it.skipIf(skip)("searches name, company and email ignoring case, every word anywhere", async () => {
    const search = async (q: string) => names(await listLeads(db.prisma, { q }));
    expect(await search("GRACE")).toEqual(["Grace Hopper"]);
    expect(await search("navylabs.IO")).toEqual(["Grace Hopper"]);
    expect(await search("grace labs")).toEqual(["Grace Hopper"]);
    expect(await search("ångström")).toEqual(["Émile Ångström"]);
    expect(await search("ÉMILE")).toEqual(["Émile Ångström"]);
    expect(await search("müller")).toEqual(["Sofia MÜLLER"]);
    expect(await search("grace nowhere")).toEqual([]);
  });

  it.skipIf(skip)("treats % and _ as literal characters", async () => {
    expect(names(await listLeads(db.prisma, { q: "100%" }))).toEqual(["Percy Cent"]);
    expect(names(await listLeads(db.prisma, { q: "a_b" }))).toEqual(["Under Score"]);
    expect((await listLeads(db.prisma, { q: "%" })).total).toBe(1);
  });

  it.skipIf(skip)("counts and pages within a search", async () => {
    const first = await listLeads(db.prisma, { q: "PLAIN" });
    expect([first.total, first.from, first.to]).toEqual([55, 1, 25]);
    const last = await listLeads(db.prisma, { q: "plain", cursor: { kind: "last" } });
    expect([last.from, last.to, names(last)]).toEqual([51, 55, ["Plain 4", "Plain 3", "Plain 2", "Plain 1", "Plain 0"]]);
  });
});
