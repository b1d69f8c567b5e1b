/**
 * The CRM half of the Attio client: lists and entries, attributes with their options and
 * statuses, workspace members and token scopes. client.ts spreads these methods into AttioClient.
 */
import * as attributes from "./attributes";
import { bindConfig, type BoundAll } from "./bind";
import type { HttpConfig } from "./http";
import * as lists from "./lists";
import { listWorkspaceMembers } from "./members";
import { getPersonValues, patchPersonValues } from "./record-values";
import * as webhooks from "./webhooks";

export type { AttributeSummary, AttributeTarget, Choice, MappableType, NewAttribute } from "./attributes";
export type { ListEntryRef, ListSummary } from "./lists";
export type { WorkspaceMember } from "./members";
export type { RecordValues } from "./record-values";
export type { AttioWebhookInfo, WebhookStatus, WebhookSubscription } from "./webhooks";

/** The CRM calls, by the name the client gives them. */
const CRM_CALLS = {
  listLists: lists.listLists,
  assertListEntry: lists.assertListEntry,
  findListEntries: lists.findListEntries,
  getListEntry: lists.getListEntry,
  listAttributes: attributes.listAttributes,
  createAttribute: attributes.createAttribute,
  listStatuses: attributes.listStatuses,
  listSelectOptions: attributes.listSelectOptions,
  createSelectOption: attributes.createSelectOption,
  listWorkspaceMembers,
  getPersonValues,
  patchPersonValues,
  createWebhook: webhooks.createWebhook,
  listWebhooks: webhooks.listWebhooks,
  getWebhook: webhooks.getWebhook,
  deleteWebhook: webhooks.deleteWebhook,
  getObjectId: webhooks.getObjectId,
};

export type AttioCrmClient = BoundAll<typeof CRM_CALLS>;

/** `config` is resolved per call, like the rest of the client (a missing key rejects the call). */
export function crmMethods(config: () => HttpConfig): AttioCrmClient {
  return bindConfig(config, CRM_CALLS);
}
