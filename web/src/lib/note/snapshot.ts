import { createHash } from "node:crypto";
import { type LeadIdentity, leadIdentity } from "../leads/lead-identity";

/**
 * Everything the sync note shows about one lead, as plain JSON. It travels through Temporal
 * payloads (the "load lead" activity returns it to the workflow), so dates are ISO strings and
 * there are no class instances, Prisma types or undefined-vs-null ambiguities.
 */
export interface LeadSnapshot extends LeadIdentity {
  id: number;
  icpScore: { score: number; reasons: string[] } | null;
  sourceSignal: { excerpt: string; sourceUrl: string; capturedAt: string; angle: string | null } | null;
  drafts: { angle: string; variantKey: string; hypothesis: string; content: string }[];
  touchpoints: { channel: string; status: string; sentAt: string | null }[];
}

/** Prisma hands us Date objects; tests and JSON round-trips may hand us strings. */
export type DateLike = Date | string;

/**
 * The structural shape of `prisma.lead.findUnique({ include: { sourceSignal, icpScore, drafts,
 * touchpoints } })`. Declared here instead of importing Prisma types so this module stays pure
 * (usable from Temporal workflow-side code and unit tests without a generated client).
 */
export interface LeadWithRelations extends LeadIdentity {
  id: number;
  sourceSignal: { excerpt: string; sourceUrl: string; capturedAt: DateLike; angle: string | null } | null;
  icpScore: { score: number; reasons: string | null } | null;
  drafts: { id: number; angle: string; variantKey: string; hypothesis: string; content: string }[];
  touchpoints: { id: number; channel: string; status: string; sentAt: DateLike | null }[];
}

/**
 * Bumped whenever the snapshot's meaning or the note built from it changes, so every stored
 * `attioSnapshotHash` stops matching and scheduled re-syncs send the new format once.
 */
export const SNAPSHOT_HASH_VERSION = "leadsync-snapshot-v1";

export function toLeadSnapshot(lead: LeadWithRelations): LeadSnapshot {
  return {
    id: lead.id,
    ...leadIdentity(lead),
    icpScore: lead.icpScore ? { score: lead.icpScore.score, reasons: parseReasons(lead.icpScore.reasons) } : null,
    sourceSignal: lead.sourceSignal
      ? {
          excerpt: lead.sourceSignal.excerpt,
          sourceUrl: lead.sourceSignal.sourceUrl,
          capturedAt: toIso(lead.sourceSignal.capturedAt),
          angle: lead.sourceSignal.angle ?? null,
        }
      : null,
    // Sorted by id so the note and the hash do not depend on the database's return order.
    drafts: [...lead.drafts]
      .sort((a, b) => a.id - b.id)
      .map((d) => ({ angle: d.angle, variantKey: d.variantKey, hypothesis: d.hypothesis, content: d.content })),
    touchpoints: [...lead.touchpoints]
      .sort((a, b) => a.id - b.id)
      .map((t) => ({ channel: t.channel, status: t.status, sentAt: t.sentAt == null ? null : toIso(t.sentAt) })),
  };
}

/**
 * `IcpScore.reasons` is a JSON array stored as a string (SQLite has no list type). Rows written by
 * hand or by older code may hold anything, and one bad row must not fail a sync, so: a JSON array
 * keeps its non-empty entries (non-strings stringified), any other JSON value or non-JSON text
 * becomes a single reason, and empty input becomes no reasons.
 */
export function parseReasons(raw: unknown): string[] {
  if (raw == null) return [];
  if (Array.isArray(raw)) return raw.flatMap(reasonToStrings);
  if (typeof raw !== "string") return reasonToStrings(raw);
  const text = raw.trim();
  if (text === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [text];
  }
  if (Array.isArray(parsed)) return parsed.flatMap(reasonToStrings);
  return reasonToStrings(parsed);
}

function reasonToStrings(value: unknown): string[] {
  if (value == null) return [];
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.trim() === "" ? [] : [text];
}

/** A valid instant becomes canonical `toISOString()`; anything unparsable is kept verbatim. */
function toIso(value: DateLike): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString();
}

/**
 * sha256 (hex) of a canonical JSON of the snapshot: object keys sorted at every level, date fields
 * normalised to `toISOString()`, array order kept (it is meaningful and already stable). The same
 * lead therefore hashes the same whichever process built the snapshot, so a scheduled re-sync
 * can compare against `Lead.attioSnapshotHash` and skip unchanged leads.
 */
export function snapshotHash(s: LeadSnapshot): string {
  const normalised: LeadSnapshot = {
    ...s,
    sourceSignal: s.sourceSignal ? { ...s.sourceSignal, capturedAt: toIso(s.sourceSignal.capturedAt) } : null,
    touchpoints: s.touchpoints.map((t) => ({ ...t, sentAt: t.sentAt == null ? null : toIso(t.sentAt) })),
  };
  return createHash("sha256")
    .update(`${SNAPSHOT_HASH_VERSION}\n${canonicalJson(normalised)}`, "utf8")
    .digest("hex");
}

/** JSON with sorted keys; undefined members are dropped as JSON.stringify would. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    // Non-finite numbers serialise as null, as JSON.stringify does.
    return JSON.stringify(value ?? null) ?? "null";
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  }
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}
