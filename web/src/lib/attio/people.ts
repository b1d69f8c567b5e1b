// People: the one holding the lead's email, else the stored record (while it exists), else one
// created (by email, or through a claim on the LinkedIn URL or name). Existing people only get
// the fields the field policy gives to the lead.
import { resolveCompany } from "./companies";
import { AttioError } from "./errors";
import { type FieldPolicy, shouldWrite } from "./field-policy";
import type { HttpConfig } from "./http";
import { normalizeEmail, normalizeLinkedinUrl, splitPersonName } from "./normalize";
import type { AttioRecordRef, ResolveOptions, Values } from "./records";
import { clean, invalidInput, isUniquenessConflict, recordResolver, toRef } from "./records";
import { type AttioPersonRecord, personListResponseSchema, personResponseSchema } from "./schemas";
import { type PersonTrackedValues, trackedPersonValues } from "./tracked-values";

export interface UpsertPersonInput extends ResolveOptions {
  name: string;
  email?: string | null;
  linkedinUrl?: string | null;
  /** Resolved (found or created) with resolveCompany when `companyId` is absent. */
  companyName?: string | null;
  title?: string | null;
  companyId?: string | null;
}

export interface PersonResult extends AttioRecordRef {
  created: boolean;
  /** The person's pullable values after this call, for the echo guard (AttioRecordState). */
  tracked: PersonTrackedValues;
}

const result = (record: AttioPersonRecord, created: boolean): PersonResult => ({
  ...toRef(record),
  created,
  tracked: trackedPersonValues(record),
});

/** The identity a lead's person is resolved by: its email, else its LinkedIn URL, else its name. */
export function personKey(lead: { name: string; email?: string | null; linkedinUrl?: string | null }): string | null {
  const email = normalizeEmail(lead.email);
  if (email) return `email:${email}`;
  const linkedin = normalizeLinkedinUrl(lead.linkedinUrl);
  if (linkedin) return `linkedin:${linkedin}`;
  const name = splitPersonName(lead.name).full_name;
  return name ? `name:${name.toLowerCase()}` : null;
}

/**
 * The HTTP layer of the client's `upsertPerson`: resolves the lead's person to one Attio record
 * (by email, the stored id, LinkedIn URL or name; created when none) and writes what the policy allows.
 */
