// Claims on normalised keys in the database (RecordClaims of the Attio client): every worker sees
// them, so two syncs racing to create the same name-only company or LinkedIn-only person create
// one record between them.
import { AttioError, type RecordClaims } from "../../web/src/lib/attio/client";
import { describeClaimKey } from "../../web/src/lib/attio/records";
import type { PrismaClient } from "../../web/src/lib/db";

/** A claim whose creator has neither settled nor renewed it for this long is taken over (the creator died). */
const STALE_AFTER_MS = 2 * 60_000;

export function createRecordClaims(prisma: PrismaClient, staleAfterMs = STALE_AFTER_MS): RecordClaims {
  const acquire: RecordClaims["acquire"] = async (key, owner) => {
    const now = new Date();
    try {
      await prisma.attioRecordClaim.create({ data: { key, owner, claimedAt: now } });
      return { recordId: null, mine: true };
    } catch (err) {
      if ((err as { code?: string }).code !== "P2002") throw err; // P2002: the key is claimed already
    }
    const row = await prisma.attioRecordClaim.findUnique({ where: { key } });
    if (!row) return acquire(key, owner); // forgotten between the two statements
    if (row.recordId) return { recordId: row.recordId, mine: false };
    if (row.owner === owner) return { recordId: null, mine: true }; // a retry of the claiming run
    if (now.getTime() - row.claimedAt.getTime() > staleAfterMs) {
      const { count } = await prisma.attioRecordClaim.updateMany({
        where: { key, owner: row.owner, recordId: null },
        data: { owner, claimedAt: now },
      });
      if (count === 1) return { recordId: null, mine: true };
    }
    throw new AttioError(
      `Another sync is creating the Attio record of ${describeClaimKey(key)}; this step retries once that record exists.`,
      {
        status: null,
        code: "record_busy",
        retryable: true,
      },
    );
  };
  return {
    acquire,
    async settle(key, owner, recordId) {
      await prisma.attioRecordClaim.updateMany({ where: { key }, data: { owner, recordId } });
    },
    async forget(key, recordId) {
      await prisma.attioRecordClaim.deleteMany({ where: { key, recordId } });
    },
  };
}
