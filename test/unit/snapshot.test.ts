import { describe, expect, it } from "vitest";
import type { Draft, IcpScore, Lead, SourceSignal, Touchpoint } from "../../web/src/generated/prisma/client";
import { type LeadSnapshot, type LeadWithRelations, parseReasons, snapshotHash, toLeadSnapshot } from "../../web/src/lib/note/snapshot";
import { NORTHWIND_ADA } from "../../prisma/lead-fixtures";

/** Exactly what `findUnique({ include: { sourceSignal, icpScore, drafts, touchpoints } })` returns. */
type PrismaLead = Lead & { sourceSignal: SourceSignal | null; icpScore: IcpScore | null; drafts: Draft[]; touchpoints: Touchpoint[] };

/** The shape Prisma returns for a lead with all four relations included (extra columns and all). */
function prismaLead(): PrismaLead {
  return {
    id: 42,
    ...NORTHWIND_ADA,
    email: "ada@northwind-analytics.io",
    linkedinUrl: "https://www.linkedin.com/in/ada",
    createdAt: new Date("2026-01-01T00:00:00Z"),
    updatedAt: new Date("2026-01-02T00:00:00Z"),
    attioPersonId: null,
    attioCompanyId: null,
    attioPersonUrl: null,
    attioCompanyUrl: null,
    attioSyncedAt: null,
    attioSyncStatus: "not_synced",
    attioSyncError: null,
    attioLastRunAt: null,
    attioLastWorkflowId: null,
    attioLastRunId: null,
    attioSnapshotHash: null,
    attioCompanyKey: null,
    attioPersonKey: null,
    attioSettingsVersion: null,
    attioDeletedAt: null,
    attioDeletedKind: null,
    attioEntryId: null,
    attioStage: null,
    attioEntryOwner: null,
    attioResyncPausedAt: null,
    attioResyncPausedReason: null,
    attioInboundAt: null,
    sourceSignal: {
      id: 3,
      leadId: 42,
      excerpt: "Hiring SDRs",
      sourceUrl: "https://example.org/post",
      capturedAt: new Date("2026-03-10T14:05:00Z"),
      angle: "hiring",
    },
    icpScore: { id: 5, leadId: 42, score: 87, reasons: JSON.stringify(["Series B", "Hiring"]) },
    // Deliberately out of id order: the snapshot must not depend on the database's return order.
    drafts: [
      { id: 11, leadId: 42, angle: "second", variantKey: "B", hypothesis: "h2", content: "c2", createdAt: new Date(0) },
      { id: 10, leadId: 42, angle: "first", variantKey: "A", hypothesis: "h1", content: "c1", createdAt: new Date(0) },
    ],
    touchpoints: [
      { id: 21, leadId: 42, channel: "call", status: "draft", sentAt: null },
      { id: 20, leadId: 42, channel: "email", status: "sent", sentAt: new Date("2026-03-11T08:00:00Z") },
    ],
  };
}

