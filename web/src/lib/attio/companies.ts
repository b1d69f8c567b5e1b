// Companies: found by stored id, asserted on their unique `domains`, else matched by exact name.
import { attioRequest, type HttpConfig } from "./http";
import { companyDomainFor } from "./normalize";
import {
  assertRecord,
  clean,
  createRecord,
  invalidInput,
  nullOn404,
  putRecord,
  queryFirst,
  recordPath,
  toRef,
  type AttioRecordRef,
  type Values,
} from "./records";
import { companyResponseSchema } from "./schemas";

export interface UpsertCompanyInput {
  name: string;
  domain?: string | null;
  /** A contact's email: its domain is used when `domain` is absent, unless it is free mail. */
  email?: string | null;
  /** Attio record id from a previous sync, tried first. */
  knownId?: string | null;
}

export async function upsertCompany(http: HttpConfig, input: UpsertCompanyInput): Promise<AttioRecordRef> {
  const name = clean(input.name);

  if (clean(input.knownId)) {
    const known = await nullOn404(
      attioRequest(http, { method: "GET", path: recordPath("companies", clean(input.knownId)!), schema: companyResponseSchema }),
    );
    if (known) {
      const current = known.data.values.name?.[0]?.value ?? null;
      if (!name || current === name) return toRef(known.data);
      const renamed = await nullOn404(putRecord(http, "companies", known.data.id.record_id, { name: [name] }));
      if (renamed) return toRef(renamed);
    }
    // 404: the record was deleted (or merged away) in Attio since the last sync. Find or
    // create it again below rather than failing every future sync of this lead.
  }

  const domain = companyDomainFor({ domain: input.domain, email: input.email });
  if (domain) {
    // `domains` is unique, so the assert is idempotent: a repeat (Temporal retry, second sync)
    // updates the record the first attempt created. Being the matching attribute, the domain
    // is added to the record's domains, never replacing the ones it has.
    const values: Values = { domains: [domain] };
    if (name) values.name = [name];
    return toRef(await assertRecord(http, "companies", "domains", values));
  }

  if (!name) throw invalidInput("upsertCompany needs a name or a usable domain");
  // Company names are not unique in Attio and cannot be asserted on, so this is
  // query-then-create: two concurrent name-only upserts of the same company can both miss and
  // both create, leaving a duplicate (as can Attio's own company auto-creation from a person's
  // email domain). Pass a domain or a work email whenever one is known to avoid it.
  const found = await queryFirst(http, "companies", { name });
  if (found) return toRef(found);
  return toRef(await createRecord(http, "companies", { name: [name] }));
}
