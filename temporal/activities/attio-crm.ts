// The CRM step of a sync, after the note: the mapped attributes on the person (under each
// mapping's field rule), the pipeline list entry asserted by parent with its stage and owner. It
// runs with the settings saved on /settings/attio and records their version on the lead.
//
// A choice that Attio no longer has (a deleted list, stage or attribute) or a token without the
// needed scope fails that part only: person, company and note are already written, and the step
// reports each failed part by name with the settings page to fix it. Transient errors (429, 5xx,
// timeouts) still throw, so Temporal retries the step; every write converges when repeated.
import type { AttioClient } from "../../web/src/lib/attio/client";
import type { ListEntryRef } from "../../web/src/lib/attio/crm";
import { entryShownOnLead } from "../../web/src/lib/attio-inbound/apply";
import { applyEntryToLeads, type EntryOnLead } from "../../web/src/lib/attio-inbound/inbound-state";
import { AttioError } from "../../web/src/lib/attio/errors";
import { shouldWrite } from "../../web/src/lib/attio/field-policy";
import { currentValue, mappedLeadValues, type MappedValue } from "../../web/src/lib/crm-settings/lead-values";
import type { CrmSettings } from "../../web/src/lib/crm-settings/schema";
import type { PrismaClient } from "../../web/src/lib/db";
import { loadCrmSettings } from "../../web/src/lib/crm-settings/mapping-store";
import { currentContext, withHeartbeats } from "../infra/activity-context";
import { toActivityFailure } from "./failures";

export const SETTINGS_PAGE = "/settings/attio";

export interface CrmStepInput {
  leadId: number;
  personId: string;
}

export interface CrmStepOutcome {
  /** AttioSettings version used; null when nothing was ever saved (the step did nothing). */
  settingsVersion: number | null;
  /** One line per failed part ("Attio attributes: …", "Attio list entry: …"), each pointing at the settings page. */
  problems: string[];
  listEntryId: string | null;
}

/** Scopes per part, named in the message when Attio answers 403. */
const PART_SCOPES = {
  "Attio attributes": "record_permission:read-write (and object_configuration:read-write to add select options)",
  "Attio list entry": "list_entry:read-write and list_configuration:read",
} as const;
type Part = keyof typeof PART_SCOPES;

/** A permanent failure of one part becomes a report line; a transient one is rethrown for Temporal's retry. */
function report(part: Part, err: unknown): string {
  if (err instanceof AttioError && !err.retryable) {
    const why = err.status === 403 ? `the token lacks the scope ${PART_SCOPES[part]} (${err.message})` : err.message;
    return `${part}: ${why}. Check the choices on ${SETTINGS_PAGE}.`;
  }
  throw toActivityFailure(err);
}

/** A subset of AttioStepDeps (attio-steps.ts), restated to keep the import graph acyclic. */
export interface CrmStepDeps {
  prisma: PrismaClient;
  attio: (signal?: AbortSignal) => AttioClient;
}

export function createAttioCrmSteps(deps: CrmStepDeps) {
  return {
    async syncCrm(input: CrmStepInput): Promise<CrmStepOutcome> {
      const { version, settings } = await loadCrmSettings(deps.prisma);
      const outcome: CrmStepOutcome = { settingsVersion: version, problems: [], listEntryId: null };
      if (version === null) return outcome;
      const lead = await deps.prisma.lead.findUnique({
        where: { id: input.leadId },
        select: { id: true, icpScore: true, sourceSignal: true, touchpoints: { select: { sentAt: true } } },
      });
      if (!lead) return outcome;
      const ctx = currentContext();
      const client = deps.attio(ctx?.cancellationSignal);
      let shown: EntryOnLead | null = null;
      await withHeartbeats(ctx, async () => {
        try {
          const skipped = await writeAttributes(client, input.personId, mappedLeadValues(lead, settings), settings);
          outcome.problems.push(...skipped);
        } catch (err) {
          outcome.problems.push(report("Attio attributes", err));
        }
        try {
          const entry = await assertEntry(client, input.personId, settings);
          outcome.listEntryId = entry?.id ?? null;
          // Shown at once, also when the entry already existed (no event follows an unchanged entry).
          shown = entry && (await entryShownOnLead(client, settings, entry));
        } catch (err) {
          outcome.problems.push(report("Attio list entry", err));
        }
      });
      // The entry id lets inbound list-entry events (two-way sync) find the lead by entry too.
      await deps.prisma.lead.updateMany({
        where: { id: input.leadId },
        data: { attioSettingsVersion: version, ...(outcome.listEntryId ? { attioEntryId: outcome.listEntryId } : {}) },
      });
      if (shown) {
        const sharing = await deps.prisma.lead.findMany({ where: { attioPersonId: input.personId }, select: { id: true } });
        const leadIds = [...new Set([input.leadId, ...sharing.map((l) => l.id)])];
        await applyEntryToLeads(deps.prisma, leadIds, shown, { bySync: true });
      }
      return outcome;
    },
  };
}

/**
 * Reads the person, then PATCHes only what the rules allow. A select option the lead needs is
 * added when the settings allow it, else that attribute is skipped and reported.
 */
async function writeAttributes(client: AttioClient, personId: string, mapped: MappedValue[], settings: CrmSettings): Promise<string[]> {
  if (mapped.length === 0) return [];
  const current = await client.getPersonValues(personId);
  if (!current) return [];
  const skipped: string[] = [];
  const values: Record<string, unknown[]> = {};
  for (const m of mapped) {
    const now = currentValue(m.type, current[m.attribute]);
    if (!shouldWrite(m.rule, { empty: now === null, differs: now !== m.value })) continue;
    if (m.type === "select") {
      const options = await client.listSelectOptions("objects", "people", m.attribute);
      if (!options.some((o) => o.title === m.value && !o.archived)) {
        if (!settings.createSelectOptions) {
          skipped.push(
            `Attio attributes: "${m.value}" is not an option of ${m.attribute}; add it in Attio or allow new options on ${SETTINGS_PAGE}.`,
          );
          continue;
        }
        await client.createSelectOption("objects", "people", m.attribute, String(m.value));
      }
    }
    values[m.attribute] = [m.type === "select" ? String(m.value) : m.value];
  }
  if (Object.keys(values).length) await client.patchPersonValues(personId, values);
  return skipped;
}

/** One entry per person: the stage only on creation (unless the settings say always), the owner when unset. */
async function assertEntry(client: AttioClient, personId: string, settings: CrmSettings): Promise<ListEntryRef | null> {
  if (!settings.list) return null;
  const existing = (await client.findListEntries(settings.list, personId))[0];
  const values: Record<string, unknown[]> = {};
  if (settings.stage && settings.stageAttribute && (!existing || settings.stageRule === "always")) {
    values[settings.stageAttribute] = [{ status: settings.stage }];
  }
  if (settings.ownerEmail && settings.ownerAttribute && !(existing?.values[settings.ownerAttribute]?.length ?? 0)) {
    values[settings.ownerAttribute] = [{ workspace_member_email_address: settings.ownerEmail }];
  }
  if (existing && Object.keys(values).length === 0) return existing;
  return client.assertListEntry(settings.list, { parentObject: "people", parentRecordId: personId, values });
}
