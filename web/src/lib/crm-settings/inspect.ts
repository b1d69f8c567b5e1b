/**
 * What the settings page shows about the Attio workspace: the connection (workspace, missing
 * scopes with what each enables), the lists with their stages and owner attributes, the workspace
 * members, people's attributes, and every saved choice Attio no longer has (stale).
 *
 * Each part fails on its own: a token without `user_management:read` still gets its lists.
 */
import type { AttioClient } from "../attio/client";
import type { AttributeSummary, Choice, WorkspaceMember } from "../attio/crm";
import { AttioConfigError, AttioError } from "../attio/errors";
import { hasScope, missingScopes, parseScopes, type ScopeNeed } from "../attio/scopes";
import { MAPPABLE_FIELD_KEYS, MAPPABLE_FIELDS, type CrmSettings } from "./schema";

export type Part<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ListOption {
  slug: string;
  name: string;
  stageAttribute: string | null;
  stages: Choice[];
  ownerAttribute: string | null;
}

export interface WorkspaceView {
  connection: Part<{ workspace: string | null; missing: ScopeNeed[]; canCreateAttributes: boolean }>;
  lists: Part<ListOption[]>;
  members: Part<WorkspaceMember[]>;
  peopleAttributes: Part<AttributeSummary[]>;
  /** One line per saved choice Attio no longer has, naming it. */
  stale: string[];
}

async function part<T>(run: () => Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof AttioError || err instanceof AttioConfigError) return { ok: false, error: err.message };
    throw err;
  }
}

async function listOptions(client: AttioClient): Promise<ListOption[]> {
  const lists = (await client.listLists()).filter((l) => l.parentObjects.includes("people"));
  return Promise.all(
    lists.map(async (l) => {
      const attrs = (await client.listAttributes("lists", l.slug)).filter((a) => !a.archived);
      const stage = attrs.find((a) => a.type === "status");
      const owner = attrs.find((a) => a.type === "actor-reference" && a.writable);
      const stages = stage ? (await client.listStatuses("lists", l.slug, stage.slug)).filter((s) => !s.archived) : [];
      return { slug: l.slug, name: l.name, stageAttribute: stage?.slug ?? null, stages, ownerAttribute: owner?.slug ?? null };
    }),
  );
}

export function staleChoices(settings: CrmSettings, view: Omit<WorkspaceView, "stale">): string[] {
  const stale: string[] = [];
  if (view.lists.ok && settings.list) {
    const list = view.lists.value.find((l) => l.slug === settings.list);
    if (!list) stale.push(`The list "${settings.list}" no longer exists in Attio.`);
    else {
      if (settings.stage && !list.stages.some((s) => s.title === settings.stage)) {
        stale.push(`The stage "${settings.stage}" no longer exists on the list "${list.name}".`);
      }
      if (settings.ownerAttribute && list.ownerAttribute !== settings.ownerAttribute) {
        stale.push(`The owner attribute "${settings.ownerAttribute}" no longer exists on the list "${list.name}".`);
      }
    }
  }
  if (view.members.ok && settings.ownerEmail) {
    const m = view.members.value.find((x) => x.email === settings.ownerEmail);
    if (!m?.active) stale.push(`The owner ${settings.ownerEmail} is no longer an active workspace member.`);
  }
  if (view.peopleAttributes.ok) {
    for (const field of MAPPABLE_FIELD_KEYS) {
      const m = settings.mapping[field];
      if (!m) continue;
      const attr = view.peopleAttributes.value.find((a) => a.slug === m.attribute);
      if (!attr || attr.archived) stale.push(`${MAPPABLE_FIELDS[field].label}: the attribute "${m.attribute}" no longer exists in Attio.`);
    }
  }
  return stale;
}

export async function inspectWorkspace(client: AttioClient, settings: CrmSettings): Promise<WorkspaceView> {
  const connection = await part(async () => {
    const self = await client.self();
    if (!self.active) throw new AttioConfigError("Attio says this token is not active: create a new one in Attio.");
    const granted = parseScopes(self.scope);
    return {
      workspace: self.workspaceSlug,
      missing: missingScopes(granted),
      canCreateAttributes: hasScope(granted, "object_configuration:read-write"),
    };
  });
  if (!connection.ok) {
    const down = { ok: false as const, error: connection.error };
    return { connection, lists: down, members: down, peopleAttributes: down, stale: [] };
  }
  const [lists, members, peopleAttributes] = await Promise.all([
    part(() => listOptions(client)),
    part(() => client.listWorkspaceMembers()),
    part(() => client.listAttributes("objects", "people", { showArchived: true })),
  ]);
  const view = { connection, lists, members, peopleAttributes };
  return { ...view, stale: staleChoices(settings, view) };
}
