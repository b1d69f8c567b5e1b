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

// ---------------------------------------------------------------------------------------------
// Directions (issue 20, two-way sync). `push`: the lead's value goes to Attio under the rule above
// (as before); `pull`: Attio's value comes back into the lead and the sync never writes it (it
// only seeds a record the sync creates); `both`: either way, the most recent change wins (an
// Attio edit is applied unless the lead was edited after the event arrived; a sync writes the
// lead's value when it differs). Only fields that map to a lead column can be pulled.

export const FIELD_DIRECTIONS = ["push", "pull", "both"] as const;
export type FieldDirection = (typeof FIELD_DIRECTIONS)[number];

export const PULLABLE_FIELDS = ["person.name", "person.jobTitle", "person.linkedin"] as const satisfies readonly PolicyField[];
export type PullableField = (typeof PULLABLE_FIELDS)[number];
export type FieldDirections = Record<PolicyField, FieldDirection>;

export const DEFAULT_FIELD_DIRECTIONS: FieldDirections = Object.fromEntries(POLICY_FIELDS.map((f) => [f, "push"])) as FieldDirections;

export const fieldDirectionOverridesSchema = z.partialRecord(z.enum(PULLABLE_FIELDS), z.enum(FIELD_DIRECTIONS));
export type FieldDirectionOverrides = z.infer<typeof fieldDirectionOverridesSchema>;

export function effectiveFieldDirections(overrides: FieldDirectionOverrides = {}): FieldDirections {
  return { ...DEFAULT_FIELD_DIRECTIONS, ...overrides };
}

/** True when Attio's value of the field may come back into the lead. */
export function pullsField(directions: FieldDirections, field: PolicyField): boolean {
  return directions[field] === "pull" || directions[field] === "both";
}

/**
 * The rules an outbound sync applies: a pulled field is never written to an existing record; a
 * `both` field is written whenever the lead's value differs (the lead's side of "the most recent
 * change wins": an Attio edit applied inbound has already made them equal).
 */
export function outboundFieldPolicy(policy: FieldPolicy, directions: FieldDirections): FieldPolicy {
  const out = { ...policy };
  for (const f of POLICY_FIELDS) {
    if (directions[f] === "pull") out[f] = "never";
    if (directions[f] === "both") out[f] = "always";
  }
  return out;
}
