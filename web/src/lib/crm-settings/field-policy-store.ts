// The field policy in force: defaults, then LEADSYNC_FIELD_POLICY (config.ts), then what the
// settings page saved. The rules themselves stay in attio/field-policy.ts: config.ts (the ground
// floor) parses the variable with them and the Attio client's upserts apply them. The stored JSON
// holds the rules by field and, since two-way sync, a `directions` object next to them; a row
// without it (an older version's) means every field is pushed.
import { loadConfig } from "../config";
import {
  effectiveFieldDirections,
  effectiveFieldPolicy,
  type FieldDirectionOverrides,
  type FieldDirections,
  fieldDirectionOverridesSchema,
  type FieldPolicy,
  type FieldPolicyOverrides,
  fieldPolicyOverridesSchema,
} from "../attio/field-policy";
import type { PrismaClient } from "../db";

const SETTING_KEY = "fieldPolicy";

export interface FieldPolicySources {
  policy: FieldPolicy;
  fromEnv: FieldPolicyOverrides;
  fromPage: FieldPolicyOverrides;
  directions: FieldDirections;
  directionsFromPage: FieldDirectionOverrides;
}

export async function loadFieldPolicy(
  prisma: PrismaClient,
  fromEnv: FieldPolicyOverrides = loadConfig().fieldPolicy,
): Promise<FieldPolicySources> {
  const { rules: fromPage, directions: directionsFromPage } = await loadStored(prisma);
  return {
    policy: effectiveFieldPolicy(fromEnv, fromPage),
    fromEnv,
    fromPage,
    directions: effectiveFieldDirections(directionsFromPage),
    directionsFromPage,
  };
}

/** Saves the rules; the directions stored beside them are kept unless given. */
export async function saveFieldPolicy(
  prisma: PrismaClient,
  overrides: FieldPolicyOverrides,
  directions?: FieldDirectionOverrides,
): Promise<void> {
  const keep = directions ?? (await loadStored(prisma)).directions;
  const stored = { ...fieldPolicyOverridesSchema.parse(overrides), directions: fieldDirectionOverridesSchema.parse(keep) };
  const value = JSON.stringify(stored);
  await prisma.appSetting.upsert({ where: { key: SETTING_KEY }, create: { key: SETTING_KEY, value }, update: { value } });
}

/** Saves the directions only, keeping the rules. */
export async function saveFieldDirections(prisma: PrismaClient, directions: FieldDirectionOverrides): Promise<void> {
  await saveFieldPolicy(prisma, (await loadStored(prisma)).rules, directions);
}

async function loadStored(prisma: PrismaClient): Promise<{ rules: FieldPolicyOverrides; directions: FieldDirectionOverrides }> {
  const row = await prisma.appSetting.findUnique({ where: { key: SETTING_KEY } });
  if (!row) return { rules: {}, directions: {} };
  // A row written by an older version, or edited by hand, must not stop every sync.
  const json = safeJson(row.value);
  const { directions, ...rules } = json && typeof json === "object" ? (json as Record<string, unknown>) : {};
  const parsedRules = fieldPolicyOverridesSchema.safeParse(rules);
  const parsedDirections = fieldDirectionOverridesSchema.safeParse(directions ?? {});
  return { rules: parsedRules.success ? parsedRules.data : {}, directions: parsedDirections.success ? parsedDirections.data : {} };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
