/**
 * Zod schemas for the CRM surface the client reads (lists, entries, attributes, select options,
 * statuses, workspace members): only the fields used, unknown keys stripped, like schemas.ts.
 */
import { z } from "zod";

export const listSchema = z.object({
  id: z.object({ list_id: z.string().min(1) }),
  api_slug: z.string(),
  name: z.string(),
  parent_object: z.array(z.string()),
});
export const listListResponseSchema = z.object({ data: z.array(listSchema) });
export const listResponseSchema = z.object({ data: listSchema });

export const attributeSchema = z.object({
  id: z.object({ attribute_id: z.string().min(1) }),
  title: z.string(),
  api_slug: z.string(),
  type: z.string(),
  is_archived: z.boolean(),
  is_multiselect: z.boolean(),
  is_writable: z.boolean(),
});
export const attributeListResponseSchema = z.object({ data: z.array(attributeSchema) });
export const attributeResponseSchema = z.object({ data: attributeSchema });

/** A select option or a status: both have a title and an archived flag. */
export const choiceSchema = z.object({ title: z.string(), is_archived: z.boolean() });
export const choiceListResponseSchema = z.object({ data: z.array(choiceSchema) });
export const choiceResponseSchema = z.object({ data: choiceSchema });

export const workspaceMemberSchema = z.object({
  id: z.object({ workspace_member_id: z.string().min(1) }),
  first_name: z.string(),
  last_name: z.string(),
  email_address: z.string(),
  access_level: z.string(),
});
export const workspaceMemberListResponseSchema = z.object({ data: z.array(workspaceMemberSchema) });

export const listEntrySchema = z.object({
  id: z.object({ entry_id: z.string().min(1) }),
  parent_record_id: z.string(),
  entry_values: z.record(z.string(), z.array(z.unknown())),
});
export const listEntryResponseSchema = z.object({ data: listEntrySchema });
export const listEntryListResponseSchema = z.object({ data: z.array(listEntrySchema) });

/** Read forms of single values the sync compares against (status title, select title, actor id). */
export const statusValueSchema = z.object({ status: z.object({ title: z.string() }) });
export const selectValueSchema = z.object({ option: z.object({ title: z.string() }) });
export const actorValueSchema = z.object({ referenced_actor_id: z.string().nullable() });

export type AttioListEntry = z.infer<typeof listEntrySchema>;
