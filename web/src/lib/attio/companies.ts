// Companies: the stored record while it is still the lead's company, else the one holding the
// lead's domain, else one found or created by name (one per normalised name). Existing companies
// only get the fields the field policy gives to the lead.
import { shouldWrite } from "./field-policy";
import type { HttpConfig } from "./http";
import { companyDomainFor } from "./normalize";
import type { AttioRecordRef, ResolveOptions, Values } from "./records";
import { clean, invalidInput, isUniquenessConflict, recordResolver, toRef } from "./records";
import { type AttioCompanyRecord, companyListResponseSchema, companyResponseSchema } from "./schemas";

export interface UpsertCompanyInput extends ResolveOptions {
  name?: string | null;
  domain?: string | null;
  /** A contact's email: its domain is used when `domain` is absent, unless it is free mail. */
  email?: string | null;
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

/**
 * The HTTP layer of the client's `upsertCompany`: resolves the lead's company to one Attio record
 * (the stored id while current, else by domain, else by name; created when none) and writes what
 * the field policy gives the lead.
 */
export async function resolveCompany(http: HttpConfig, input: UpsertCompanyInput): Promise<CompanyResult> {
  const name = clean(input.name);
  const domain = companyDomainFor({ domain: input.domain, email: input.email });
  const key = companyKey({ name, domain });
  if (!key) throw invalidInput("upsertCompany needs a name or a usable domain");
  const companies = recordResolver(http, "companies", { one: companyResponseSchema, list: companyListResponseSchema }, input);
  const { policy, ownsRecord } = companies;

  /** Writes only what the policy gives the lead; nothing when Attio already holds it. */
  const reconcile = async (record: AttioCompanyRecord): Promise<CompanyResult> => {
    const owns = await ownsRecord(record.id.record_id, domainsOf(record));
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
      const updated = await companies.patch(record.id.record_id, values);
      return { ...toRef(updated ?? record), key, created: false };
    } catch (err) {
      // The domain belongs to another company: that one is the lead's company.
      if (!domain || !isUniquenessConflict(err)) throw err;
      const owner = await companies.queryFirst(byDomain(domain));
      if (!owner) throw err;
      return reconcile(owner);
    }
  };

  const knownId = clean(input.knownId);
  if (knownId) {
    const known = await companies.get(knownId);
    if (known && isStillTheLeadsCompany(known, { name, domain, knownIsCurrent: input.knownIsCurrent ?? false })) return reconcile(known);
    // Deleted, merged away, or the lead moved to another company: resolve it afresh below. The
    // old record is left as it is: other people may rely on it.
  }

  if (domain) {
    const found = await companies.queryFirst(byDomain(domain));
    if (found) return reconcile(found);
    try {
      const values: Values = { domains: [domain] };
      if (name) values.name = [name];
      const created = await companies.create(values);
      return { ...toRef(created), key, created: true };
    } catch (err) {
      // A concurrent sync (or Attio's own auto-creation) created it first: use that one.
      if (!isUniquenessConflict(err)) throw err;
      const winner = await companies.queryFirst(byDomain(domain));
      if (!winner) throw err;
      return reconcile(winner);
    }
  }

  // Name only: names are not unique in Attio, so creation goes through a claim on the normalised name.
  const exactName = name!;
  const { record, created } = await companies.findOrCreateClaimed(
    `company:${key}`,
    // Attio's `$eq` on text may be case-sensitive; `$contains` is documented case-insensitive, so
    // candidates come from it and the normalised name decides (a claim lost to a merge or delete
    // must still find "Hooli" for "hooli").
    async () =>
      (await companies.query({ name: { $contains: exactName } }, 25)).find(
        (c) => normalizeCompanyName(nameOf(c)) === normalizeCompanyName(exactName),
      ) ?? null,
    () => companies.create({ name: [exactName] }),
  );
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
