import { getPrisma } from "../db";
import { getTemporalClient, temporalSettings } from "../temporal/client";
import type { BulkDeps } from "./service";

/** The web process's bulk-sync dependencies. */
export function webBulkDeps(): BulkDeps {
  const settings = temporalSettings();
  return { prisma: getPrisma(), getClient: () => getTemporalClient(settings), settings };
}
