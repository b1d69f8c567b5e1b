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
