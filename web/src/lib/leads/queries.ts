import type { PrismaClient } from "../db";

export const PAGE_SIZE = 25;

export interface LeadListParams {
  q?: string;
  page?: number;
}

/** One page of leads for the list, newest first, searched by name, company and email. */
export async function listLeads(prisma: PrismaClient, params: LeadListParams) {
  const q = params.q?.trim() ?? "";
  const page = Math.max(1, Math.floor(params.page ?? 1));
  const where = q
    ? { OR: [{ name: { contains: q } }, { companyName: { contains: q } }, { email: { contains: q } }] }
    : {};
  const [total, leads] = await Promise.all([
    prisma.lead.count({ where }),
    prisma.lead.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true, name: true, role: true, companyName: true, email: true,
        attioSyncStatus: true, attioSyncedAt: true, attioSyncError: true,
        icpScore: { select: { score: true } },
      },
    }),
  ]);
  return { q, page, total, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), leads };
}

const evidence = {
  sourceSignal: true,
  icpScore: true,
  drafts: { orderBy: { id: "asc" } },
  touchpoints: { orderBy: { id: "asc" } },
} as const;

export function getLeadWithEvidence(prisma: PrismaClient, id: number) {
  return prisma.lead.findUnique({ where: { id }, include: evidence });
}
