import { describe, expect, it } from "vitest";
import { createLeads, leadFormValues, validateLead, type LeadFormValues } from "../../web/src/lib/leads/lead-input";
import { useSyncHarness } from "../helpers/harness";
import { nameOnlyLead } from "../../prisma/lead-fixtures";

const form = (fields: Partial<LeadFormValues>): LeadFormValues => leadFormValues((f) => fields[f]);

describe("validateLead", () => {
  it("accepts a name alone and stores empty fields as null", () => {
    expect(validateLead(form({ name: "  Ada Lovelace " }))).toEqual({
      ok: true,
      lead: { ...nameOnlyLead("Ada Lovelace"), icpScore: null, icpReasons: [] },
    });
  });

  it("stores email, domain and LinkedIn URL the way the Attio sync matches them", () => {
    const result = validateLead(
      form({
        name: "Ada",
        email: " Ada@Acme.IO ",
        companyDomain: "https://www.acme.io/team",
        linkedinUrl: "https://de.linkedin.com/in/Ada/",
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      lead: { email: "ada@acme.io", companyDomain: "acme.io", linkedinUrl: "https://www.linkedin.com/in/ada" },
    });
  });

  it("answers one message per invalid field", () => {
    const result = validateLead(
      form({ name: " ", email: "ada@", companyDomain: "localhost", linkedinUrl: "https://example.com/ada", icpScore: "101" }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["companyDomain", "email", "icpScore", "linkedinUrl", "name"]);
    expect(result.fieldErrors.name).toEqual(["Enter the lead's name."]);
  });

  it("reads ICP reasons one per line or separated by semicolons", () => {
    expect(validateLead(form({ name: "Ada", icpScore: "80", icpReasons: "Series B\r\nHiring; Uses a CRM\n\n" }))).toMatchObject({
      ok: true,
      lead: { icpScore: 80, icpReasons: ["Series B", "Hiring", "Uses a CRM"] },
    });
  });

  it("refuses reasons without a score", () => {
    const result = validateLead(form({ name: "Ada", icpReasons: "Series B" }));
    expect(result).toEqual({ ok: false, fieldErrors: { icpScore: ["Enter a score for these reasons."] } });
  });

  it("refuses a score that is not a whole number from 0 to 100", () => {
    for (const icpScore of ["-1", "7.5", "1e2", "abc"]) {
      expect(validateLead(form({ name: "Ada", icpScore })).ok, icpScore).toBe(false);
    }
    expect(validateLead(form({ name: "Ada", icpScore: "0" }))).toMatchObject({ ok: true, lead: { icpScore: 0 } });
  });

  it("treats non-text form values (a File) as empty", () => {
    expect(leadFormValues((f) => (f === "name" ? new Blob(["x"]) : undefined)).name).toBe("");
  });
});

describe("createLeads", () => {
  const h = useSyncHarness({ fake: false });

  it("inserts nothing when one lead of the batch fails to insert", async () => {
    const ok = { ...nameOnlyLead("Ada"), icpScore: 50, icpReasons: ["x"] };
    // A score that SQLite cannot store as an INTEGER makes the second insert fail inside the transaction.
    const broken = { ...ok, name: "Broken", icpScore: Number.NaN };
    await expect(createLeads(h.db.prisma, [ok, broken])).rejects.toThrow();
    expect(await h.db.prisma.lead.count()).toBe(0);
  });

  it("inserts every lead with its ICP score and returns the ids in order", async () => {
    const base = { role: null, companyName: null, companyDomain: null, email: null, linkedinUrl: null, icpReasons: [] };
    const ids = await createLeads(h.db.prisma, [
      { ...base, name: "One", icpScore: 10 },
      { ...base, name: "Two", icpScore: null },
    ]);
    const rows = await h.db.prisma.lead.findMany({ where: { id: { in: ids } }, include: { icpScore: true }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.name, r.icpScore?.score ?? null])).toEqual([
      [ids[0], "One", 10],
      [ids[1], "Two", null],
    ]);
  });
});
