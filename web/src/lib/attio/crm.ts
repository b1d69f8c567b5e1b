/**
 * The CRM half of the Attio client: lists and entries, attributes with their options and
 * statuses, workspace members and token scopes. client.ts spreads these methods into AttioClient.
 */
import * as attributes from "./attributes";
import type { AttributeSummary, AttributeTarget, Choice, NewAttribute } from "./attributes";
import type { HttpConfig } from "./http";
import * as lists from "./lists";
import type { ListEntryRef, ListSummary } from "./lists";
import { listWorkspaceMembers, type WorkspaceMember } from "./members";
import { getPersonValues, patchPersonValues, type RecordValues } from "./record-values";

export type { AttributeSummary, AttributeTarget, Choice, MappableType, NewAttribute } from "./attributes";
export type { ListEntryRef, ListSummary } from "./lists";
export type { WorkspaceMember } from "./members";
export type { RecordValues } from "./record-values";

export interface AttioCrmClient {
  listLists(): Promise<ListSummary[]>;
  assertListEntry(
    list: string,
    input: { parentObject: string; parentRecordId: string; values: Record<string, unknown[]> },
  ): Promise<ListEntryRef>;
  findListEntries(list: string, parentRecordId: string): Promise<ListEntryRef[]>;
  getListEntry(list: string, entryId: string): Promise<ListEntryRef>;
  listAttributes(target: AttributeTarget, identifier: string, opts?: { showArchived?: boolean }): Promise<AttributeSummary[]>;
  createAttribute(target: AttributeTarget, identifier: string, input: NewAttribute): Promise<AttributeSummary>;
  listStatuses(target: AttributeTarget, identifier: string, attribute: string): Promise<Choice[]>;
  listSelectOptions(target: AttributeTarget, identifier: string, attribute: string): Promise<Choice[]>;
  createSelectOption(target: AttributeTarget, identifier: string, attribute: string, title: string): Promise<Choice>;
  listWorkspaceMembers(): Promise<WorkspaceMember[]>;
  getPersonValues(personId: string): Promise<RecordValues | null>;
  patchPersonValues(personId: string, values: Record<string, unknown[]>): Promise<boolean>;
}

/** `config` is resolved per call, like the rest of the client (a missing key rejects the call). */
export function crmMethods(config: () => HttpConfig): AttioCrmClient {
  return {
    listLists: async () => lists.listLists(config()),
    assertListEntry: async (list, input) => lists.assertListEntry(config(), list, input),
    findListEntries: async (list, parent) => lists.findListEntries(config(), list, parent),
    getListEntry: async (list, entryId) => lists.getListEntry(config(), list, entryId),
    listAttributes: async (target, id, opts) => attributes.listAttributes(config(), target, id, opts),
    createAttribute: async (target, id, input) => attributes.createAttribute(config(), target, id, input),
    listStatuses: async (target, id, attr) => attributes.listStatuses(config(), target, id, attr),
    listSelectOptions: async (target, id, attr) => attributes.listSelectOptions(config(), target, id, attr),
    createSelectOption: async (target, id, attr, title) => attributes.createSelectOption(config(), target, id, attr, title),
    listWorkspaceMembers: async () => listWorkspaceMembers(config()),
    getPersonValues: async (personId) => getPersonValues(config(), personId),
    patchPersonValues: async (personId, values) => patchPersonValues(config(), personId, values),
  };
}
