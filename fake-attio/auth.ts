/** Tokens and scopes (docs/attio-api.md sections 1 and 6): who is calling and what they may do. */
import { AttioError } from "./errors";
import type { Actor } from "./values";

export interface TokenInfo {
  scopes: string[];
  actor: Actor;
  clientId: string;
  memberId: string;
  /** A member token: requests act as this workspace member (email), events name them. */
  actsAs?: string;
}

const SCOPE_LABELS: Record<string, string> = {
  record_permission: "Records",
  object_configuration: "Object Configuration",
  note: "Notes",
  list_entry: "List Entries",
  list_configuration: "List Configuration",
  user_management: "User Management",
  task: "Tasks",
  comment: "Comments",
  meeting: "Meetings",
  call_recording: "Call Recordings",
  webhook: "Webhooks",
  file: "Files",
};

/** A `:read-write` scope satisfies the matching `:read` requirement (presumed, section 6). */
export function hasScope(granted: string[], required: string): boolean {
  if (granted.includes(required)) return true;
  const [name, level] = required.split(":");
  return level === "read" && granted.includes(`${name}:read-write`);
}

/** Observed wording (section 7): "... This request requires scopes: Read-Write access to the Records scope." */
function scopeMessage(missing: string[]): string {
  const parts = missing.map((s) => {
    const [name, level] = s.split(":");
    return `${level === "read-write" ? "Read-Write" : "Read"} access to the ${SCOPE_LABELS[name] ?? name} scope`;
  });
  return `The API Key provided is not authorized to perform the requested action. This request requires scopes: ${parts.join(", ")}.`;
}

/** Bearer, or Basic with the token as username and an empty password (section 1). */
export function authenticate(header: string | undefined, tokens: Map<string, TokenInfo>): { token: string; info: TokenInfo } | AttioError {
  if (!header) {
    return new AttioError(
      401,
      "auth_error",
      "unauthorized",
      "The Authorization header was not provided. Please provide an access token using the Bearer scheme.",
    );
  }
  let token: string | undefined;
  const [scheme, credentials] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) token = credentials;
  else if (/^basic$/i.test(scheme) && credentials) token = Buffer.from(credentials, "base64").toString("utf8").split(":")[0];
  const info = token ? tokens.get(token) : undefined;
  if (!token || !info) {
    // Shape for an invalid (vs missing) token is assumed identical (section 7, unverified).
    return new AttioError(401, "auth_error", "unauthorized", "The access token provided is invalid or has been revoked.");
  }
  return { token, info };
}

/** 403 naming the scopes the token lacks, or null when it has them all. */
export function missingScopes(info: TokenInfo, required: string[]): AttioError | null {
  const missing = required.filter((s) => !hasScope(info.scopes, s));
  return missing.length ? new AttioError(403, "auth_error", "unauthorized", scopeMessage(missing)) : null;
}

/** `GET /v2/self` (section 6): fields at the top level, `scope` from the token's configuration. */
export function selfBody(info: TokenInfo, workspace: { id: string; slug: string; issuedAt: number }): Record<string, unknown> {
  return {
    active: true,
    scope: info.scopes.join(" "),
    client_id: info.clientId,
    token_type: "Bearer",
    exp: null,
    iat: workspace.issuedAt,
    sub: workspace.id,
    aud: info.clientId,
    iss: "attio.com",
    authorized_by_workspace_member_id: info.memberId,
    workspace_id: workspace.id,
    workspace_name: "LeadSync Fake Workspace",
    workspace_slug: workspace.slug,
    workspace_logo_url: null,
  };
}
