/** The lead fields a sync identifies and writes the Attio person and company by. */
export interface LeadIdentity {
  name: string;
  role: string | null;
  email: string | null;
  linkedinUrl: string | null;
  companyName: string | null;
  companyDomain: string | null;
}
