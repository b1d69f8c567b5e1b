// The session epoch: one number in the database that every session is signed with
// (lib/auth/session.ts). "Sign out everywhere" moves it on, which ends every session in every web
// process, since cookies cannot be recalled. Read through a short in-process cache: each page
// load checks it, and a bump reaches other processes within EPOCH_CACHE_MS.
import { getPrisma, type PrismaClient } from "../db";

const EPOCH_CACHE_MS = 2_000;
const ROW_ID = 1;
// On globalThis: the proxy, each route and the pages are separate bundles with their own module
// instances, and a bump must reach all of them at once.
const shared = globalThis as unknown as { leadsyncSessionEpoch?: { epoch: number; at: number } };

/** The current epoch (0 until the first "Sign out everywhere"). */
export async function currentSessionEpoch(prisma: PrismaClient = getPrisma(), now = Date.now()): Promise<number> {
  const cached = shared.leadsyncSessionEpoch;
  if (cached && now - cached.at < EPOCH_CACHE_MS) return cached.epoch;
  const row = await prisma.sessionEpoch.findUnique({ where: { id: ROW_ID } });
  shared.leadsyncSessionEpoch = { epoch: row?.epoch ?? 0, at: now };
  return shared.leadsyncSessionEpoch.epoch;
}

/** Ends every session: the next epoch, which new sign-ins are signed with. */
export async function advanceSessionEpoch(prisma: PrismaClient = getPrisma()): Promise<number> {
  const row = await prisma.sessionEpoch.upsert({
    where: { id: ROW_ID },
    create: { id: ROW_ID, epoch: 1 },
    update: { epoch: { increment: 1 } },
  });
  shared.leadsyncSessionEpoch = { epoch: row.epoch, at: Date.now() };
  return row.epoch;
}
