// The values of a person that two-way sync compares (the pullable fields), normalised the way a
// lead holds them: what leadsync last wrote or read is kept in AttioRecordState, and an inbound
// event whose fresh read equals it is an echo.
import type { HttpConfig } from "./http";
import { normalizeDomain, normalizeEmail, normalizeLinkedinUrl } from "./normalize";
import { getRecord, queryRecords } from "./records";
import { type AttioPersonRecord, personResponseSchema, recordListResponseSchema } from "./schemas";

export interface PersonTrackedValues {
  name: string | null;
  jobTitle: string | null;
  linkedin: string | null;
}

const text = (v: string | null | undefined) => (typeof v === "string" && v.trim() ? v.trim() : null);

export function trackedPersonValues(record: AttioPersonRecord): PersonTrackedValues {
  const v = record.values;
  const linkedin = text(v.linkedin?.[0]?.value);
  return {
    name: text(v.name?.[0]?.full_name),
    jobTitle: text(v.job_title?.[0]?.value),
    linkedin: linkedin ? (normalizeLinkedinUrl(linkedin) ?? linkedin) : null,
  };
}

/** A lead's own values, normalised like `trackedPersonValues`, to compare with a person's. */
export function leadTrackedValues(lead: { name: string | null; role: string | null; linkedinUrl: string | null }): PersonTrackedValues {
  const linkedin = text(lead.linkedinUrl);
  return {
    name: text(lead.name),
    jobTitle: text(lead.role),
    linkedin: linkedin ? (normalizeLinkedinUrl(linkedin) ?? linkedin) : null,
  };
}

/**
 * What the echo guard may record after a sync wrote the person: Attio's value where it agrees with
 * the lead (leadsync wrote it, or it already matched); elsewhere what was known before. A change a
 * member made in Attio that the lead has not taken in yet (its event still on the way) must still
 * read as a change when the event arrives, not as an echo of this sync.
 */
export function knownAfterSync(
  fresh: PersonTrackedValues,
  lead: PersonTrackedValues,
  previous: PersonTrackedValues | null,
): PersonTrackedValues {
  const pick = <K extends keyof PersonTrackedValues>(k: K) => (fresh[k] === lead[k] ? fresh[k] : (previous ?? lead)[k]);
  return { name: pick("name"), jobTitle: pick("jobTitle"), linkedin: pick("linkedin") };
}

/** When the newest of the tracked values was written in Attio, or null when Attio does not say. */
export function trackedValuesChangedAt(record: AttioPersonRecord): Date | null {
  const v = record.values;
  const times = [v.name?.[0]?.active_from, v.job_title?.[0]?.active_from, v.linkedin?.[0]?.active_from]
    .map((t) => (t ? Date.parse(t) : Number.NaN))
    .filter((t) => Number.isFinite(t));
  return times.length ? new Date(Math.max(...times)) : null;
}

/** The person with the fields two-way sync reads, or null when it is gone (deleted or merged away). */
export async function getPerson(http: HttpConfig, personId: string): Promise<AttioPersonRecord | null> {
  return getRecord(http, "people", personId, personResponseSchema);
}

/** The id of the person holding this address (a merge's survivor, when the stored id stopped resolving). */
export async function findPersonIdByEmail(http: HttpConfig, email: string): Promise<string | null> {
  const address = normalizeEmail(email);
  if (!address) return null;
  const filter = { email_addresses: { email_address: { $eq: address } } };
  return (await queryRecords(http, "people", filter, 1, recordListResponseSchema))[0]?.id.record_id ?? null;
}

/** The id of the company holding this domain. */
export async function findCompanyIdByDomain(http: HttpConfig, domain: string): Promise<string | null> {
  const normalized = normalizeDomain(domain);
  if (!normalized) return null;
  const filter = { domains: { domain: { $eq: normalized } } };
  return (await queryRecords(http, "companies", filter, 1, recordListResponseSchema))[0]?.id.record_id ?? null;
}
