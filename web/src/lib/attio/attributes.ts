/**
 * Attributes of an object or a list, their select options and statuses, and creating attributes
 * and options (scope `object_configuration:read-write` on objects, `list_configuration:read-write`
 * on lists). Creation is safe to retry: a 409 `slug_conflict` means an earlier attempt (or a person)
 * already created it, so the existing one is returned.
 */
import type { z } from "zod";
import { attributeSchema, choiceSchema } from "./crm-schemas";
import { AttioError } from "./errors";
import { attioRequest, type HttpConfig } from "./http";
import { dataListOf, dataOf } from "./schemas";

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
/** Where an attribute's statuses or select options are listed and added. */
const choicesPath = (target: AttributeTarget, identifier: string, attribute: string, kind: "statuses" | "options") =>
  `${base(target, identifier)}/${encodeURIComponent(attribute)}/${kind}`;

const attributeResponse = dataOf(attributeSchema);
const attributeListResponse = dataListOf(attributeSchema);
const choiceResponse = dataOf(choiceSchema);
const choiceListResponse = dataListOf(choiceSchema);

const toSummary = (a: z.infer<typeof attributeSchema>): AttributeSummary => ({
  id: a.id.attribute_id,
  slug: a.api_slug,
  title: a.title,
  type: a.type,
  archived: a.is_archived,
  writable: a.is_writable,
});
const toChoice = (c: z.infer<typeof choiceSchema>): Choice => ({ title: c.title, archived: c.is_archived });

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
    schema: attributeListResponse,
  });
  return res.data.map(toSummary);
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
      schema: attributeResponse,
    });
    return toSummary(res.data);
  } catch (err) {
    if (!(err instanceof AttioError && err.code === "slug_conflict")) throw err;
    const existing = (await listAttributes(cfg, target, identifier, { showArchived: true })).find((a) => a.slug === input.apiSlug);
    if (!existing) throw err;
    return existing;
  }
}

async function listChoices(cfg: HttpConfig, path: string): Promise<Choice[]> {
  const res = await attioRequest(cfg, { method: "GET", path, schema: choiceListResponse });
  return res.data.map(toChoice);
}

export function listStatuses(cfg: HttpConfig, target: AttributeTarget, identifier: string, attribute: string): Promise<Choice[]> {
  return listChoices(cfg, choicesPath(target, identifier, attribute, "statuses"));
}

export function listSelectOptions(cfg: HttpConfig, target: AttributeTarget, identifier: string, attribute: string): Promise<Choice[]> {
  return listChoices(cfg, choicesPath(target, identifier, attribute, "options"));
}

/** Adds a select option; an option with that title already there (409) counts as done. */
export async function createSelectOption(
  cfg: HttpConfig,
  target: AttributeTarget,
  identifier: string,
  attribute: string,
  title: string,
): Promise<Choice> {
  const path = choicesPath(target, identifier, attribute, "options");
  try {
    const res = await attioRequest(cfg, { method: "POST", path, body: { data: { title } }, schema: choiceResponse });
    return toChoice(res.data);
  } catch (err) {
    if (err instanceof AttioError && err.code === "slug_conflict") return { title, archived: false };
    throw err;
  }
}
