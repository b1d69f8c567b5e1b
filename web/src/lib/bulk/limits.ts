// What one bulk sync may take, and how the leads list says so (pure: the list's client code uses it).

/** The most leads one bulk sync takes (the newest first). */
export const MAX_BULK_LEADS = 20_000;

/** How many leads "select all matching" selects: every match, up to the cap. */
export function bulkSelectionSize(matching: number): number {
  return Math.min(matching, MAX_BULK_LEADS);
}

/** The "select all" button's label, naming the cap when the search matches more than it. */
export function selectAllLabel(matching: number, searching: boolean): string {
  const what = searching ? "matching this search" : "leads";
  if (matching <= MAX_BULK_LEADS) return `Select all ${matching.toLocaleString("en-US")} ${what}`;
  return `Select the newest ${MAX_BULK_LEADS.toLocaleString("en-US")} of ${matching.toLocaleString("en-US")} ${what} (a bulk sync takes at most ${MAX_BULK_LEADS.toLocaleString("en-US")})`;
}
