// The values of a person that two-way sync compares (the pullable fields), normalised the way a
// lead holds them: what leadsync last wrote or read is kept in AttioRecordState, and an inbound
// event whose fresh read equals it is an echo.
import type { HttpConfig } from "./http";
import { normalizeLinkedinUrl } from "./normalize";
import { getRecord } from "./records";
import { type AttioPersonRecord, personResponseSchema } from "./schemas";

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

/** The person with the fields two-way sync reads, or null when it is gone (deleted or merged away). */
export async function getPerson(http: HttpConfig, personId: string): Promise<AttioPersonRecord | null> {
  return getRecord(http, "people", personId, personResponseSchema);
}
