// The web process's one composition root: the database, the shared Temporal client and its
// settings, built once per request and handed to every service (sync, bulk, schedule, the sync log).
import { getPrisma } from "@/lib/db";
import { getTemporalClient, temporalSettings } from "@/lib/temporal/client";
import type { BulkDeps } from "@/lib/bulk/service";
import type { ScheduleServiceDeps } from "@/lib/schedule/service";
import type { EndedRunsDeps } from "@/lib/sync/ended-runs";
import type { SyncLeadDeps } from "@/lib/sync/run-sync";

/** How long the leads page and its schedule actions wait for Temporal before saying it is unreachable. */
const SCHEDULE_DEADLINE_MS = 4_000;

export type WebDeps = SyncLeadDeps & BulkDeps & ScheduleServiceDeps & EndedRunsDeps;

export function webDeps(): WebDeps {
  const settings = temporalSettings();
  return {
    prisma: getPrisma(),
    getClient: () => getTemporalClient(settings),
    settings,
    deadlineMs: SCHEDULE_DEADLINE_MS,
  };
}
