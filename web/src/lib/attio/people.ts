// People: found by stored id, asserted on their unique `email_addresses`, else matched by LinkedIn
// URL or by name (and company).
import { AttioError } from "./errors";
import { attioRequest, type HttpConfig } from "./http";
import { upsertCompany } from "./companies";
import { normalizeEmail, normalizeLinkedinUrl, splitPersonName } from "./normalize";
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
import { personResponseSchema } from "./schemas";

export interface UpsertPersonInput {
  name: string;
  email?: string | null;
  linkedinUrl?: string | null;
  /** Resolved (found or created) with upsertCompany when `companyId` is absent. */
  companyName?: string | null;
  title?: string | null;
  companyId?: string | null;
  /** Attio record id from a previous sync, tried first. */
  knownId?: string | null;
}

export async function upsertPerson(http: HttpConfig, input: UpsertPersonInput): Promise<AttioRecordRef> {
  const name = splitPersonName(input.name);
  const email = normalizeEmail(input.email);
  const linkedin = normalizeLinkedinUrl(input.linkedinUrl);
  const title = clean(input.title);
  if (!name.full_name && !email && !linkedin) {
    throw invalidInput("upsertPerson needs a name, an email or a LinkedIn URL");
  }

  let companyId = clean(input.companyId);
  const companyName = clean(input.companyName);
  if (!companyId && companyName) {
    // The person's email goes along so a work domain identifies the company: the assert on
    // that domain then finds the company Attio may auto-create from the same email.
    companyId = (await upsertCompany(http, { name: companyName, email })).id;
  }

  // Single-value attributes only: both PUT and PATCH overwrite these, so sending them on every
  // sync cannot duplicate anything. Attributes the lead lacks are omitted, never cleared,
  // so data entered in Attio by hand survives a sync.
  const single: Values = {};
  if (name.full_name) single.name = [name];
  if (title) single.job_title = [title];
  if (linkedin) single.linkedin = [linkedin];
  if (companyId) single.company = [{ target_object: "companies", target_record_id: companyId }];

  const knownId = clean(input.knownId);
  if (knownId) {
    const updated = await updatePersonById(http, knownId, single, email);
    if (updated) return toRef(updated);
    // 404: deleted in Attio since the last sync; find or create it again below.
  }

  if (email) {
    // `email_addresses` is unique: asserting on it makes the upsert idempotent. As the matching
    // attribute the email is added to the person's existing addresses, not replacing them.
    return toRef(await assertRecord(http, "people", "email_addresses", { ...single, email_addresses: [email] }));
  }

  if (linkedin) {
    // `linkedin` is plain, non-unique text (an assert on it fails with
    // matching_attribute_definition_not_unique), so: query the normalised URL, then update
    // that record by id or create one.
    const found = await queryFirst(http, "people", { linkedin });
    if (found) {
      const updated = await nullOn404(putRecord(http, "people", found.id.record_id, single));
      if (updated) return toRef(updated);
    }
    return toRef(await createRecord(http, "people", single));
  }

  // Name only (plus the company when known). Names are not unique: two different people with
  // the same name at the same company are merged into one record, and two concurrent syncs of
  // a new name-only lead can both miss the query and create a duplicate. Nothing better exists
  // without an email or LinkedIn URL.
  const filter: Record<string, unknown> = { name: name.full_name };
  if (companyId) filter.company = { target_object: "companies", target_record_id: companyId };
  const found = await queryFirst(http, "people", filter);
  if (found) {
    const updated = await nullOn404(putRecord(http, "people", found.id.record_id, single));
    if (updated) return toRef(updated);
  }
  return toRef(await createRecord(http, "people", single));
}

/**
 * Updates a known person by id; null when the record no longer exists.
 *
 * The update is a PUT with single-value attributes only. `email_addresses` is multi-value: PUT
 * would replace the person's addresses with ours (dropping ones added in Attio), and PATCH
 * prepends, so resending an existing address through PATCH would duplicate it. So the email is
 * sent, via PATCH, only when the record does not have it yet.
 */
async function updatePersonById(http: HttpConfig, recordId: string, single: Values, email: string | null) {
  const path = recordPath("people", recordId);
  const current = await nullOn404(
    Object.keys(single).length > 0
      ? attioRequest(http, { method: "PUT", path, body: { data: { values: single } }, schema: personResponseSchema })
      : attioRequest(http, { method: "GET", path, schema: personResponseSchema }),
  );
  if (!current) return null;
  const has = (current.data.values.email_addresses ?? []).some((v) => v.email_address.toLowerCase() === email);
  if (!email || has) return current.data;
  try {
    const patched = await attioRequest(http, {
      method: "PATCH",
      path,
      body: { data: { values: { email_addresses: [email] } } },
      schema: personResponseSchema,
    });
    return patched.data;
  } catch (err) {
    // The address already belongs to another Attio person. The known record stays the lead's
    // record (re-pointing the lead to a different person is a human decision), so the sync goes
    // on without the address rather than failing on every retry.
    if (err instanceof AttioError && err.status === 400 && err.code === "uniqueness_conflict") return current.data;
    throw err;
  }
}
