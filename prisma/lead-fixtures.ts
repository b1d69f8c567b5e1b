import type { PrismaClient } from "../web/src/lib/db";

export interface LeadFixture {
  name?: string;
  role?: string | null;
  companyName?: string | null;
  companyDomain?: string | null;
  email?: string | null;
  linkedinUrl?: string | null;
}

/** A lead with a full set of evidence (signal, score, a draft, a touchpoint); override any field. */
export async function createLeadWithEvidence(prisma: PrismaClient, fields: LeadFixture = {}) {
  return prisma.lead.create({
    data: {
      name: fields.name ?? "Ada Lovelace",
      role: fields.role === undefined ? "CTO" : fields.role,
      companyName: fields.companyName === undefined ? "Analytical Engines" : fields.companyName,
      companyDomain: fields.companyDomain === undefined ? "analytical-engines.io" : fields.companyDomain,
      email: fields.email === undefined ? "ada@analytical-engines.io" : fields.email,
      linkedinUrl: fields.linkedinUrl === undefined ? "https://www.linkedin.com/in/ada-lovelace" : fields.linkedinUrl,
      sourceSignal: {
        create: {
          excerpt: "We are hiring three data engineers.",
          sourceUrl: "https://analytical-engines.io/jobs",
          capturedAt: new Date("2026-11-01T10:00:00Z"),
          angle: "hiring",
        },
      },
      icpScore: { create: { score: 87, reasons: JSON.stringify(["Series B", "Data team growing"]) } },
      drafts: {
        create: [{ angle: "hiring", variantKey: "A", hypothesis: "Hiring means pipeline pain", content: "Hi Ada,\nsaw you're hiring." }],
      },
      touchpoints: { create: [{ channel: "email", status: "sent", sentAt: new Date("2026-11-02T09:00:00Z") }] },
    },
  });
}
