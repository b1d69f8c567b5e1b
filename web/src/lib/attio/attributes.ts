/**
 * Attributes of an object or a list, their select options and statuses, and creating attributes
 * and options (scope `object_configuration:read-write` on objects, `list_configuration:read-write`
 * on lists). Creation is safe to retry: a 409 `slug_conflict` means an earlier attempt (or a person)
 * already created it, so the existing one is returned.
 */
import { attributeListResponseSchema, attributeResponseSchema, choiceListResponseSchema, choiceResponseSchema } from "./crm-schemas";
import { AttioError } from "./errors";
import { attioRequest, type HttpConfig } from "./http";

export type AttributeTarget = "objects" | "lists";
/** The types leadsync maps lead fields to. */
export type MappableType = "number" | "text" | "select" | "date" | "actor-reference";

export interface AttributeSummary {
  id: string;
  slug: string;
  title: string;
  type: string;
  archived: boolean;
  writable: boolean;
}

export interface Choice {
  title: string;
  archived: boolean;
}

export interface NewAttribute {
  title: string;
  apiSlug: string;
  type: MappableType;
  description?: string | null;
}

const base = (target: AttributeTarget, identifier: string) => `/${target}/${encodeURIComponent(identifier)}/attributes`;

export async function listAttributes(
  cfg: HttpConfig,
  target: AttributeTarget,
  identifier: string,
  opts: { showArchived?: boolean } = {},
): Promise<AttributeSummary[]> {
  const res = await attioRequest(cfg, {
    method: "GET",
    path: base(target, identifier),
    query: { show_archived: opts.showArchived ? "true" : undefined },
    schema: attributeListResponseSchema,
  });
  return res.data.map((a) => ({
    id: a.id.attribute_id,
    slug: a.api_slug,
    title: a.title,
    type: a.type,
    archived: a.is_archived,
    writable: a.is_writable,
  }));
}

export async function createAttribute(
  cfg: HttpConfig,
  target: AttributeTarget,
  identifier: string,
  input: NewAttribute,
): Promise<AttributeSummary> {
  try {
    const res = await attioRequest(cfg, {
      method: "POST",
      path: base(target, identifier),
      body: {
        data: {
          title: input.title,
          description: input.description ?? null,
          api_slug: input.apiSlug,
          type: input.type,
          is_required: false,
          is_unique: false,
          is_multiselect: false,
          config: {},
        },
      },
      schema: attributeResponseSchema,
    });
    const a = res.data;
    return { id: a.id.attribute_id, slug: a.api_slug, title: a.title, type: a.type, archived: a.is_archived, writable: a.is_writable };
  } catch (err) {
    if (!(err instanceof AttioError && err.code === "slug_conflict")) throw err;
    const existing = (await listAttributes(cfg, target, identifier, { showArchived: true })).find((a) => a.slug === input.apiSlug);
    if (!existing) throw err;
    return existing;
  }
}

export async function listStatuses(cfg: HttpConfig, target: AttributeTarget, identifier: string, attribute: string): Promise<Choice[]> {
  const path = `${base(target, identifier)}/${encodeURIComponent(attribute)}/statuses`;
  const res = await attioRequest(cfg, { method: "GET", path, schema: choiceListResponseSchema });
  return res.data.map((c) => ({ title: c.title, archived: c.is_archived }));
}

export async function listSelectOptions(
  cfg: HttpConfig,
  target: AttributeTarget,
  identifier: string,
  attribute: string,
): Promise<Choice[]> {
  const path = `${base(target, identifier)}/${encodeURIComponent(attribute)}/options`;
  const res = await attioRequest(cfg, { method: "GET", path, schema: choiceListResponseSchema });
  return res.data.map((c) => ({ title: c.title, archived: c.is_archived }));
}

/** Adds a select option; an option with that title already there (409) counts as done. */
export async function createSelectOption(
  cfg: HttpConfig,
  target: AttributeTarget,
  identifier: string,
  attribute: string,
  title: string,
): Promise<Choice> {
  const path = `${base(target, identifier)}/${encodeURIComponent(attribute)}/options`;
  try {
    const res = await attioRequest(cfg, { method: "POST", path, body: { data: { title } }, schema: choiceResponseSchema });
    return { title: res.data.title, archived: res.data.is_archived };
  } catch (err) {
    if (err instanceof AttioError && err.code === "slug_conflict") return { title, archived: false };
    throw err;
  }
}
