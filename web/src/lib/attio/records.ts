// Record requests shared by the company and people strategies: query, create, PUT, assert.
import { AttioError } from "./errors";
import { attioRequest, type HttpConfig } from "./http";
import { recordListResponseSchema, recordResponseSchema, type AttioRecord } from "./schemas";

export interface AttioRecordRef {
  id: string;
  webUrl: string | null;
}

export type Values = Record<string, unknown[]>;
export type RecordObject = "people" | "companies";

export function clean(v: string | null | undefined): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

export function invalidInput(message: string): AttioError {
  return new AttioError(`Attio invalid_input: ${message}`, { status: null, code: "invalid_input", retryable: false });
}

export function toRef(record: AttioRecord | { id: { record_id: string }; web_url: string | null }): AttioRecordRef {
  return { id: record.id.record_id, webUrl: record.web_url };
}

export function recordPath(object: RecordObject, recordId: string): string {
  return `/objects/${object}/records/${encodeURIComponent(recordId)}`;
}

export async function nullOn404<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AttioError && err.status === 404) return null;
    throw err;
  }
}

export async function queryFirst(http: HttpConfig, object: RecordObject, filter: Record<string, unknown>) {
  const res = await attioRequest(http, {
    method: "POST",
    path: `/objects/${object}/records/query`,
    body: { filter, limit: 1 },
    schema: recordListResponseSchema,
  });
  return res.data[0] ?? null;
}

export async function createRecord(http: HttpConfig, object: RecordObject, values: Values) {
  const res = await attioRequest(http, {
    method: "POST",
    path: `/objects/${object}/records`,
    body: { data: { values } },
    schema: recordResponseSchema,
  });
  return res.data;
}

/** PUT on a record id: overwrites the attributes sent, leaves the others alone. Only ever called
 * with single-value attributes, where PUT and PATCH agree. */
export async function putRecord(http: HttpConfig, object: RecordObject, recordId: string, values: Values) {
  const res = await attioRequest(http, {
    method: "PUT",
    path: recordPath(object, recordId),
    body: { data: { values } },
    schema: recordResponseSchema,
  });
  return res.data;
}

export async function assertRecord(http: HttpConfig, object: RecordObject, matching: string, values: Values) {
  const send = () =>
    attioRequest(http, {
      method: "PUT",
      path: `/objects/${object}/records`,
      query: { matching_attribute: matching },
      body: { data: { values } },
      schema: recordResponseSchema,
    });
  try {
    return (await send()).data;
  } catch (err) {
    // Two asserts of the same new email/domain racing (two leads at one company synced at once)
    // can both miss and both try to create; the loser gets 400 uniqueness_conflict. Asserting
    // once more now matches the winner's record. This resolves a lost race, it is not a transport
    // retry: any other error, or a second conflict, goes to the caller.
    if (err instanceof AttioError && err.status === 400 && err.code === "uniqueness_conflict") {
      return (await send()).data;
    }
    throw err;
  }
}
