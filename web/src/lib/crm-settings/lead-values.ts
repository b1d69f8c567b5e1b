/**
 * The values a lead gives its mapped Attio attributes, in Attio's write form, and the comparison
 * with what Attio holds (read form), so the field rules (always / if-empty / never) can decide.
 */
import type { FieldRule } from "../attio/field-policy";
import { MAPPABLE_FIELD_KEYS, MAPPABLE_FIELDS, type CrmSettings, type MappableField } from "./schema";

export interface LeadForMapping {
  id: number;
  icpScore: { score: number; reasons: string } | null;
  sourceSignal: { sourceUrl: string; angle: string | null } | null;
  touchpoints: { sentAt: Date | null }[];
}

export interface MappedValue {
  field: MappableField;
  attribute: string;
  type: (typeof MAPPABLE_FIELDS)[MappableField]["type"];
  rule: FieldRule;
  /** Comparable main value: a number, text, select title or YYYY-MM-DD date. */
  value: string | number;
}

function reasons(raw: string): string {
  try {
    const list = JSON.parse(raw);
    return Array.isArray(list) ? list.map(String).join("; ") : "";
  } catch {
    return "";
  }
}

function leadValue(field: MappableField, lead: LeadForMapping, appUrl: string | null): string | number | null {
  switch (field) {
    case "icpScore":
      return lead.icpScore?.score ?? null;
    case "icpReasons":
      return lead.icpScore ? reasons(lead.icpScore.reasons) || null : null;
    case "signalAngle":
      return lead.sourceSignal?.angle?.trim() || null;
    case "signalUrl":
      return lead.sourceSignal?.sourceUrl || null;
    case "lastTouchpointDate": {
      const times = lead.touchpoints.map((t) => t.sentAt?.getTime()).filter((t): t is number => t !== undefined);
      return times.length ? new Date(Math.max(...times)).toISOString().slice(0, 10) : null;
    }
    case "leadLink":
      return appUrl ? `${appUrl.replace(/\/+$/, "")}/leads/${lead.id}` : null;
  }
}

/** Mapped fields the lead has a value for (a field without a value is never written or cleared). */
export function mappedLeadValues(lead: LeadForMapping, settings: CrmSettings): MappedValue[] {
  const out: MappedValue[] = [];
  for (const field of MAPPABLE_FIELD_KEYS) {
    const m = settings.mapping[field];
    const value = m ? leadValue(field, lead, settings.appUrl) : null;
    if (!m || value === null) continue;
    out.push({ field, attribute: m.attribute, type: MAPPABLE_FIELDS[field].type, rule: m.rule, value });
  }
  return out;
}

/** The main value of Attio's first read value of an attribute, comparable with MappedValue.value. */
export function currentValue(type: MappedValue["type"], values: unknown[] | undefined): string | number | null {
  const v = values?.[0] as Record<string, unknown> | undefined;
  if (!v) return null;
  if (type === "select") {
    const option = v.option as { title?: unknown } | undefined;
    return typeof option?.title === "string" ? option.title : null;
  }
  const raw = v.value;
  return typeof raw === "string" || typeof raw === "number" ? raw : null;
}
