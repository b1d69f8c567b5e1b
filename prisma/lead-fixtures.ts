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

/** How the Attio client finds a lead's person and company: assert on email/domain, or query then create by name or LinkedIn URL. */
export type DedupPath = "email-and-domain" | "free-mail" | "domain-only" | "name-only";

/**
 * Lead `i` of a series that cycles through `paths`, with its own names (`${person} ${i}`,
 * `${company} ${i}`) and a LinkedIn URL, so that leads never share a person or company.
 */
export function dedupPathLead(i: number, names: { person: string; company: string }, paths: DedupPath[]): LeadFixture {
  const slug = (s: string, sep: string) => s.toLowerCase().split(" ").join(sep);
  const domain = `${slug(names.company, "-")}${i}.io`;
  const base = {
    name: `${names.person} ${i}`,
    companyName: `${names.company} ${i}`,
    linkedinUrl: `https://www.linkedin.com/in/${slug(names.person, "-")}-${i}`,
  };
  switch (paths[i % paths.length]) {
    case "email-and-domain":
      return { ...base, email: `lead${i}@${domain}`, companyDomain: domain };
    case "free-mail":
      return { ...base, email: `${slug(names.person, ".")}.${i}@gmail.com`, companyDomain: null };
    case "domain-only":
      return { ...base, email: null, companyDomain: domain };
    default:
      return { ...base, email: null, companyDomain: null };
  }
}

/** A lead at a company whose domain is the email's; the company's name defaults to the person's. */
export function leadAt(name: string, email: string, companyName = name): LeadFixture {
  return { name, email, companyName, companyDomain: email.slice(email.indexOf("@") + 1) };
}

/** A lead with only a name: every other identity field empty. */
export function nameOnlyLead(name: string): Required<LeadFixture> {
  return { name, role: null, companyName: null, companyDomain: null, email: null, linkedinUrl: null };
}

/** The person and company the note and snapshot tests describe (the note goldens depend on it). */
export const NORTHWIND_ADA = {
  name: "Ada Lovelace",
  role: "VP Revenue Operations",
  companyName: "Northwind Analytics",
  companyDomain: "northwind-analytics.io",
};
