"use server";

import { z } from "zod";
import {
  ScheduleServiceError,
  createSchedule,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
  type ScheduleStatus,
} from "@/lib/schedule/service";
import { webDeps } from "@/app/web-deps";
import { parseInterval } from "@/lib/schedule/interval";
import { requireSignedIn } from "@/lib/auth/guard";

export interface ScheduleActionDone {
  ok: true;
  status: ScheduleStatus;
  message: string;
  /** "Re-sync now" only: a pass was already running, so none was started. */
  alreadyRunning?: boolean;
}

/** What every schedule action answers: the schedule's new state, or a message to show. */
export type ScheduleActionResult = ScheduleActionDone | { ok: false; error: string };

// Server actions are reachable by direct POST, so every input is validated, even the empty ones.
const noteSchema = z
  .object({ note: z.string().trim().max(200).optional() })
  .strict()
  .optional();
const emptySchema = z.object({}).strict().optional();
const createSchema = z
  .object({
    every: z
      .string()
      .trim()
      .max(32)
      .refine((v) => parseInterval(v).ok, { message: "Use an interval such as 6h, 30m or 1d." })
      .optional(),
  })
  .strict()
  .optional();

export async function pauseResyncScheduleAction(input?: { note?: string }): Promise<ScheduleActionResult> {
  return setPaused(true, input);
}

export async function resumeResyncScheduleAction(input?: { note?: string }): Promise<ScheduleActionResult> {
  return setPaused(false, input);
}

/** Pause and resume, with the user's note on the schedule. */
async function setPaused(paused: boolean, input?: { note?: string }): Promise<ScheduleActionResult> {
  await requireSignedIn(); // outside any try: it ends the action with a redirect to sign in
  const parsed = noteSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Invalid input." };
  const note = parsed.data?.note || undefined;
  return act(async (deps) =>
    paused
      ? { status: await pauseSchedule(deps, note), message: "Scheduled re-syncs are paused." }
      : { status: await unpauseSchedule(deps, note), message: "Scheduled re-syncs are resumed." },
  );
}

/** "Re-sync now": one pass over the changed leads, through the schedule (works while paused). */
export async function resyncNowAction(input?: Record<string, never>): Promise<ScheduleActionResult> {
  await requireSignedIn(); // outside any try: it ends the action with a redirect to sign in
  const parsed = emptySchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Invalid input." };
  return act(async (deps) => {
    const { alreadyRunning, status } = await triggerSchedule(deps);
    return { status, alreadyRunning, message: alreadyRunning ? "A re-sync is already running." : "Re-sync started." };
  });
}

/** Creates the schedule (default every 6 h) from the panel when it does not exist yet. */
export async function createResyncScheduleAction(input?: { every?: string }): Promise<ScheduleActionResult> {
  await requireSignedIn(); // outside any try: it ends the action with a redirect to sign in
  const parsed = createSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input." };
  return act(async (deps) => {
    const { created, status } = await createSchedule(deps, { every: parsed.data?.every });
    return { status, message: created ? "Re-sync schedule created." : "Re-sync schedule updated." };
  });
}

async function act(fn: (deps: ReturnType<typeof webDeps>) => Promise<Omit<ScheduleActionDone, "ok">>): Promise<ScheduleActionResult> {
  try {
    return { ok: true, ...(await fn(webDeps())) };
  } catch (err) {
    // Service errors carry messages written for people; anything else stays on the server.
    if (err instanceof ScheduleServiceError) return { ok: false, error: err.message };
    return { ok: false, error: "The schedule could not be changed because of an unexpected server error." };
  }
}