describe("toLeadSnapshot", () => {
  it("maps a Prisma lead to plain JSON, relations ordered by id, dates as ISO strings", () => {
    const snapshot = toLeadSnapshot(prismaLead());
    expect(snapshot).toEqual<LeadSnapshot>({
      id: 42,
      name: "Ada Lovelace",
      role: "VP Revenue Operations",
      companyName: "Northwind Analytics",
      companyDomain: "northwind-analytics.io",
      email: "ada@northwind-analytics.io",
      linkedinUrl: "https://www.linkedin.com/in/ada",
      icpScore: { score: 87, reasons: ["Series B", "Hiring"] },
      sourceSignal: {
        excerpt: "Hiring SDRs",
        sourceUrl: "https://example.org/post",
        capturedAt: "2026-03-10T14:05:00.000Z",
        angle: "hiring",
      },
      drafts: [
        { angle: "first", variantKey: "A", hypothesis: "h1", content: "c1" },
        { angle: "second", variantKey: "B", hypothesis: "h2", content: "c2" },
      ],
      touchpoints: [
        { channel: "email", status: "sent", sentAt: "2026-03-11T08:00:00.000Z" },
        { channel: "call", status: "draft", sentAt: null },
      ],
    });
    // Survives a JSON round trip unchanged (it travels through Temporal payloads).
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it("maps empty relations to null and empty arrays", () => {
    const lead = { ...prismaLead(), sourceSignal: null, icpScore: null, drafts: [], touchpoints: [] };
    const s = toLeadSnapshot(lead);
    expect([s.sourceSignal, s.icpScore, s.drafts, s.touchpoints]).toEqual([null, null, [], []]);
  });

  it.each([
    ['["a","b"]', ["a", "b"]],
    ["[]", []],
    ["", []],
    ["   ", []],
    ["not json at all", ["not json at all"]],
    ['"a single string"', ["a single string"]],
    ['[1, null, "", "x", {"k":"v"}]', ["1", "x", '{"k":"v"}']],
    ['{"reason":"object"}', ['{"reason":"object"}']],
    ["[broken", ["[broken"]],
  ])("parses reasons defensively: %s", (raw, expected) => {
    expect(parseReasons(raw)).toEqual(expected);
    const lead = prismaLead();
    lead.icpScore = { id: 5, leadId: 42, score: 1, reasons: raw };
    expect(toLeadSnapshot(lead).icpScore?.reasons).toEqual(expected);
  });
});

/** The same value with every object's keys in reverse insertion order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

describe("snapshotHash", () => {
  const base = () => toLeadSnapshot(prismaLead());

  it("is a sha256 hex digest, stable for the same lead", () => {
    expect(snapshotHash(base())).toMatch(/^[0-9a-f]{64}$/);
    expect(snapshotHash(base())).toBe(snapshotHash(base()));
  });

  it("does not depend on key order", () => {
    const s = base();
    const reordered = reverseKeys(s) as LeadSnapshot;
    expect(Object.keys(reordered)).not.toEqual(Object.keys(s));
    expect(Object.keys(reordered.sourceSignal!)).not.toEqual(Object.keys(s.sourceSignal!));
    expect(snapshotHash(reordered)).toBe(snapshotHash(s));
  });

  it("does not depend on how the same instants are written", () => {
    // Typed as the structural input, which also accepts dates as strings (e.g. after a JSON hop).
    const lead: LeadWithRelations = prismaLead();
    lead.sourceSignal!.capturedAt = "2026-03-10T16:05:00+02:00";
    lead.touchpoints[1].sentAt = "2026-03-11T08:00:00Z";
    expect(snapshotHash(toLeadSnapshot(lead))).toBe(snapshotHash(base()));
    const s = base();
    s.sourceSignal!.capturedAt = "2026-03-10T14:05:00Z";
    expect(snapshotHash(s)).toBe(snapshotHash(base()));
  });

  it("does not depend on the database's relation order or non-snapshot columns", () => {
    const lead = prismaLead();
    lead.drafts.reverse();
    lead.touchpoints.reverse();
    lead.updatedAt = new Date();
    expect(snapshotHash(toLeadSnapshot(lead))).toBe(snapshotHash(base()));
  });

  const mutations: [string, (s: LeadSnapshot) => void][] = [
    ["id", (s) => Object.assign(s, { id: 43 })],
    ["name", (s) => Object.assign(s, { name: "Ada King" })],
    ["role", (s) => Object.assign(s, { role: null })],
    ["companyName", (s) => Object.assign(s, { companyName: "Contoso" })],
    ["companyDomain", (s) => Object.assign(s, { companyDomain: "contoso.io" })],
    ["email", (s) => Object.assign(s, { email: "ada@contoso.io" })],
    ["linkedinUrl", (s) => Object.assign(s, { linkedinUrl: null })],
    ["icpScore.score", (s) => Object.assign(s.icpScore!, { score: 88 })],
    ["icpScore.reasons", (s) => s.icpScore!.reasons.push("new")],
    ["icpScore removed", (s) => Object.assign(s, { icpScore: null })],
    ["sourceSignal.excerpt", (s) => (s.sourceSignal!.excerpt += "!")],
    ["sourceSignal.sourceUrl", (s) => (s.sourceSignal!.sourceUrl += "?a=1")],
    ["sourceSignal.capturedAt", (s) => Object.assign(s.sourceSignal!, { capturedAt: "2026-03-10T14:05:01.000Z" })],
    ["sourceSignal.angle", (s) => Object.assign(s.sourceSignal!, { angle: null })],
    ["draft.angle", (s) => Object.assign(s.drafts[0], { angle: "x" })],
    ["draft.variantKey", (s) => Object.assign(s.drafts[0], { variantKey: "C" })],
    ["draft.hypothesis", (s) => Object.assign(s.drafts[1], { hypothesis: "x" })],
    ["draft.content", (s) => Object.assign(s.drafts[1], { content: "c2 " })],
    ["draft order", (s) => s.drafts.reverse()],
    ["draft added", (s) => s.drafts.push({ angle: "a", variantKey: "v", hypothesis: "h", content: "c" })],
    ["touchpoint.channel", (s) => Object.assign(s.touchpoints[0], { channel: "linkedin" })],
    ["touchpoint.status", (s) => Object.assign(s.touchpoints[1], { status: "sent" })],
    ["touchpoint.sentAt", (s) => Object.assign(s.touchpoints[1], { sentAt: "2026-03-12T00:00:00.000Z" })],
    ["touchpoint removed", (s) => s.touchpoints.pop()],
  ];
  it.each(mutations)("changes when %s changes", (_name, mutate) => {
    const s = base();
    mutate(s);
    expect(snapshotHash(s)).not.toBe(snapshotHash(base()));
  });
});