export async function resolvePerson(http: HttpConfig, input: UpsertPersonInput): Promise<PersonResult> {
  const name = splitPersonName(input.name);
  const email = normalizeEmail(input.email);
  const linkedin = normalizeLinkedinUrl(input.linkedinUrl);
  const title = clean(input.title);
  if (!name.full_name && !email && !linkedin) throw invalidInput("upsertPerson needs a name, an email or a LinkedIn URL");
  const people = recordResolver(http, "people", { one: personResponseSchema, list: personListResponseSchema }, input);
  const { policy, ownsRecord } = people;

  let companyId = clean(input.companyId);
  const companyName = clean(input.companyName);
  if (!companyId && companyName) {
    // The email goes along so a work domain identifies the company (the one Attio may auto-create).
    companyId = (await resolveCompany(http, { name: companyName, email, policy, claims: input.claims, claimOwner: input.claimOwner })).id;
  }

  const fresh: Values = {};
  if (name.full_name) fresh.name = [name];
  if (title) fresh.job_title = [title];
  if (linkedin) fresh.linkedin = [linkedin];
  if (companyId) fresh.company = [{ target_object: "companies", target_record_id: companyId }];
  if (email) fresh.email_addresses = [email];

  /** Writes only what the policy gives the lead; nothing when Attio already holds it. */
  const reconcile = async (record: AttioPersonRecord, withEmail = true): Promise<PersonResult> => {
    const emails = emailsOf(record);
    const owns = await ownsRecord(record.id.record_id, emails);
    const v = record.values;
    const values: Values = {};
    const want = (rule: keyof FieldPolicy, current: string, next: string | null) =>
      !!next && shouldWrite(policy[rule], { empty: !current, differs: current !== next }, owns);
    if (want("person.name", v.name?.[0]?.full_name?.trim() ?? "", name.full_name || null)) values.name = fresh.name;
    if (want("person.jobTitle", v.job_title?.[0]?.value?.trim() ?? "", title)) values.job_title = fresh.job_title;
    const currentLinkedin = v.linkedin?.[0]?.value ?? "";
    if (want("person.linkedin", normalizeLinkedinUrl(currentLinkedin) ?? currentLinkedin, linkedin)) values.linkedin = fresh.linkedin;
    if (want("person.company", v.company?.[0]?.target_record_id ?? "", companyId)) values.company = fresh.company;
    if (
      withEmail &&
      email &&
      !emails.includes(email) &&
      // Adding an address never undoes another lead's, so every lead sharing the person adds its own.
      shouldWrite(policy["person.emails"], { empty: emails.length === 0, differs: true })
    ) {
      values.email_addresses = fresh.email_addresses; // PATCH adds it to the person's addresses
    }
    if (Object.keys(values).length === 0) return result(record, false);
    try {
      const updated = await people.patch(record.id.record_id, values);
      return result(updated ?? record, false);
    } catch (err) {
      // Another person took the address meanwhile (a concurrent sync created it): whoever holds
      // the email is the lead's person (as in 1. below), and this record is left as it was.
      if (!values.email_addresses || !isUniquenessConflict(err)) throw err;
      const holder = await people.queryFirst(byEmail(email!));
      return holder ? reconcile(holder) : reconcile(record, false);
    }
  };

  // 1. The email is the person's identity in Attio (unique): whoever holds it is the lead's person.
  if (email) {
    const holder = await people.queryFirst(byEmail(email));
    if (holder) return reconcile(holder);
  }
  // 2. The stored record, unless it was deleted or merged away (then it answers 404). Not when
  // the lead's email is the one it was resolved by and nobody holds it any more: someone took
  // that address off the record in Attio, so the record is no longer this lead's person.
  const knownId = clean(input.knownId);
  const known = () => (knownId ? people.get(knownId) : Promise.resolve(null));
  if (email && knownId && !input.knownIsCurrent) {
    const record = await known();
    if (record) return reconcile(record);
  }
  // 3. A new person.
  if (email) {
    try {
      return result(await people.create(fresh), true);
    } catch (err) {
      // A concurrent sync created this email's person first: that one is the lead's person.
      if (!isUniquenessConflict(err)) throw err;
      const winner = await people.queryFirst(byEmail(email));
      if (!winner) throw holderNotReadable(err as AttioError);
      return reconcile(winner);
    }
  }
  // No email: LinkedIn URLs and names are not unique in Attio, so the person of a key goes
  // through a claim, the stored record included: two leads reaching one key (one by moving its
  // stored person to that company) then land on one person.
  const filter: Record<string, unknown> = linkedin ? { linkedin: { $eq: linkedin } } : { name: name.full_name };
  if (!linkedin && companyId) filter.company = { target_object: "companies", target_record_id: companyId };
  const key = linkedin ? `person:linkedin:${linkedin}` : `person:name:${name.full_name.toLowerCase()}|${companyId ?? ""}`;
  const byKey = () => people.queryFirst(filter);
  // The stored person stays the lead's while the lead's identity is the one it was resolved by, or
  // the record carries the new one (or this lead may write it): a lead renamed to someone else is
  // not that person, and moving it would put it beside a namesake at the new company.
  const storedPerson = async () => {
    const record = await known();
    if (!record || input.knownIsCurrent) return record;
    const [rule, current, next] = linkedin
      ? (["person.linkedin", normalizeLinkedinUrl(record.values.linkedin?.[0]?.value) ?? "", linkedin] as const)
      : (["person.name", record.values.name?.[0]?.full_name?.trim().toLowerCase() ?? "", name.full_name.toLowerCase()] as const);
    const takesIt =
      current === next ||
      shouldWrite(policy[rule], { empty: !current, differs: true }, await ownsRecord(record.id.record_id, emailsOf(record)));
    return takesIt ? record : null;
  };
  const { record, created } = await people.findOrCreateClaimed(
    key,
    // At a company, the namesake already there is the lead's person; without one, a name alone
    // identifies nobody, so the lead's own stored person comes first.
    async () => (companyId && !linkedin ? ((await byKey()) ?? (await storedPerson())) : ((await storedPerson()) ?? (await byKey()))),
    () => people.create(fresh),
  );
  return created ? result(record, created) : reconcile(record);
}

/**
 * Attio says the address is taken, yet no query finds its holder: a merge Attio answered 202 for
 * and is still applying (the new record is hidden until it is done). Retrying waits it out, like
 * a read answering merge_in_progress; creating or failing the lead would not.
 */
function holderNotReadable(err: AttioError): AttioError {
  return new AttioError(`${err.message}; its holder is not readable yet (a merge in progress)`, {
    status: err.status,
    type: err.type,
    code: err.code,
    retryable: true,
  });
}

const emailsOf = (r: AttioPersonRecord) => (r.values.email_addresses ?? []).map((e) => e.email_address.toLowerCase());

function byEmail(email: string) {
  return { email_addresses: { email_address: { $eq: email } } };
}
