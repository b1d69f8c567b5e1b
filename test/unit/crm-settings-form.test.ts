import { describe, expect, it } from "vitest";
import { formToSettings } from "../../web/src/lib/crm-settings/form";
import { crmSettingsSchema } from "../../web/src/lib/crm-settings/schema";

// Saving /settings/attio while one of Attio's reads failed: the page could not offer the saved
// choice, so its select posts nothing; the save must keep that choice, never store less.
const previous = crmSettingsSchema.parse({
  list: "sales",
  stageAttribute: "stage",
  stage: "Qualified",
  ownerAttribute: "owner",
  ownerEmail: "grace@leadsync.example",
  mapping: { icpScore: { attribute: "icp_score", rule: "always" } },
  recreateDeletedRecords: false,
  pauseResyncStages: ["Won"],
  appUrl: "https://old.example.com",
});

/** What the page posts after editing only the app URL, with the given Attio reads loaded. */
function form(reads: string[], fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const r of reads) f.set(`read.${r}`, "ok");
  f.set("appUrl", "https://leads.example.com");
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("saving the CRM settings", () => {
  it.each([
    [
      "members",
      ["lists", "attributes"],
      { list: "sales", stage: "Qualified", stageAttribute: "stage", ownerAttribute: "owner", mapping: previous.mapping },
      { ownerEmail: "grace@leadsync.example" },
    ],
    [
      "lists",
      ["members", "attributes"],
      { ownerEmail: "grace@leadsync.example", mapping: previous.mapping },
      { list: "sales", stage: "Qualified", stageAttribute: "stage", ownerAttribute: "owner" },
    ],
    [
      "attributes",
      ["members", "lists"],
      { ownerEmail: "grace@leadsync.example", list: "sales", stage: "Qualified", stageAttribute: "stage", ownerAttribute: "owner" },
      { mapping: previous.mapping },
    ],
  ])("keeps the saved choices when the %s read failed", (_failed, loaded, posted, kept) => {
    const fields = Object.fromEntries(
      Object.entries(posted).flatMap(([k, v]) =>
        k === "mapping"
          ? [
              ["map.icpScore", "icp_score"],
              ["rule.icpScore", "always"],
            ]
          : [[k, String(v)]],
      ),
    );
    const result = formToSettings(form(loaded, fields), previous);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings).toMatchObject({ ...kept, appUrl: "https://leads.example.com" });
  });

  it("keeps the two-way choices the form does not show", () => {
    const result = formToSettings(form(["members", "lists", "attributes"]), previous);
    expect(result.ok && result.settings).toMatchObject({ recreateDeletedRecords: false, pauseResyncStages: ["Won"] });
  });

  it("clears a choice the user really cleared, when its read succeeded", () => {
    const result = formToSettings(
      form(["members", "lists", "attributes"], { list: "sales", stage: "Qualified", stageAttribute: "stage", ownerAttribute: "owner" }),
      previous,
    );
    expect(result.ok && result.settings.ownerEmail).toBe(null);
  });
});
