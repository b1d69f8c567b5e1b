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
