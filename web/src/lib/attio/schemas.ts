/**
 * Zod schemas for the parts of Attio responses the client reads, and nothing more.
 *
 * Validating exactly what we use means a change in Attio's response shape fails loudly at the
 * boundary (AttioError "invalid_response") instead of surfacing later as an `undefined` record id
 * stored in our database. Unknown keys are ignored (zod strips them) so additive API changes keep
 * working.
 */
import { z } from "zod";

/** Attio wraps every answer in `data`: one item, */
export const dataOf = <T extends z.ZodType>(item: T) => z.object({ data: item });
/** or a list of them. */
export const dataListOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

/** An Attio resource: its id is an object keyed by its kind (`{ record_id }`, `{ list_id }`, …), beside `fields`. */
export function attioResource<K extends string, F extends z.ZodRawShape>(idKey: K, fields: F) {
  return z.object({ id: z.object({ [idKey]: z.string().min(1) } as Record<K, z.ZodString>), ...fields });
}

// `web_url` is required by the OpenAPI document, but the client only passes it through for links
// in the UI, so its absence must not fail a sync.
const webUrl = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

/** When a value was written (two-way sync's reconcile pass dates Attio-side edits with it). */
const activeFrom = { active_from: z.string().optional() };
/** A text value (company `name`, person `job_title`, `linkedin`). */
export const textValueSchema = z.object({ value: z.string(), ...activeFrom });
/** An email-address value; `email_address` is Attio's normalised form. */
export const emailValueSchema = z.object({ email_address: z.string() });
/** A domain value. */
export const domainValueSchema = z.object({ domain: z.string() });

/** Any record when only its id and link are needed. */
export const recordSchema = attioResource("record_id", {
  web_url: webUrl,
  values: z.record(z.string(), z.array(z.unknown())),
});

/** A personal-name value. */
export const personalNameValueSchema = z.object({ full_name: z.string().nullish(), ...activeFrom });
/** A record-reference value (a person's `company`). */
export const referenceValueSchema = z.object({ target_record_id: z.string() });

/** A company record, with the fields the field policy compares. Attio lists empty attributes as
 * `[]`, but a missing key is tolerated and read as empty. */
export const companyRecordSchema = recordSchema.extend({
  values: z.object({
    name: z.array(textValueSchema).optional(),
    domains: z.array(domainValueSchema).optional(),
  }),
});

/** A person record, with the fields the field policy compares. */
export const personRecordSchema = recordSchema.extend({
  values: z.object({
    name: z.array(personalNameValueSchema).optional(),
    job_title: z.array(textValueSchema).optional(),
    linkedin: z.array(textValueSchema).optional(),
    email_addresses: z.array(emailValueSchema).optional(),
    company: z.array(referenceValueSchema).optional(),
  }),
});

export const recordResponseSchema = dataOf(recordSchema);
export const recordListResponseSchema = dataListOf(recordSchema);
export const companyResponseSchema = dataOf(companyRecordSchema);
export const companyListResponseSchema = dataListOf(companyRecordSchema);
export const personResponseSchema = dataOf(personRecordSchema);
export const personListResponseSchema = dataListOf(personRecordSchema);

/** A note; both renderings are read because the marker is searched in either. */
export const noteSchema = attioResource("note_id", {
  content_markdown: z.string(),
  content_plaintext: z.string(),
});
export const noteResponseSchema = dataOf(noteSchema);
export const noteListResponseSchema = dataListOf(noteSchema);

/** `GET /v2/self`: fields at the top level; an inactive token may return only `{active:false}`. */
export const selfResponseSchema = z.object({
  active: z.boolean(),
  scope: z.string().nullish(),
  workspace_slug: z.string().nullish(),
});

/** Attio's error body. Every field is optional: proxies and 5xx pages do not follow it. */
export const errorBodySchema = z.object({
  status_code: z.number().optional(),
  type: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});

export type AttioRecord = z.infer<typeof recordSchema>;
export type AttioCompanyRecord = z.infer<typeof companyRecordSchema>;
export type AttioPersonRecord = z.infer<typeof personRecordSchema>;
export type AttioNote = z.infer<typeof noteSchema>;
