/**
 * The fields of a new lead, without any validation code: client components (the form) import
 * this, and it keeps zod out of the browser bundle.
 */

export const LEAD_FIELDS = ["name", "role", "companyName", "companyDomain", "email", "linkedinUrl", "icpScore", "icpReasons"] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/** Raw text per field, as typed in the form or read from a CSV cell. */
export type LeadFormValues = Record<LeadField, string>;
/** Messages per field; a field without errors is absent. */
export type LeadFieldErrors = Partial<Record<LeadField, string[]>>;

export const LEAD_FIELD_LABELS: Record<LeadField, string> = {
  name: "Name",
  role: "Role",
  companyName: "Company",
  companyDomain: "Company domain",
  email: "Email",
  linkedinUrl: "LinkedIn URL",
  icpScore: "ICP score",
  icpReasons: "ICP reasons",
};

/** Text values for every field; anything that is not a string (a missing field, a File) is empty. */
export function leadFormValues(get: (field: LeadField) => unknown): LeadFormValues {
  const values = {} as LeadFormValues;
  for (const field of LEAD_FIELDS) {
    const v = get(field);
    values[field] = typeof v === "string" ? v : "";
  }
  return values;
}
