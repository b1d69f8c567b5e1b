/** "2026-11-27 07:30:12 UTC": the same on server and client, so hydration never mismatches. */
export function formatTimestamp(value: string | Date | null | undefined): string {
  if (!value) return "";
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return "";
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "2026-11-27 07:30 UTC": the compact form for table cells; the full one goes in a tooltip. */
export function formatShortTimestamp(value: string | Date | null | undefined): string {
  const full = formatTimestamp(value);
  return full ? `${full.slice(0, 16)} UTC` : "";
}
