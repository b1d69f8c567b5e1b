import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { testSettings } from "../helpers/temporal";
import { createLeadWithEvidence, leadAt } from "../../prisma/lead-fixtures";
import {
  ScheduleServiceError,
  createSchedule,
  deleteSchedule,
  describeSchedule,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
  updateScheduleInterval,
  type ScheduleServiceDeps,
  type ScheduleStatus,
} from "../../web/src/lib/schedule/service";
import { getTemporalClient } from "../../web/src/lib/temporal/client";
import { testScheduleDeps, waitForSettledPass } from "./resync-helpers";

type Existing = Extract<ScheduleStatus, { exists: true }>;

function existing(status: ScheduleStatus): Existing {
  expect(status.exists).toBe(true);
  return status as Existing;
}

describe("the re-sync schedule service on the real Temporal dev server", () => {
  const h = useSyncHarness({ worker: { kind: "in-process" }, client: true, attioTimeoutMs: 5000 });
  let deps: ScheduleServiceDeps;

  beforeEach(() => {
    // A schedule id per test: schedules live in the dev server every test file shares.
    deps = testScheduleDeps(h.client, h.taskQueue, `schedule-test-${randomUUID()}`);
  });
  afterEach(async () => {
    await deleteSchedule(deps).catch(() => undefined);
  });

  it("creates the schedule every 6h with overlap SKIP by default", async () => {
    const before = Date.now();
    const { created, status } = await createSchedule(deps);

    expect(created).toBe(true);
    const s = existing(status);
    expect(s).toMatchObject({ every: "6h", paused: false, overlap: "SKIP", actionsTaken: 0, running: false, lastRun: null });
    const next = Date.parse(s.nextRunAt!);
    expect(next).toBeGreaterThan(before);
    expect(next).toBeLessThanOrEqual(before + 6 * 3_600_000 + 60_000);
    // The action starts the dispatcher on the worker's task queue.
    const described = await h.client.schedule.getHandle(deps.scheduleId!).describe();
    expect(described.action).toMatchObject({ workflowType: "resyncLeadsWorkflow", taskQueue: h.taskQueue });
  });

  it("create on an existing schedule updates its interval and keeps it paused", async () => {
    await createSchedule(deps, { every: "6h", paused: true });

    const { created, status } = await createSchedule(deps, { every: "30m" });

    expect(created).toBe(false);
    expect(existing(status)).toMatchObject({ every: "30m", paused: true });
  });

  it("pauses and unpauses the schedule", async () => {
    await createSchedule(deps);

    const paused = existing(await pauseSchedule(deps, "maintenance"));
    expect(paused).toMatchObject({ paused: true, note: "maintenance" });
    expect(existing(await describeSchedule(deps)).paused).toBe(true);

    const resumed = existing(await unpauseSchedule(deps));
    expect(resumed.paused).toBe(false);
    expect(resumed.nextRunAt).not.toBeNull();
  });

  it("updates the interval", async () => {
    await createSchedule(deps);

    expect(existing(await updateScheduleInterval(deps, "1h30m")).every).toBe("1h30m");
  });

  it("trigger starts a dispatcher pass, even while paused, and describe reports its outcome", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Scheduled Sync", "scheduled@trigger.io", "Trigger"));
    await createSchedule(deps, { paused: true });

    const { alreadyRunning } = await triggerSchedule(deps);
    const pass = await waitForSettledPass(deps, null);

    expect(alreadyRunning).toBe(false);
    expect(pass.status).toBe("completed");
    // The schedule appends a timestamp to the id it was given.
    expect(pass.workflowId.startsWith(`${deps.scheduleId}-`)).toBe(true);
    expect(pass.result).toMatchObject({ succeeded: 1, failed: 0 });
    expect(pass.url).toContain(`/workflows/${encodeURIComponent(pass.workflowId)}`);
    const status = existing(await describeSchedule(deps));
    expect(status).toMatchObject({ paused: true, actionsTaken: 1, running: false });
    expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSyncStatus).toBe("synced");
  });

  it("deletes the schedule, after which describe says it does not exist", async () => {
    await createSchedule(deps);

    await deleteSchedule(deps);

    expect(await describeSchedule(deps)).toEqual({ exists: false, scheduleId: deps.scheduleId });
  });

  it("answers pause on a missing schedule with a not_found error naming the create command", async () => {
    const err = await pauseSchedule(deps).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ScheduleServiceError);
    expect((err as ScheduleServiceError).kind).toBe("not_found");
    expect((err as ScheduleServiceError).message).toContain("npm run schedule -- create");
  });

  it("rejects an interval it cannot read, before calling Temporal", async () => {
    const err = await createSchedule(deps, { every: "every day" }).catch((e: unknown) => e);

    expect((err as ScheduleServiceError).kind).toBe("invalid");
    expect(await describeSchedule(deps)).toMatchObject({ exists: false });
  });

  it("reports an unreachable Temporal server as unavailable", async () => {
    const down = testSettings(h.taskQueue, "127.0.0.1:1");

    const err = await describeSchedule({ getClient: () => getTemporalClient(down), settings: down, scheduleId: deps.scheduleId }).catch(
      (e: unknown) => e,
    );

    expect((err as ScheduleServiceError).kind).toBe("unavailable");
    expect((err as ScheduleServiceError).message).toContain("127.0.0.1:1");
  });
});
