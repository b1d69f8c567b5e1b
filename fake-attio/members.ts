/**
 * Workspace members (read-only in Attio's API: `GET /v2/workspace_members`, scope
 * `user_management:read`). The fake seeds three members so that owners can be chosen and written.
 */
import { nowTimestamp, uuid } from "./util";

export interface WorkspaceMember {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  accessLevel: "admin" | "member" | "suspended";
  createdAt: string;
}

const SEED: [string, string, string, WorkspaceMember["accessLevel"]][] = [
  ["Ada", "Lovelace", "ada@leadsync.example", "admin"],
  ["Grace", "Hopper", "grace@leadsync.example", "member"],
  ["Alan", "Turing", "alan@leadsync.example", "suspended"],
];

export function seedMembers(): WorkspaceMember[] {
  return SEED.map(([firstName, lastName, email, accessLevel]) => ({
    id: uuid(),
    firstName,
    lastName,
    email,
    accessLevel,
    createdAt: nowTimestamp(),
  }));
}

export function memberToApi(workspaceId: string, m: WorkspaceMember): Record<string, unknown> {
  return {
    id: { workspace_id: workspaceId, workspace_member_id: m.id },
    first_name: m.firstName,
    last_name: m.lastName,
    avatar_url: null,
    email_address: m.email,
    created_at: m.createdAt,
    access_level: m.accessLevel,
  };
}
