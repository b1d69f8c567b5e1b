import { getPrisma } from "../db";
import { getTemporalClient, temporalSettings } from "../temporal/client";
import type { LeadSyncDeps } from "./run-sync";

/** The web process's real dependencies for the sync service. */
export function webSyncDeps(): LeadSyncDeps {
  const settings = temporalSettings();
  return { prisma: getPrisma(), getClient: () => getTemporalClient(settings), settings };
}
