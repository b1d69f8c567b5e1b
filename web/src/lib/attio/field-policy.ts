// The field policy: for each Attio field a sync writes, whether the lead is its source of truth.
// Defaults never overwrite what people maintain in Attio.
import { z } from "zod";

/** `always`: the lead is the source of truth; `if-empty`: fill blanks only; `never`: leave it alone. */
export const FIELD_RULES = ["always", "if-empty", "never"] as const;
export type FieldRule = (typeof FIELD_RULES)[number];

export const POLICY_FIELDS = [
  "person.name",
  "person.jobTitle",
  "person.linkedin",
  "person.emails",
  "person.company",
  "company.name",
  "company.domains",
] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];
export type FieldPolicy = Record<PolicyField, FieldRule>;

export const POLICY_FIELD_LABELS: Record<PolicyField, string> = {
  "person.name": "Person: name",
  "person.jobTitle": "Person: job title",
  "person.linkedin": "Person: LinkedIn",
  "person.emails": "Person: email addresses (added, never removed)",
  "person.company": "Person: company link",
  "company.name": "Company: name",
  "company.domains": "Company: domains (added, never removed)",
};

/**
 * Names, titles and LinkedIn URLs are often corrected by hand in Attio, so a sync only fills them
 * in. The lead's email and company decide which person and company it is, so those are kept in
 * step. A company's name and domains belong to whoever maintains the company.
 */
export const DEFAULT_FIELD_POLICY: FieldPolicy = {
  "person.name": "if-empty",
  "person.jobTitle": "if-empty",
  "person.linkedin": "if-empty",
  "person.emails": "always",
  "person.company": "always",
  "company.name": "if-empty",
  "company.domains": "if-empty",
};

export const fieldPolicyOverridesSchema = z.partialRecord(z.enum(POLICY_FIELDS), z.enum(FIELD_RULES));
export type FieldPolicyOverrides = z.infer<typeof fieldPolicyOverridesSchema>;

/**
 * Parses LEADSYNC_FIELD_POLICY, e.g. `person.jobTitle=always,company.name=never`. Returns the
 * problems instead of throwing, so config validation can list them.
 */
export function parseFieldPolicyEnv(raw: string | undefined): { overrides: FieldPolicyOverrides; problems: string[] } {
  const overrides: FieldPolicyOverrides = {};
  const problems: string[] = [];
  for (const part of (raw ?? "").split(",")) {
    const item = part.trim();
    if (!item) continue;
    const [field, rule] = item.split("=").map((s) => s.trim());
    if (!(POLICY_FIELDS as readonly string[]).includes(field))
      problems.push(`unknown field "${field}" (known: ${POLICY_FIELDS.join(", ")})`);
    else if (!(FIELD_RULES as readonly string[]).includes(rule)) problems.push(`"${field}" needs one of ${FIELD_RULES.join(", ")}`);
    else overrides[field as PolicyField] = rule as FieldRule;
  }
  return { overrides, problems };
}

/** Defaults, then the environment's overrides, then the settings page's (the most specific wins). */
export function effectiveFieldPolicy(...layers: FieldPolicyOverrides[]): FieldPolicy {
  return Object.assign({ ...DEFAULT_FIELD_POLICY }, ...layers);
}

/**
 * Whether a sync writes a field: `empty` says the record holds no value, `differs` that it holds
 * another value than the lead's. A lead that does not own the record (another lead has the same
 * email) only ever fills blanks, so two leads never flip one record back and forth.
 */
export function shouldWrite(rule: FieldRule, state: { empty: boolean; differs: boolean }, ownsRecord = true): boolean {
  if (rule === "never") return false;
  if (state.empty) return true;
  return rule === "always" && ownsRecord && state.differs;
}
