import { getTemporalClient, temporalSettings } from "../temporal/client";
import type { ScheduleServiceDeps } from "./service";

/** How long the leads page and its actions wait for Temporal before saying it is unreachable. */
const WEB_DEADLINE_MS = 4_000;

/** The web process's schedule service: the shared Temporal client, the default schedule id. */
export function webScheduleDeps(): ScheduleServiceDeps {
  const settings = temporalSettings();
  return { getClient: () => getTemporalClient(settings), settings, deadlineMs: WEB_DEADLINE_MS };
}
