/**
 * CRM settings: the list synced people join and the stage they enter with, the default
 * owner, and the mapping of lead fields to Attio attributes with a field rule each. Stored as JSON
 * (AttioSettings rows) and validated here on every read and write.
 */
import { z } from "zod";
import { FIELD_RULES } from "../attio/field-policy";
import type { MappableType } from "../attio/attributes";

/** Lead fields that can be mapped, with the Attio type each needs and the attribute it suggests. */
export const MAPPABLE_FIELDS = {
  icpScore: { label: "ICP score", type: "number", slug: "icp_score", title: "ICP score" },
  icpReasons: { label: "ICP reasons", type: "text", slug: "icp_reasons", title: "ICP reasons" },
  signalAngle: { label: "Source signal angle", type: "select", slug: "signal_angle", title: "Signal angle" },
  signalUrl: { label: "Source signal URL", type: "text", slug: "signal_url", title: "Signal URL" },
  lastTouchpointDate: { label: "Last touchpoint date", type: "date", slug: "last_touchpoint", title: "Last touchpoint" },
  leadLink: { label: "Link back to the lead", type: "text", slug: "leadsync_link", title: "Leadsync link" },
} as const satisfies Record<string, { label: string; type: MappableType; slug: string; title: string }>;

export type MappableField = keyof typeof MAPPABLE_FIELDS;
export const MAPPABLE_FIELD_KEYS = Object.keys(MAPPABLE_FIELDS) as MappableField[];

const slug = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, "an Attio api_slug (snake_case)");

export const mappingEntrySchema = z.object({
  attribute: slug,
  /** Field policy per mapped attribute: people's edits in Attio win unless the lead owns it. */
  rule: z.enum(FIELD_RULES).default("if-empty"),
});

export const crmSettingsSchema = z
  .object({
    /** List api_slug, or null: no list entry is written. */
    list: slug.nullable().default(null),
    /** The list's status attribute and the status title a new entry gets. */
    stageAttribute: slug.nullable().default(null),
    stage: z.string().trim().min(1).max(200).nullable().default(null),
    /** `create`: the stage is set when the entry is created only; `always`: every sync sets it again. */
    stageRule: z.enum(["create", "always"]).default("create"),
    /** The list's actor-reference attribute the owner goes to, and the member (by email). */
    ownerAttribute: slug.nullable().default(null),
    ownerEmail: z.string().trim().email().max(320).nullable().default(null),
    mapping: z.partialRecord(z.enum(MAPPABLE_FIELD_KEYS as [MappableField, ...MappableField[]]), mappingEntrySchema).default({}),
    /** Create a select option the lead needs when it is missing (needs object_configuration:read-write). */
    createSelectOptions: z.boolean().default(true),
    /**
     * Two-way sync (issue 20). A person or company deleted in Attio: whether the lead's next sync
     * creates it again (true) or leaves the lead without one until this is turned on.
     */
    recreateDeletedRecords: z.boolean().default(true),
    /** List stages (status titles) that pause the lead's scheduled re-syncs once Attio reports them. */
    pauseResyncStages: z.array(z.string().trim().min(1).max(200)).max(50).default(["Won", "Lost"]),
    /** Base URL of this app, for the link back to the lead (e.g. https://leads.example.com). */
    appUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable()
      .default(null),
  })
  .strict();

export type CrmSettings = z.infer<typeof crmSettingsSchema>;
export const EMPTY_SETTINGS: CrmSettings = crmSettingsSchema.parse({});
