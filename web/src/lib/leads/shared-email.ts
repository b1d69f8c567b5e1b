// Leads that share an email sync to one Attio person (email addresses are unique there); the
// app says so when a second lead gets an email another lead already has.
import type { PrismaClient } from "../db";

export interface LeadRef {
  id: number;
  name: string;
}

/** The oldest other lead with this email, if any. */
export async function otherLeadWithEmail(prisma: PrismaClient, email: string | null, leadId: number): Promise<LeadRef | null> {
  if (!email) return null;
  return prisma.lead.findFirst({ where: { email, id: { not: leadId } }, orderBy: { id: "asc" }, select: { id: true, name: true } });
}

/** For each email, the oldest lead that already has it. */
export async function leadsByEmail(prisma: PrismaClient, emails: (string | null)[]): Promise<Map<string, LeadRef>> {
  const wanted = [...new Set(emails.filter((e): e is string => !!e))];
  const found = new Map<string, LeadRef>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await prisma.lead.findMany({
      where: { email: { in: wanted.slice(i, i + 500) } },
      orderBy: { id: "asc" },
      select: { id: true, name: true, email: true },
    });
    for (const row of rows) if (row.email && !found.has(row.email)) found.set(row.email, { id: row.id, name: row.name });
  }
  return found;
}
