import type { z } from "zod";
import { crmSettingsSchema } from "../web/src/lib/crm-settings/schema";
import { saveCrmSettings } from "../web/src/lib/crm-settings/mapping-store";
import type { PrismaClient } from "../web/src/lib/db";

/**
 * Saves Attio settings that send leads to the fake Attio's seeded "Outbound pipeline" list
 * (fake-attio/crm.ts) at its first stage, owned by Grace; `more` adds or overrides fields.
 * Returns the settings version.
 */
export function savePipelineSettings(prisma: PrismaClient, more: z.input<typeof crmSettingsSchema> = {}): Promise<number> {
  return saveCrmSettings(
    prisma,
    crmSettingsSchema.parse({
      list: "outbound_pipeline",
      stageAttribute: "stage",
      stage: "Prospect",
      ownerAttribute: "owner",
      ownerEmail: "grace@leadsync.example",
      ...more,
    }),
  );
}
