import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedGeneratedLeads } from "../../prisma/generated-leads";
import { DEMO_LEADS, seedDemoLeads } from "../../prisma/seed-data";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "proton.me"];

describe("seedDemoLeads", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoLeads(db.prisma);
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it("creates at least 25 leads and reports the count", async () => {
    expect(DEMO_LEADS.length).toBeGreaterThanOrEqual(25);
    expect(await db.prisma.lead.count()).toBe(DEMO_LEADS.length);
  });

  it("covers leads without email, without LinkedIn and without company", async () => {
    expect(await db.prisma.lead.count({ where: { email: null } })).toBeGreaterThan(0);
    expect(await db.prisma.lead.count({ where: { linkedinUrl: null } })).toBeGreaterThan(0);
    expect(await db.prisma.lead.count({ where: { companyName: null, companyDomain: null } })).toBeGreaterThan(0);
  });

  it("has a lead with only a LinkedIn URL", async () => {
    const onlyLinkedin = await db.prisma.lead.findMany({
      where: { linkedinUrl: { not: null }, email: null, companyName: null, companyDomain: null, role: null },
    });
    expect(onlyLinkedin.length).toBeGreaterThan(0);
  });

  it("puts several leads at one company (same name and domain)", async () => {
    const groups = await db.prisma.lead.groupBy({
      by: ["companyName", "companyDomain"],
      where: { companyName: { not: null }, companyDomain: { not: null } },
      _count: { _all: true },
    });
    expect(groups.some((g) => g._count._all >= 3)).toBe(true);
  });

  it("has drafts longer than 5,000 characters", async () => {
    const drafts = await db.prisma.draft.findMany({ select: { content: true } });
    expect(drafts.filter((d) => d.content.length > 5_000).length).toBeGreaterThan(0);
  });

  it("has unicode names", async () => {
    const names = (await db.prisma.lead.findMany({ select: { name: true } })).map((l) => l.name);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: "not ASCII" spans the whole ASCII range
    expect(names.filter((n) => /[^\x00-\x7F]/.test(n)).length).toBeGreaterThanOrEqual(3);
    expect(names.some((n) => /\p{Extended_Pictographic}/u.test(n))).toBe(true);
    expect(names.some((n) => /\p{Script=Han}/u.test(n))).toBe(true);
  });

  it("has markdown-hostile text in drafts and excerpts", async () => {
    const hostile = /(^#|^[-*] |^\d+\. |^> |!\[|\]\(javascript:|<script|<img|```)/m;
    const drafts = await db.prisma.draft.findMany({ select: { content: true } });
    const excerpts = await db.prisma.sourceSignal.findMany({ select: { excerpt: true } });
    expect(drafts.some((d) => hostile.test(d.content))).toBe(true);
    expect(excerpts.some((s) => hostile.test(s.excerpt))).toBe(true);
  });

  it("has a free-mail address on a lead with a company", async () => {
    const leads = await db.prisma.lead.findMany({ where: { companyName: { not: null }, email: { endsWith: "@gmail.com" } } });
    expect(leads.length).toBeGreaterThan(0);
  });

  it("varies ICP scores and touchpoints", async () => {
    const scores = (await db.prisma.icpScore.findMany()).map((s) => s.score);
    expect(Math.min(...scores)).toBeLessThan(30);
    expect(Math.max(...scores)).toBeGreaterThan(90);
    for (const s of await db.prisma.icpScore.findMany()) expect(Array.isArray(JSON.parse(s.reasons))).toBe(true);

    const touchpoints = await db.prisma.touchpoint.findMany();
    expect(new Set(touchpoints.map((t) => t.channel))).toEqual(new Set(["email", "linkedin", "call"]));
    expect(new Set(touchpoints.map((t) => t.status))).toEqual(new Set(["draft", "sent", "replied", "bounced"]));
    expect(touchpoints.some((t) => t.sentAt === null)).toBe(true);
    expect(
      await db.prisma.lead.count({ where: { touchpoints: { none: {} }, drafts: { none: {} }, icpScore: null, sourceSignal: null } }),
    ).toBeGreaterThan(0);
  });
});

/** Everything but database ids, in insertion order: what "the same seed" means. */
async function dump(db: TestDatabase) {
  const leads = await db.prisma.lead.findMany({
    orderBy: { id: "asc" },
    include: { icpScore: true, sourceSignal: true, drafts: { orderBy: { id: "asc" } }, touchpoints: { orderBy: { id: "asc" } } },
  });
  return leads.map(({ id: _id, icpScore, sourceSignal, drafts, touchpoints, ...lead }) => ({
    ...lead,
    icpScore: icpScore && { score: icpScore.score, reasons: icpScore.reasons },
    sourceSignal: sourceSignal && { ...sourceSignal, id: undefined, leadId: undefined },
    drafts: drafts.map((d) => ({ ...d, id: undefined, leadId: undefined })),
    touchpoints: touchpoints.map((t) => ({ ...t, id: undefined, leadId: undefined })),
  }));
}

describe("seedGeneratedLeads", () => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([a.cleanup(), b.cleanup()]);
  });

  it("creates 2,000 leads with relations, deterministically and independent of batching", async () => {
    expect(await seedGeneratedLeads(a.prisma, 2_000)).toBe(2_000);
    // Same population built in two calls, after unrelated leads already exist.
    await seedDemoLeads(b.prisma);
    expect(await seedGeneratedLeads(b.prisma, 1_234)).toBe(1_234);
    expect(await seedGeneratedLeads(b.prisma, 766, { startIndex: 1_234 })).toBe(766);

    expect(await a.prisma.lead.count()).toBe(2_000);
    expect(await b.prisma.lead.count()).toBe(2_000 + DEMO_LEADS.length);
    const fromA = await dump(a);
    const fromB = (await dump(b)).slice(DEMO_LEADS.length);
    expect(fromB).toEqual(fromA);

    // Relations exist in realistic proportions, and every one points at a generated lead.
    const [icp, signals, drafts, touchpoints] = await Promise.all([
      a.prisma.icpScore.count(),
      a.prisma.sourceSignal.count(),
      a.prisma.draft.count(),
      a.prisma.touchpoint.count(),
    ]);
    expect(icp).toBeGreaterThan(1_500);
    expect(signals).toBeGreaterThan(1_300);
    expect(drafts).toBeGreaterThan(1_500);
    expect(touchpoints).toBeGreaterThan(2_500);
    expect(await a.prisma.lead.count({ where: { email: null } })).toBeGreaterThan(0);
    expect(await a.prisma.lead.count({ where: { companyName: null } })).toBeGreaterThan(0);
    expect(await a.prisma.lead.count({ where: { OR: FREE_MAIL.map((d) => ({ email: { endsWith: `@${d}` } })) } })).toBeGreaterThan(0);

    // Unique emails: Attio treats email addresses as unique person identifiers.
    const emails = (await a.prisma.lead.findMany({ where: { email: { not: null } }, select: { email: true } })).map((l) => l.email);
    expect(new Set(emails).size).toBe(emails.length);

    // The seed takes its ids from the table's sequence, so the next lead follows the last one.
    const last = await a.prisma.lead.aggregate({ _max: { id: true } });
    const next = await a.prisma.lead.create({ data: { name: "After the seed" } });
    expect(next.id).toBe(last._max.id! + 1);
  });
});
