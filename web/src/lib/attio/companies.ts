// Companies: the stored record while it is still the lead's company, else the one holding the
// lead's domain, else one found or created by name (one per normalised name). Existing companies
// only get the fields the field policy gives to the lead.
import { DEFAULT_FIELD_POLICY, type FieldPolicy, shouldWrite } from "./field-policy";
import type { HttpConfig } from "./http";
import { companyDomainFor } from "./normalize";
import {
  type AttioRecordRef,
  clean,
  createRecord,
  findOrCreateClaimed,
  getRecord,
  invalidInput,
  isUniquenessConflict,
  patchRecord,
  queryFirst,
  type RecordClaims,
  toRef,
  type Values,
} from "./records";
import { type AttioCompanyRecord, companyListResponseSchema, companyResponseSchema } from "./schemas";

export interface UpsertCompanyInput {
  name?: string | null;
  domain?: string | null;
  /** A contact's email: its domain is used when `domain` is absent, unless it is free mail. */
  email?: string | null;
  /** Attio record id from a previous sync: reused only while it is still the lead's company. */
  knownId?: string | null;
  /** The lead's company key is the one `knownId` was resolved for (the lead did not move). */
  knownIsCurrent?: boolean;
  policy?: FieldPolicy;
  /**
   * Whether this lead owns the record it resolved to (a function of the record id); a lead that
   * does not only fills blanks, so leads sharing a record never flip it back and forth.
   */
  ownsRecord?: boolean | ((recordId: string) => Promise<boolean>);
  claims?: RecordClaims;
  /** Who holds a claim (the run), so a retry of the same run resumes its own claim. */
  claimOwner?: string;
}

export interface CompanyResult extends AttioRecordRef {
  /** The identity the record was resolved by: `domain:<domain>` or `name:<normalised name>`. */
  key: string;
  created: boolean;
}

/** Case, accents' composition and runs of spaces do not make another company. */
export function normalizeCompanyName(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** The company identity of a lead, or null when it names no company at all. */
export function companyKey(input: { name?: string | null; domain?: string | null; email?: string | null }): string | null {
  const domain = companyDomainFor({ domain: input.domain, email: input.email });
  if (domain) return `domain:${domain}`;
  const name = clean(input.name);
  return name ? `name:${normalizeCompanyName(name)}` : null;
}

const nameOf = (r: AttioCompanyRecord) => r.values.name?.[0]?.value?.trim() ?? "";
const domainsOf = (r: AttioCompanyRecord) => (r.values.domains ?? []).map((d) => d.domain.toLowerCase());

export async function upsertCompany(http: HttpConfig, input: UpsertCompanyInput): Promise<CompanyResult> {
  const name = clean(input.name);
  const domain = companyDomainFor({ domain: input.domain, email: input.email });
  const key = companyKey({ name, domain });
  if (!key) throw invalidInput("upsertCompany needs a name or a usable domain");
  const policy = input.policy ?? DEFAULT_FIELD_POLICY;
  const ownsRecord = async (recordId: string) =>
    typeof input.ownsRecord === "function" ? input.ownsRecord(recordId) : (input.ownsRecord ?? true);

  /** Writes only what the policy gives the lead; nothing when Attio already holds it. */
  const reconcile = async (record: AttioCompanyRecord): Promise<CompanyResult> => {
    const owns = await ownsRecord(record.id.record_id);
    const values: Values = {};
    const current = nameOf(record);
    if (name && shouldWrite(policy["company.name"], { empty: !current, differs: current !== name }, owns)) values.name = [name];
    const domains = domainsOf(record);
    if (
      domain &&
      !domains.includes(domain) &&
      shouldWrite(policy["company.domains"], { empty: domains.length === 0, differs: true }, owns)
    ) {
      values.domains = [domain]; // PATCH adds it to the company's domains
    }
    if (Object.keys(values).length === 0) return { ...toRef(record), key, created: false };
    try {
      const updated = await patchRecord(http, "companies", record.id.record_id, values, companyResponseSchema);
      return { ...toRef(updated ?? record), key, created: false };
    } catch (err) {
      // The domain belongs to another company: that one is the lead's company.
      if (!domain || !isUniquenessConflict(err)) throw err;
      const owner = await queryFirst(http, "companies", byDomain(domain), companyListResponseSchema);
      if (!owner) throw err;
      return reconcile(owner);
    }
  };

  const knownId = clean(input.knownId);
  if (knownId) {
    const known = await getRecord(http, "companies", knownId, companyResponseSchema);
    if (known && isStillTheLeadsCompany(known, { name, domain, knownIsCurrent: input.knownIsCurrent ?? false })) return reconcile(known);
    // Deleted, merged away, or the lead moved to another company: resolve it afresh below. The
    // old record is left as it is: other people may rely on it.
  }

  if (domain) {
    const found = await queryFirst(http, "companies", byDomain(domain), companyListResponseSchema);
    if (found) return reconcile(found);
    try {
      const values: Values = { domains: [domain] };
      if (name) values.name = [name];
      const created = await createRecord(http, "companies", values, companyResponseSchema);
      return { ...toRef(created), key, created: true };
    } catch (err) {
      // A concurrent sync (or Attio's own auto-creation) created it first: use that one.
      if (!isUniquenessConflict(err)) throw err;
      const winner = await queryFirst(http, "companies", byDomain(domain), companyListResponseSchema);
      if (!winner) throw err;
      return reconcile(winner);
    }
  }

  // Name only: names are not unique in Attio, so creation goes through a claim on the normalised name.
  const exactName = name!;
  const { record, created } = await findOrCreateClaimed({
    claims: input.claims,
    key: `company:${key}`,
    owner: input.claimOwner ?? "direct",
    get: (id) => getRecord(http, "companies", id, companyResponseSchema),
    find: () => queryFirst(http, "companies", { name: { $eq: exactName } }, companyListResponseSchema),
    create: () => createRecord(http, "companies", { name: [exactName] }, companyResponseSchema),
  });
  return created ? { ...toRef(record), key, created } : reconcile(record);
}

function byDomain(domain: string) {
  return { domains: { domain: { $eq: domain } } };
}

/**
 * A stored company is reused while it still is the lead's company: it holds the lead's domain; or
 * it has no domain yet and is the same company by name or by the key it was resolved for (then
 * the domain is added, per the policy). A lead that moved to another domain never re-domains or
 * renames its old company.
 */
function isStillTheLeadsCompany(
  record: AttioCompanyRecord,
  lead: { name: string | null; domain: string | null; knownIsCurrent: boolean },
): boolean {
  const domains = domainsOf(record);
  const sameName = !!lead.name && normalizeCompanyName(nameOf(record)) === normalizeCompanyName(lead.name);
  if (lead.domain) return domains.includes(lead.domain) || (domains.length === 0 && (lead.knownIsCurrent || sameName));
  return lead.knownIsCurrent || sameName;
}
