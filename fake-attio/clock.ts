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

  /** Moves the fake time forward and resolves once every task due by then has run. */
  async advance(ms: number): Promise<void> {
    this.offsetMs += Math.max(0, ms);
    await this.runDue();
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

  /** Serialised: two advances never run the same task twice. */
  private runDue(): Promise<void> {
    this.running = this.running.then(async () => {
      for (;;) {
        const now = this.now();
        const due = this.tasks.filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.seq - b.seq);
        if (due.length === 0) break;
        this.tasks = this.tasks.filter((t) => !due.includes(t));
        // One after another, in due order: deliveries leave in a predictable order unless a test asks otherwise.
        for (const t of due) {
          try {
            await t.run();
          } catch (err) {
            console.error("[fake-attio] task failed", err);
          }
        }
      }
      this.arm();
    });
    return this.running;
  }
}
