/**
 * Small shared helpers for the fake: ids, Attio-style timestamps, seeded randomness.
 */
import { randomUUID } from "node:crypto";

export function uuid(): string {
  return randomUUID();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: unknown): s is string {
  return typeof s === "string" && UUID_RE.test(s);
}

let lastMicros = 0;

/**
 * Attio returns timestamps with 9 fractional digits ("2022-11-21T13:22:49.061281000Z": microsecond
 * precision padded with zeros). We keep them strictly increasing within the process so that
 * "oldest first" orderings built on them are total even for records created in the same millisecond.
 */
export function nowTimestamp(): string {
  const micros = Math.max(Date.now() * 1000, lastMicros + 1);
  lastMicros = micros;
  return formatMicros(micros);
}

export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const sub = String(micros % 1000).padStart(3, "0");
  const iso = new Date(ms).toISOString(); // 2026-01-01T12:00:00.123Z
  return `${iso.slice(0, 23)}${sub}000Z`;
}

/** Re-formats any parseable date string in Attio's 9-digit form (used for backdated notes). */
export function toAttioTimestamp(date: Date): string {
  return formatMicros(date.getTime() * 1000);
}

/** mulberry32: tiny deterministic PRNG, so fault scenarios can be replayed with a seed. */
export function makeRng(seed?: number): () => number {
  if (seed === undefined) return Math.random;
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
