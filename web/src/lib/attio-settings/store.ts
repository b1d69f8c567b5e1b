/**
 * Versioned storage of the Attio CRM settings: every save adds a row, so the version a run used
 * (Lead.attioSettingsVersion) keeps meaning what it meant.
 */
import type { PrismaClient } from "../db";
import { attioSettingsSchema, EMPTY_SETTINGS, type AttioCrmSettings } from "./schema";

export interface StoredAttioSettings {
  /** AttioSettings.id; null while nothing was saved. */
  version: number | null;
  settings: AttioCrmSettings;
}

export async function loadAttioSettings(prisma: PrismaClient): Promise<StoredAttioSettings> {
  const row = await prisma.attioSettings.findFirst({ orderBy: { id: "desc" } });
  if (!row) return { version: null, settings: EMPTY_SETTINGS };
  let json: unknown = null;
  try {
    json = JSON.parse(row.settings);
  } catch {
    /* a hand-edited row: treated as empty below */
  }
  // A row an older version wrote, or edited by hand, must not stop every sync: fall back to none.
  const parsed = attioSettingsSchema.safeParse(json);
  return { version: row.id, settings: parsed.success ? parsed.data : EMPTY_SETTINGS };
}

export async function saveAttioSettings(prisma: PrismaClient, settings: AttioCrmSettings): Promise<number> {
  const value = JSON.stringify(attioSettingsSchema.parse(settings));
  const row = await prisma.attioSettings.create({ data: { settings: value } });
  return row.id;
}
