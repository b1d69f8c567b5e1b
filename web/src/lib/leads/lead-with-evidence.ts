/**
 * Prisma `include` for a lead with everything its note and snapshot hash are built from, in a
 * stable order, so the lead page's preview and the worker's note read the same lead.
 */
export const leadWithEvidence = {
  sourceSignal: true,
  icpScore: true,
  drafts: { orderBy: { id: "asc" } },
  touchpoints: { orderBy: { id: "asc" } },
} as const;
