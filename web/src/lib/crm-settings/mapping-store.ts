/**
 * Versioned storage of the CRM settings (list, stage, owner, field mapping) in the Prisma table
 * `AttioSettings`: every save adds a row, so the version a run used (Lead.attioSettingsVersion)
 * keeps meaning what it meant.
 */
import type { PrismaClient } from "../db";
import { crmSettingsSchema, EMPTY_SETTINGS, type CrmSettings } from "./schema";

export interface StoredCrmSettings {
  /** AttioSettings.id; null while nothing was saved. */
  version: number | null;
  settings: CrmSettings;
}

export async function loadCrmSettings(prisma: PrismaClient): Promise<StoredCrmSettings> {
  const row = await prisma.attioSettings.findFirst({ orderBy: { id: "desc" } });
  if (!row) return { version: null, settings: EMPTY_SETTINGS };
  let json: unknown = null;
  try {
    json = JSON.parse(row.settings);
  } catch {
    /* a hand-edited row: treated as empty below */
  }
  // A row an older version wrote, or edited by hand, must not stop every sync: fall back to none.
  const parsed = crmSettingsSchema.safeParse(json);
  return { version: row.id, settings: parsed.success ? parsed.data : EMPTY_SETTINGS };
}

export async function saveCrmSettings(prisma: PrismaClient, settings: CrmSettings): Promise<number> {
  const value = JSON.stringify(crmSettingsSchema.parse(settings));
  const row = await prisma.attioSettings.create({ data: { settings: value } });
  return row.id;
}
