import type { Prisma, PrismaClient } from "../web/src/generated/prisma/client";

/**
 * Generated leads for benchmarks and scale tests: `generatedLead(i)` is the same lead for the same
 * index in any batch, process or database; `seedGeneratedLeads` inserts them in batches.
 */
const FIRST_NAMES = [
  "Alex",
  "Maria",
  "James",
  "Sofia",
  "Wei",
  "Amara",
  "Lukas",
  "Chloé",
  "Hiroshi",
  "Fatima",
  "Noah",
  "Ingrid",
  "Mateo",
  "Aisha",
  "Oliver",
  "Zoë",
  "Ravi",
  "Emma",
  "Kofi",
  "Ana",
  "Jakub",
  "Leila",
  "Daniel",
  "Yuki",
  "Samuel",
  "Nora",
  "Diego",
  "Priya",
  "Björn",
  "Mei",
  "Tomás",
  "Grace",
];
const LAST_NAMES = [
  "Smith",
  "García",
  "Chen",
  "Okafor",
  "Müller",
  "Kowalski",
  "Tanaka",
  "Haddad",
  "Johansson",
  "Rossi",
  "Nguyen",
  "Patel",
  "Dubois",
  "Mensah",
  "O'Brien",
  "Fernández",
  "Novak",
  "Larsen",
  "Silva",
  "Kim",
  "Ivanova",
  "Rahman",
  "Schmidt",
  "Moreau",
];
const ROLES = [
  "VP Sales",
  "Head of Revenue Operations",
  "Sales Operations Manager",
  "Chief Revenue Officer",
  "SDR Manager",
  "Account Executive",
  "Head of Growth",
  "Marketing Operations Lead",
  "Founder & CEO",
  "COO",
  "Director of Sales Enablement",
  "Customer Success Lead",
];
const COMPANY_FIRST = [
  "Northwind",
  "Bluefin",
  "Cobalt",
  "Driftwood",
  "Ember",
  "Foxglove",
  "Granite",
  "Harbor",
  "Ironbark",
  "Juniper",
  "Kestrel",
  "Lumen",
  "Meridian",
  "Nimbus",
  "Orchard",
  "Pinecrest",
  "Quartz",
  "Redwood",
  "Saffron",
  "Tidewater",
  "Umber",
  "Vantage",
  "Willow",
  "Zephyr",
];
const COMPANY_SECOND = [
  "Analytics",
  "Robotics",
  "Logistics",
  "Health",
  "Payments",
  "Software",
  "Foods",
  "Energy",
  "Media",
  "Security",
  "Labs",
  "Insurance",
  "Capital",
  "Commerce",
  "Systems",
  "Mobility",
  "Cloud",
  "Learning",
  "Biotech",
  "Studios",
];
const TLDS = ["io", "com", "co", "ai", "dev"];
const FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "proton.me"];
const REASONS = [
  "Hiring sales reps",
  "Recently raised funding",
  "Uses a competitor CRM",
  "Team size in ICP range",
  "Expanding to a new region",
  "Posted about CRM data quality",
  "Budget owner",
  "Technical champion",
  "Outside core vertical",
  "Company too small",
  "New leadership in revenue org",
  "Public pricing page mentions enterprise tier",
];
const ANGLES = ["Hiring push", "New funding", "CRM migration", "Regional expansion", "Forecast accuracy", "Rep onboarding"];
const EXCERPTS = [
  "We're hiring {n} account executives to support our growth in {region}.",
  "Excited to share that we closed our Series {round} to expand our go-to-market team.",
  "Migrating CRMs this quarter. Wish us luck with the data clean-up!",
  "Our forecast accuracy needs work; board meeting prep took two weeks this time.",
  "Opening our first office in {region} next month.",
];
const REGIONS = ["EMEA", "North America", "APAC", "LATAM", "the Nordics", "DACH"];
const CHANNELS = ["email", "linkedin", "call"] as const;
const STATUSES = ["draft", "sent", "replied", "bounced"] as const;

/** Fixed origin so every generated date is reproducible. */
const GENERATED_EPOCH = Date.UTC(2025, 0, 1);

/**
 * A deterministic pseudo-random stream for lead `index` (a tiny mulberry32 keyed by the index):
 * the same index always yields the same lead, in any batch, process or database.
 */
