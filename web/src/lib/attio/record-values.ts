/**
 * A person's attribute values as Attio stores them, and a PATCH of some of them: what the CRM
 * step of a sync needs to honour the field policy (read first, then write only what it may).
 */
import { z } from "zod";
import type { HttpConfig } from "./http";
import { getRecord, patchRecord } from "./records";

const valuesResponseSchema = z.object({ data: z.object({ values: z.record(z.string(), z.array(z.unknown())) }) });

export type RecordValues = Record<string, unknown[]>;

/** The person's values by attribute slug, or null when the person no longer exists. */
export async function getPersonValues(http: HttpConfig, personId: string): Promise<RecordValues | null> {
  const rec = await getRecord(http, "people", personId, valuesResponseSchema);
  return rec?.values ?? null;
}

/** PATCH: the values sent replace single-value attributes; returns false when the person is gone. */
export async function patchPersonValues(http: HttpConfig, personId: string, values: Record<string, unknown[]>): Promise<boolean> {
  return (await patchRecord(http, "people", personId, values, valuesResponseSchema)) !== null;
}
