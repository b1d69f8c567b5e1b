// What the next sync will do to each Attio field of a lead, per the field policy: shown beside the
// note preview so nobody is surprised by what a click changes in the CRM.
import type { FieldDirection, FieldDirections, FieldPolicy, FieldRule, PolicyField } from "../attio/field-policy";
import { POLICY_FIELD_LABELS, POLICY_FIELDS } from "../attio/field-policy";
import type { LeadIdentity } from "../leads/lead-identity";

export interface FieldPlanRow {
  field: PolicyField;
  label: string;
  /** The lead's value, or null when it has none (then the sync sends nothing for the field). */
  value: string | null;
  rule: FieldRule;
  /** Two-way sync: push (the rule applies), pull (Attio's value comes into the lead), both. */
  direction: FieldDirection;
  effect: string;
}

const EFFECT: Record<FieldRule, string> = {
  always: "updates it in Attio",
  "if-empty": "fills it only where Attio has none",
  never: "leaves it alone",
};

export function fieldPlan(
  lead: LeadIdentity,
  policy: FieldPolicy,
  options: { sharedEmail?: boolean; directions?: FieldDirections } = {},
): FieldPlanRow[] {
  const company = lead.companyName ?? lead.companyDomain;
  const values: Record<PolicyField, string | null> = {
    "person.name": lead.name || null,
    "person.jobTitle": lead.role,
    "person.linkedin": lead.linkedinUrl,
    "person.emails": lead.email,
    "person.company": company,
    "company.name": lead.companyName,
    "company.domains": lead.companyDomain,
  };
  return POLICY_FIELDS.map((field) => {
    const rule = policy[field];
    const value = values[field];
    let effect = value === null ? "nothing to send" : EFFECT[rule];
    if (value !== null && rule === "always" && options.sharedEmail && field.startsWith("person.")) {
      effect = "fills it only where Attio has none (an older lead with this email owns the person)";
    }
    const direction = options.directions?.[field] ?? "push";
    if (direction === "pull") effect = "leaves it alone: Attio's value comes into the lead (pulled)";
    if (direction === "both") effect = "updates it in Attio; an Attio edit comes into the lead (the most recent change wins)";
    return { field, label: POLICY_FIELD_LABELS[field], value, rule, direction, effect };
  });
}
