// "Sign out" ends the session it is clicked in: a cookie cannot be recalled, so its token's nonce
// is recorded until the token would have expired, and every check refuses a recorded one.
import { getPrisma, type PrismaClient } from "../db";

/** The nonce and expiry of a session token (`v.<expiry base36>.<nonce>.<signature>`), or null. */
function tokenParts(token: string): { nonce: string; expiresAt: Date } | null {
  const parts = token.split(".");
  if (parts.length !== 4) return null;
  const expires = parseInt(parts[1]!, 36);
  if (!Number.isFinite(expires) || !parts[2]) return null;
  return { nonce: parts[2], expiresAt: new Date(expires) };
}

/** Records a (verified) session token as ended; prunes records of tokens that have expired anyway. */
export async function revokeSession(token: string, prisma: PrismaClient = getPrisma(), now = new Date()): Promise<void> {
  const parts = tokenParts(token);
  if (!parts) return;
  await prisma.revokedSession.upsert({ where: { nonce: parts.nonce }, create: parts, update: {} });
  await prisma.revokedSession.deleteMany({ where: { expiresAt: { lt: now } } });
}

/** Whether a session token was ended by "Sign out". */
export async function isSessionRevoked(token: string, prisma: PrismaClient = getPrisma()): Promise<boolean> {
  const parts = tokenParts(token);
  if (!parts) return false;
  return (await prisma.revokedSession.findUnique({ where: { nonce: parts.nonce } })) !== null;
}
