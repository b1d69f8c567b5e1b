// The field policy in force: defaults, then LEADSYNC_FIELD_POLICY (config.ts), then what the
// settings page saved. The rules themselves stay in attio/field-policy.ts: config.ts (the ground
// floor) parses the variable with them and the Attio client's upserts apply them.
import { loadConfig } from "../config";
import { effectiveFieldPolicy, type FieldPolicy, type FieldPolicyOverrides, fieldPolicyOverridesSchema } from "../attio/field-policy";
import type { PrismaClient } from "../db";

const SETTING_KEY = "fieldPolicy";

export interface FieldPolicySources {
  policy: FieldPolicy;
  fromEnv: FieldPolicyOverrides;
  fromPage: FieldPolicyOverrides;
}

export async function loadFieldPolicy(
  prisma: PrismaClient,
  fromEnv: FieldPolicyOverrides = loadConfig().fieldPolicy,
): Promise<FieldPolicySources> {
  const row = await prisma.appSetting.findUnique({ where: { key: SETTING_KEY } });
  let fromPage: FieldPolicyOverrides = {};
  if (row) {
    // A row written by an older version, or edited by hand, must not stop every sync.
    const parsed = fieldPolicyOverridesSchema.safeParse(safeJson(row.value));
    if (parsed.success) fromPage = parsed.data;
  }
  return { policy: effectiveFieldPolicy(fromEnv, fromPage), fromEnv, fromPage };
}

export async function saveFieldPolicy(prisma: PrismaClient, overrides: FieldPolicyOverrides): Promise<void> {
  const value = JSON.stringify(fieldPolicyOverridesSchema.parse(overrides));
  await prisma.appSetting.upsert({ where: { key: SETTING_KEY }, create: { key: SETTING_KEY, value }, update: { value } });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
