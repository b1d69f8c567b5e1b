import type { FieldRule } from "@/lib/attio/field-policy";

/** An `<option>` per field rule, in the order of `labels` (each settings page words the rules its own way). */
export function RuleOptions({ labels }: { labels: Record<FieldRule, string> }) {
  return (
    <>
      {Object.entries(labels).map(([rule, label]) => (
        <option key={rule} value={rule}>
          {label}
        </option>
      ))}
    </>
  );
}
