/** Workspace members (`GET /v2/workspace_members`, scope `user_management:read`): owner candidates. */
import { workspaceMemberSchema } from "./crm-schemas";
import { attioRequest, type HttpConfig } from "./http";
import { dataListOf } from "./schemas";

export interface WorkspaceMember {
  id: string;
  name: string;
  email: string;
  /** Suspended members stay listed (Attio never deletes members) but cannot own new work. */
  active: boolean;
}

const memberListResponse = dataListOf(workspaceMemberSchema);

export async function listWorkspaceMembers(cfg: HttpConfig): Promise<WorkspaceMember[]> {
  const res = await attioRequest(cfg, { method: "GET", path: "/workspace_members", schema: memberListResponse });
  return res.data.map((m) => ({
    id: m.id.workspace_member_id,
    name: `${m.first_name} ${m.last_name}`.trim() || m.email_address,
    email: m.email_address,
    active: m.access_level !== "suspended",
  }));
}
