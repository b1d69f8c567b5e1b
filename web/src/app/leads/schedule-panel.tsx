import { Suspense } from "react";
import { ScheduleServiceError, describeSchedule, type ScheduleStatusResponse } from "@/lib/schedule/service";
import { webDeps } from "@/app/web-deps";
import { SchedulePanelView } from "./schedule-panel-view";

/**
 * The periodic re-sync's state and controls, for the top of the leads page. It streams in behind
 * a Suspense boundary, so the lead list never waits for Temporal (up to a few seconds when the
 * server is down), and a Temporal error only ever changes this panel's text.
 */
export function SchedulePanel() {
  return (
    <Suspense
      fallback={
        <section className="card" aria-labelledby="schedule-heading" aria-busy="true" data-testid="schedule-panel">
          <h2 id="schedule-heading">Scheduled re-sync</h2>
          <p className="muted">Loading the schedule…</p>
        </section>
      }
    >
      <SchedulePanelLoader />
    </Suspense>
  );
}

async function SchedulePanelLoader() {
  return <SchedulePanelView initial={await loadScheduleStatus()} />;
}

async function loadScheduleStatus(): Promise<ScheduleStatusResponse> {
  try {
    return { ok: true, status: await describeSchedule(webDeps()) };
  } catch (err) {
    if (err instanceof ScheduleServiceError) return { ok: false, error: err.message, unavailable: err.kind === "unavailable" };
    return { ok: false, error: "The schedule status could not be read.", unavailable: false };
  }
}
