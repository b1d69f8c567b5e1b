/** Inbound events (the AttioInboxEvent inbox) for the sync log, next to the outbound runs. */
import type { PrismaClient } from "../db";

export const INBOUND_LOG_SIZE = 25;

export interface InboundLogRow {
  id: number;
  receivedAt: Date;
  eventType: string;
  /** Who acted in Attio: workspace-member, api-token or system. */
  actorType: string;
  lead: { id: number; name: string } | null;
  /** applied | echo | ignored | failed, or null while not yet applied. */
  outcome: string | null;
  detail: string | null;
}

/** The newest inbound events, optionally of one lead. */
export async function listInboundEvents(prisma: PrismaClient, opts: { leadId?: number } = {}): Promise<InboundLogRow[]> {
  const rows = await prisma.attioInboxEvent.findMany({
    where: opts.leadId ? { leadId: opts.leadId } : {},
    orderBy: { id: "desc" },
    take: INBOUND_LOG_SIZE,
    select: { id: true, receivedAt: true, eventType: true, actorType: true, outcome: true, detail: true, leadId: true },
  });
  const leadIds = [...new Set(rows.map((r) => r.leadId).filter((id): id is number => id !== null))];
  const leads = leadIds.length ? await prisma.lead.findMany({ where: { id: { in: leadIds } }, select: { id: true, name: true } }) : [];
  const byId = new Map(leads.map((l) => [l.id, l]));
  return rows.map(({ leadId, ...r }) => ({ ...r, lead: leadId === null ? null : (byId.get(leadId) ?? null) }));
}
