/**
 * Re-sync intervals as people type them ("6h", "30m", "1h30m", "1d") and back. Pure, so the CLI,
 * the server actions and the panel share one reading of "every".
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** Temporal rounds intervals to whole seconds; below this a re-sync would mostly find nothing new. */
export const MIN_INTERVAL_MS = 60_000;
export const MAX_INTERVAL_MS = 366 * UNIT_MS.d;

const INTERVAL_RE = /^(?:\d+[dhms])+$/;

/**
 * "6h" -> 21600000. Accepts one or more `<integer><d|h|m|s>` groups, case-insensitive, spaces
 * ignored. Returns an error message instead of throwing, for validation layers (zod, CLI).
 */
export function parseInterval(text: string): { ok: true; ms: number } | { ok: false; error: string } {
  const compact = String(text).replace(/\s+/g, "").toLowerCase();
  if (!INTERVAL_RE.test(compact)) {
    return { ok: false, error: `"${text}" is not an interval: use e.g. 6h, 30m, 1h30m or 1d.` };
  }
  let ms = 0;
  for (const [, n, unit] of compact.matchAll(/(\d+)([dhms])/g)) ms += Number(n) * UNIT_MS[unit as Unit];
  if (ms < MIN_INTERVAL_MS) return { ok: false, error: `The interval must be at least ${formatInterval(MIN_INTERVAL_MS)}.` };
  if (ms > MAX_INTERVAL_MS) return { ok: false, error: `The interval must be at most ${formatInterval(MAX_INTERVAL_MS)}.` };
  return { ok: true, ms };
}

/** 21600000 -> "6h", 5400000 -> "1h30m", 90000 -> "1m30s" (largest units first, zeros left out). */
export function formatInterval(ms: number): string {
  let rest = Math.round(ms / 1000) * 1000;
  if (rest <= 0) return "0s";
  let out = "";
  for (const unit of Object.keys(UNIT_MS) as Unit[]) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * UNIT_MS[unit];
    }
  }
  return out;
}
