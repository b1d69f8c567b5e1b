/**
 * The fake's clock for webhook work: real time plus an offset that tests move forward
 * (`POST /__fake/clock/advance`), so retries spread over days and the 7-day degraded -> inactive
 * step happen in seconds. Tasks (retries, system echoes) are due at a fake instant; one real timer
 * waits for the earliest, and advancing runs everything that became due at once.
 */
export type Task = () => Promise<void> | void;

interface Scheduled {
  at: number;
  seq: number;
  run: Task;
}

export class FakeClock {
  private offsetMs = 0;
  private tasks: Scheduled[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  offset(): number {
    return this.offsetMs;
  }

  /** Runs `run` once the fake time reaches `at`. */
  at(at: number, run: Task): void {
    this.tasks.push({ at, seq: ++this.seq, run });
    this.arm();
  }

  after(ms: number, run: Task): void {
    this.at(this.now() + Math.max(0, ms), run);
  }

  /**
   * Moves the fake time forward and resolves once every task due by then has run. The clock steps
   * to each task's own instant before running it, so a retry a task schedules is timed from when
   * that attempt happened, as it would be in real time.
   */
  async advance(ms: number): Promise<void> {
    await this.runDue(Date.now() + this.offsetMs + Math.max(0, ms));
  }

  /** Resolves when the tasks due now have run (those they schedule for now included). */
  async settle(): Promise<void> {
    await this.runDue();
  }

  /** Drops every pending task and the offset (reset), or stops for good (close). */
  clear(close = false): void {
    this.tasks = [];
    this.offsetMs = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.closed = close;
  }

  pending(): number {
    return this.tasks.length;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.tasks.length === 0) return;
    const next = Math.min(...this.tasks.map((t) => t.at));
    // Capped so a timer days away does not overflow setTimeout; it re-arms when it fires.
    const wait = Math.min(Math.max(0, next - this.now()), 60_000);
    this.timer = setTimeout(() => void this.runDue(), wait);
    this.timer.unref();
  }

  /** Runs due tasks one at a time in due order (up to fake instant `until`, if given). Serialised: no task runs twice. */
  private runDue(until?: number): Promise<void> {
    this.running = this.running.then(async () => {
      for (;;) {
        const limit = until ?? this.now();
        const next = this.tasks.filter((t) => t.at <= limit).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (!next) break;
        this.tasks = this.tasks.filter((t) => t !== next);
        // Step the clock to the task's instant (never backwards).
        if (until !== undefined) this.offsetMs = Math.max(this.offsetMs, next.at - Date.now());
        try {
          await next.run();
        } catch (err) {
          console.error("[fake-attio] task failed", err);
        }
      }
      if (until !== undefined) this.offsetMs = Math.max(this.offsetMs, until - Date.now());
      this.arm();
    });
    return this.running;
  }
}
