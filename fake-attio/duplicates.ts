/** Duplicate detection for the fake's stats(): how many records a client created twice. */
import type { StoredNote } from "./notes";
import type { StoredValue } from "./values";

/** The part of a stored record the counts read (store.ts's StoredRecord). */
type StoredRecord = { seq: number; values: Map<string, StoredValue[]> };

export interface DuplicateCounts {
  peopleByEmail: number;
  peopleByLinkedin: number;
  companiesByDomain: number;
  companiesByName: number;
  notesByContent: number;
}

/** In creation order, an item counts once if any of its keys was already held by an earlier one. */
function countExtra<T>(items: T[], keys: (t: T) => string[]): number {
  const seen = new Set<string>();
  let extra = 0;
  for (const it of items) {
    const ks = keys(it).filter(Boolean);
    if (ks.some((k) => seen.has(k))) extra++;
    for (const k of ks) seen.add(k);
  }
  return extra;
}

const text = (r: StoredRecord, slug: string) => (r.values.get(slug) ?? []).map((v) => v.data.value ?? "");

/** LinkedIn URLs are compared loosely (case, scheme, `www.`, trailing slash): a human would call those duplicates. */
const looseUrl = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/^www\./, "")
    .replace(/[?#].*$/, "")
    .replace(/\/+$/, "");

/** "Extra" records and notes; company names are compared ignoring case and surrounding space. */
export function countDuplicates(people: StoredRecord[], companies: StoredRecord[], notes: StoredNote[]): DuplicateCounts {
  const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;
  const ps = [...people].sort(bySeq);
  const cs = [...companies].sort(bySeq);
  return {
    peopleByEmail: countExtra(ps, (r) => (r.values.get("email_addresses") ?? []).map((v) => v.data.email_address)),
    peopleByLinkedin: countExtra(ps, (r) => text(r, "linkedin").map(looseUrl)),
    companiesByDomain: countExtra(cs, (r) => (r.values.get("domains") ?? []).map((v) => v.data.domain)),
    companiesByName: countExtra(cs, (r) => text(r, "name").map((s) => s.trim().toLowerCase())),
    notesByContent: countExtra(notes, (n) => [`${n.parentObject}/${n.parentRecordId}/${n.contentMarkdown}`]),
  };
}
