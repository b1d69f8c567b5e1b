/**
 * Zod schemas for the CRM surface the client reads (lists, entries, attributes, select options,
 * statuses, workspace members): only the fields used, unknown keys stripped, like schemas.ts. Each
 * module that reads one wraps it in its response envelope (dataOf, dataListOf).
 */
import { z } from "zod";
import { attioResource } from "./schemas";

export const listSchema = attioResource("list_id", {
  api_slug: z.string(),
  name: z.string(),
  parent_object: z.array(z.string()),
});

export const attributeSchema = attioResource("attribute_id", {
  title: z.string(),
  api_slug: z.string(),
  type: z.string(),
  is_archived: z.boolean(),
  is_multiselect: z.boolean(),
  is_writable: z.boolean(),
});

/** A select option or a status: both have a title and an archived flag. */
export const choiceSchema = z.object({ title: z.string(), is_archived: z.boolean() });

export const workspaceMemberSchema = attioResource("workspace_member_id", {
  first_name: z.string(),
  last_name: z.string(),
  email_address: z.string(),
  access_level: z.string(),
});

export const listEntrySchema = attioResource("entry_id", {
  parent_record_id: z.string(),
  entry_values: z.record(z.string(), z.array(z.unknown())),
});

/** Read forms of single values the sync compares against (status title, select title, actor id). */
export const statusValueSchema = z.object({ status: z.object({ title: z.string() }) });
export const selectValueSchema = z.object({ option: z.object({ title: z.string() }) });
export const actorValueSchema = z.object({ referenced_actor_id: z.string().nullable() });

export type AttioListEntry = z.infer<typeof listEntrySchema>;