function rng(index: number): () => number {
  let state = (Math.imul(index + 1, 0x9e3779b1) ^ 0x5bd1e995) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

function asciiSlug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

interface GeneratedLead {
  lead: Omit<Prisma.LeadCreateManyInput, "id">;
  icpScore: { score: number; reasons: string } | null;
  sourceSignal: { excerpt: string; sourceUrl: string; capturedAt: Date; angle: string | null } | null;
  drafts: { angle: string; variantKey: string; hypothesis: string; content: string; createdAt: Date }[];
  touchpoints: { channel: string; status: string; sentAt: Date | null }[];
}

/** Lead number `index` of the synthetic population; a pure function of the index. */
export function generatedLead(index: number): GeneratedLead {
  const r = rng(index);
  const first = pick(r, FIRST_NAMES);
  const last = pick(r, LAST_NAMES);
  const name = `${first} ${last}`;
  // ~480 companies, so bigger runs put many leads at one company (as real prospect lists do).
  const companyWord1 = pick(r, COMPANY_FIRST);
  const companyWord2 = pick(r, COMPANY_SECOND);
  const hasCompany = r() >= 0.08;
  const companyName = hasCompany ? `${companyWord1} ${companyWord2}` : null;
  const companyDomain = hasCompany
    ? `${asciiSlug(`${companyWord1}${companyWord2}`)}.${TLDS[(companyWord1.length + companyWord2.length) % TLDS.length]}`
    : null;
  const personSlug = asciiSlug(`${first}.${last}`).replace(/-/g, ".");
  // The index keeps emails unique: Attio treats email addresses as unique person identifiers.
  const emailRoll = r();
  const email =
    emailRoll < 0.12
      ? null
      : emailRoll < 0.18 || !companyDomain
        ? `${personSlug}.${index}@${pick(r, FREE_MAIL)}`
        : `${personSlug}.${index}@${companyDomain}`;
  const linkedinUrl = r() < 0.15 ? null : `https://www.linkedin.com/in/${asciiSlug(name)}-${index.toString(36)}`;
  const createdAt = new Date(GENERATED_EPOCH + index * 37 * 60_000);

  const region = pick(r, REGIONS);
  const angle = pick(r, ANGLES);
  const icpScore =
    r() < 0.9
      ? {
          score: 10 + Math.floor(r() * 90),
          reasons: JSON.stringify(Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, REASONS))),
        }
      : null;
  const sourceSignal =
    r() < 0.8
      ? {
          excerpt: pick(r, EXCERPTS)
            .replace("{n}", String(2 + Math.floor(r() * 10)))
            .replace("{region}", region)
            .replace("{round}", pick(r, ["A", "B", "C"])),
          sourceUrl: `https://www.linkedin.com/posts/${asciiSlug(name)}_activity-${7100000000 + index}`,
          capturedAt: new Date(createdAt.getTime() - 86_400_000),
          angle: r() < 0.85 ? angle : null,
        }
      : null;
  const drafts = Array.from({ length: Math.floor(r() * 4) }, (_, d) => ({
    angle,
    variantKey: String.fromCharCode(65 + d),
    hypothesis: `${angle} is the most relevant trigger for a ${pick(r, ROLES)}`,
    content: [
      `Hi ${first},`,
      "",
      `I noticed the news about ${companyName ?? "your team"} (${angle.toLowerCase()} in ${region}). Teams in that spot usually find their CRM data drifting within weeks: duplicate accounts, stale titles, and reps who stop trusting the dashboards.`,
      "",
      `Would a 15-minute call next week be useful to see how others keep it clean automatically?`,
      "",
      "Best,",
      "Sam",
    ].join("\n"),
    createdAt,
  }));
  const touchpoints = Array.from({ length: Math.floor(r() * 5) }, (_, t) => {
    const status = pick(r, STATUSES);
    return {
      channel: pick(r, CHANNELS),
      status,
      sentAt: status === "draft" ? null : new Date(createdAt.getTime() + (t + 1) * 86_400_000),
    };
  });

  return {
    lead: { name, role: pick(r, ROLES), companyName, companyDomain, email, linkedinUrl, createdAt, updatedAt: createdAt },
    icpScore,
    sourceSignal,
    drafts,
    touchpoints,
  };
}

/** Leads per transaction: large enough to amortise round trips, small enough to keep each write short. */
const GENERATED_BATCH = 500;

/**
 * Inserts `count` synthetic leads numbered `startIndex`, `startIndex + 1`, … with their relations.
 * Built for 10,000-lead benchmarks: each batch is one transaction of `createMany` calls (leads,
 * then each relation table) instead of thousands of nested creates; the new lead ids are read
 * back once per batch so relation rows can reference them.
 */
export async function seedGeneratedLeads(prisma: PrismaClient, count: number, opts: { startIndex?: number } = {}): Promise<number> {
  const start = opts.startIndex ?? 0;
  let created = 0;
  for (let offset = 0; offset < count; offset += GENERATED_BATCH) {
    const size = Math.min(GENERATED_BATCH, count - offset);
    const batch = Array.from({ length: size }, (_, k) => generatedLead(start + offset + k));
    await prisma.$transaction(
      async (tx) => {
        // Ids come from the table's own sequence (never explicit ids, which PostgreSQL's sequence
        // would not see, and which would ignore a test database's shifted sequence). One
        // multi-row INSERT in a transaction assigns them in row order, so read them back in order.
        const { _max } = await tx.lead.aggregate({ _max: { id: true } });
        await tx.lead.createMany({ data: batch.map((g) => g.lead) });
        const ids = (await tx.lead.findMany({ where: { id: { gt: _max.id ?? 0 } }, orderBy: { id: "asc" }, select: { id: true } })).map(
          (l) => l.id,
        );
        if (ids.length !== batch.length) throw new Error(`seed: expected ${batch.length} new leads, found ${ids.length}`);
        const icp = batch.flatMap((g, k) => (g.icpScore ? [{ leadId: ids[k], ...g.icpScore }] : []));
        const signals = batch.flatMap((g, k) => (g.sourceSignal ? [{ leadId: ids[k], ...g.sourceSignal }] : []));
        const drafts = batch.flatMap((g, k) => g.drafts.map((d) => ({ leadId: ids[k], ...d })));
        const touchpoints = batch.flatMap((g, k) => g.touchpoints.map((t) => ({ leadId: ids[k], ...t })));
        if (icp.length) await tx.icpScore.createMany({ data: icp });
        if (signals.length) await tx.sourceSignal.createMany({ data: signals });
        if (drafts.length) await tx.draft.createMany({ data: drafts });
        if (touchpoints.length) await tx.touchpoint.createMany({ data: touchpoints });
      },
      // Generous: a 2-core CI machine under load can be slow, and the default is 5 s.
      { timeout: 120_000, maxWait: 30_000 },
    );
    created += size;
  }
  return created;
}
