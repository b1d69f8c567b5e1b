/**
 * Phone-number and location values (standard `phone_numbers` on people and companies'
 * `primary_location`, people's `primary_location`), read forms as the OpenAPI's output-value:
 * - phone-number: `{original_phone_number, country_code, phone_number}` (E.164). Written as a
 *   string "+15558675309" or `{"original_phone_number", "country_code"?}`; the country comes from
 *   `country_code`, else from the number's calling code (a few codes known, see CALLING_CODES),
 *   else the write is a 400 (Attio's own parsing is richer: unverified).
 * - location: `{line_1..line_4, locality, region, postcode, country_code, latitude, longitude}`,
 *   each a string or null. Written as an object with any of those keys (missing ones null; Attio's
 *   docs ask for all keys: the fake is more lenient).
 */
import { type AttioError, validationError } from "./errors";
import type { AttributeDef } from "./schema";
import { isPlainObject } from "./util";

type ValueData = Record<string, string>;

/** Calling code -> ISO country for numbers written without a country_code. */
const CALLING_CODES: [string, string][] = [
  ["1", "US"],
  ["44", "GB"],
  ["49", "DE"],
  ["33", "FR"],
  ["34", "ES"],
  ["39", "IT"],
  ["31", "NL"],
  ["41", "CH"],
  ["61", "AU"],
  ["81", "JP"],
  ["91", "IN"],
];

export const LOCATION_KEYS = [
  "line_1",
  "line_2",
  "line_3",
  "line_4",
  "locality",
  "region",
  "postcode",
  "country_code",
  "latitude",
  "longitude",
];

function invalid(attr: AttributeDef, detail: string): AttioError {
  return validationError(`Invalid value was passed to attribute with slug "${attr.slug}". ${detail}`);
}

/** "+1 (555) 867-5309" -> "+15558675309"; null when it is not a plausible international number. */
export function e164(raw: string): string | null {
  const digits = raw.replace(/[\s().-]/g, "");
  return /^\+[1-9]\d{6,14}$/.test(digits) ? digits : null;
}

export function parsePhone(attr: AttributeDef, item: unknown): ValueData {
  const raw = isPlainObject(item) ? item.original_phone_number : item;
  if (typeof raw !== "string") throw invalid(attr, 'Expected a phone number string or {"original_phone_number": string}.');
  const number = e164(raw);
  if (!number) throw invalid(attr, `"${raw}" is not an international phone number (+ and country code).`);
  const given = isPlainObject(item) && typeof item.country_code === "string" ? item.country_code.toUpperCase() : undefined;
  const country = given ?? CALLING_CODES.find(([code]) => number.slice(1).startsWith(code))?.[1];
  if (!country || !/^[A-Z]{2}$/.test(country)) throw invalid(attr, `Give a country_code for "${raw}".`);
  return { original_phone_number: raw, country_code: country, phone_number: number };
}

export function parseLocation(attr: AttributeDef, item: unknown): ValueData {
  if (!isPlainObject(item)) throw invalid(attr, "Expected a location object.");
  const out: ValueData = {};
  for (const [k, v] of Object.entries(item)) {
    if (!LOCATION_KEYS.includes(k)) throw invalid(attr, `Unknown location key "${k}".`);
    if (v === null) continue;
    if (typeof v !== "string") throw invalid(attr, `Location "${k}" must be a string or null.`);
    out[k] = k === "country_code" ? v.toUpperCase() : v;
  }
  return out;
}

export function readLocation(data: ValueData): Record<string, string | null> {
  return Object.fromEntries(LOCATION_KEYS.map((k) => [k, data[k] ?? null]));
}
