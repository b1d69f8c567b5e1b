/**
 * Token scopes (from `GET /v2/self`'s space-separated `scope`) and what each one enables in
 * leadsync, so the settings page can name a missing scope together with the feature it blocks.
 */

export interface ScopeNeed {
  scope: string;
  enables: string;
}

/** Every scope leadsync uses, with the feature that needs it (docs/attio-api.md sections 6 and 11). */
export const LEADSYNC_SCOPES: ScopeNeed[] = [
  { scope: "record_permission:read-write", enables: "writing people and companies" },
  { scope: "object_configuration:read", enables: "reading people's attributes for the field mapping" },
  { scope: "note:read-write", enables: "adding the sync snapshot note" },
  { scope: "list_configuration:read", enables: "choosing the list and stage" },
  { scope: "list_entry:read-write", enables: "adding synced people to the list" },
  { scope: "user_management:read", enables: "choosing a default owner from the workspace members" },
  { scope: "object_configuration:read-write", enables: "creating missing attributes and select options" },
  { scope: "webhook:read-write", enables: "hearing back from Attio through webhooks (two-way sync)" },
];

export function parseScopes(scope: string | null | undefined): string[] {
  return (scope ?? "").split(/\s+/).filter(Boolean);
}

/** A `:read-write` grant covers the matching `:read` need (Attio's documented scope levels). */
export function hasScope(granted: string[], needed: string): boolean {
  if (granted.includes(needed)) return true;
  const [name, level] = needed.split(":");
  return level === "read" && granted.includes(`${name}:read-write`);
}

export function missingScopes(granted: string[], needs: ScopeNeed[] = LEADSYNC_SCOPES): ScopeNeed[] {
  return needs.filter((n) => !hasScope(granted, n.scope));
}
