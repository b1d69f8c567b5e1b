// Lead ids as they arrive from URLs, forms and server-action calls. Strict on purpose: `Number()`
// and `z.coerce` accept "1e3", "0x10" and " 7 ", and an id past Prisma's Int (32-bit) makes the
// query throw (a 500) instead of "not found".

/** The largest value of a Prisma `Int` column, which lead ids are. */
export const MAX_LEAD_ID = 2_147_483_647;

/** A lead id from a decimal string or a number, or null: 1…MAX_LEAD_ID, digits only, no sign, spaces or leading zeros. */
export function parseLeadId(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value >= 1 && value <= MAX_LEAD_ID ? value : null;
  if (typeof value !== "string" || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_LEAD_ID ? id : null;
}
