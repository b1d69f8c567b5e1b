/**
 * A lead's own contact fields: what a sync identifies and writes the Attio person and company by,
 * and what every shape of a lead (form input, note snapshot, database row) has in common.
 */
export interface LeadIdentity {
  name: string;
  role: string | null;
  email: string | null;
  linkedinUrl: string | null;
  companyName: string | null;
  companyDomain: string | null;
}

/** The identity fields of any shape of a lead, absent ones as null (form input, fixture or database row). */
export function leadIdentity(lead: {
  name: string;
  role?: string | null;
  email?: string | null;
  linkedinUrl?: string | null;
  companyName?: string | null;
  companyDomain?: string | null;
}): LeadIdentity {
  return {
    name: lead.name,
    role: lead.role ?? null,
    email: lead.email ?? null,
    linkedinUrl: lead.linkedinUrl ?? null,
    companyName: lead.companyName ?? null,
    companyDomain: lead.companyDomain ?? null,
  };
}
