/**
 * Lists and list entries (scopes `list_configuration:read`, `list_entry:read-write`). Entries are
 * written only by asserting on the parent record (`PUT /v2/lists/{list}/entries`), which Attio
 * makes safe to repeat: one entry per person, however often a sync runs.
 */
import { listEntrySchema, listSchema, type AttioListEntry } from "./crm-schemas";
import { attioRequest, type HttpConfig } from "./http";
import { dataListOf, dataOf } from "./schemas";

export interface ListSummary {
  id: string;
  slug: string;
  name: string;
  parentObjects: string[];
}

export interface ListEntryRef {
  id: string;
  parentRecordId: string;
  /** Raw read values by attribute slug (see crm-schemas.ts for the value schemas). */
  values: AttioListEntry["entry_values"];
}

const listListResponse = dataListOf(listSchema);
const entryResponse = dataOf(listEntrySchema);
const entryListResponse = dataListOf(listEntrySchema);

const toRef = (e: AttioListEntry): ListEntryRef => ({ id: e.id.entry_id, parentRecordId: e.parent_record_id, values: e.entry_values });
const entries = (list: string) => `/lists/${encodeURIComponent(list)}/entries`;

export async function listLists(cfg: HttpConfig): Promise<ListSummary[]> {
  const res = await attioRequest(cfg, { method: "GET", path: "/lists", schema: listListResponse });
  return res.data.map((l) => ({ id: l.id.list_id, slug: l.api_slug, name: l.name, parentObjects: l.parent_object }));
}

/** Entry values are sent as arrays, the form the OpenAPI document requires for this endpoint. */
export async function assertListEntry(
  cfg: HttpConfig,
  list: string,
  input: { parentObject: string; parentRecordId: string; values: Record<string, unknown[]> },
): Promise<ListEntryRef> {
  const res = await attioRequest(cfg, {
    method: "PUT",
    path: entries(list),
    body: { data: { parent_record_id: input.parentRecordId, parent_object: input.parentObject, entry_values: input.values } },
    schema: entryResponse,
  });
  return toRef(res.data);
}

export async function findListEntries(cfg: HttpConfig, list: string, parentRecordId: string): Promise<ListEntryRef[]> {
  const res = await attioRequest(cfg, {
    method: "POST",
    path: `${entries(list)}/query`,
    body: { filter: { parent_record_id: parentRecordId }, limit: 10 },
    schema: entryListResponse,
  });
  return res.data.map(toRef);
}

export async function getListEntry(cfg: HttpConfig, list: string, entryId: string): Promise<ListEntryRef> {
  const res = await attioRequest(cfg, {
    method: "GET",
    path: `${entries(list)}/${encodeURIComponent(entryId)}`,
    schema: entryResponse,
  });
  return toRef(res.data);
}
