import { describe, expect, it } from "vitest";
import { MAX_REPORTED_ERRORS, planCsvImport } from "../../web/src/lib/leads/csv-import";

const HEADER = "name,role,company,company_domain,email,linkedin_url";

describe("planCsvImport", () => {
  it("turns every valid row into a normalised lead", () => {
    const plan = planCsvImport(
      `${HEADER}\nAda Lovelace,CTO,Analytical,https://www.Analytical.io/about,Ada@Analytical.io,linkedin.com/in/Ada\n`,
    );
    expect(plan).toEqual({
      ok: true,
      rows: [2],
      ignoredColumns: [],
      leads: [
        {
          name: "Ada Lovelace",
          role: "CTO",
          companyName: "Analytical",
          companyDomain: "analytical.io",
          email: "ada@analytical.io",
          linkedinUrl: "https://www.linkedin.com/in/ada",
          icpScore: null,
          icpReasons: [],
        },
      ],
    });
  });

  it("accepts columns in any order, header aliases, and short rows", () => {
    const plan = planCsvImport(
      "Email,Full Name,ICP Score,ICP-Reasons\ngrace@navy.mil,Grace Hopper,90,Compilers; COBOL\nalan@bletchley.uk,Alan Turing\n",
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.leads.map((l) => [l.name, l.email, l.icpScore, l.icpReasons])).toEqual([
      ["Grace Hopper", "grace@navy.mil", 90, ["Compilers", "COBOL"]],
      ["Alan Turing", "alan@bletchley.uk", null, []],
    ]);
  });

  it("skips blank lines and reports unknown columns as ignored", () => {
    const plan = planCsvImport("name,favourite colour\n\nAda,blue\n\n");
    expect(plan).toMatchObject({ ok: true, rows: [3], ignoredColumns: ["favourite colour"] });
  });

  it("reports each bad cell with its spreadsheet row and the column as written in the header", () => {
    const plan = planCsvImport(`${HEADER}\nAda,,,,ada@acme.io,\n,CTO,,,not-an-email,\nBob,,,acme,,https://example.com/bob\n`);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.errors.map((e) => [e.row, e.column])).toEqual([
      [3, "name"],
      [3, "email"],
      [4, "company_domain"],
      [4, "linkedin_url"],
    ]);
    expect(plan.errorCount).toBe(4);
  });

  it("counts rows as a spreadsheet does when a quoted cell spans lines", () => {
    const plan = planCsvImport(`name,role\n"Ada","line one\nline two"\nBob,x,unexpected\n`);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.errors).toEqual([{ row: 3, column: null, message: expect.stringContaining("3 cells but the header has 2 columns") }]);
  });

  it("rejects a second row with the same email", () => {
    const plan = planCsvImport("name,email\nAda,ada@acme.io\nAda L,ADA@acme.io\n");
    expect(plan).toMatchObject({ ok: false, errors: [{ row: 3, column: "email", message: expect.stringContaining("row 2") }] });
  });

  it("requires a name column", () => {
    const plan = planCsvImport("email\nada@acme.io\n");
    expect(plan).toMatchObject({ ok: false, errors: [{ row: 1, message: expect.stringContaining("“name” column") }] });
  });

  it("rejects two columns that fill the same field", () => {
    const plan = planCsvImport("name,company,company_name\nAda,A,B\n");
    expect(plan).toMatchObject({ ok: false, errors: [{ row: 1, column: "company_name" }] });
  });

  it("rejects a file without data rows", () => {
    expect(planCsvImport("name,email\n\n")).toMatchObject({
      ok: false,
      errors: [{ row: null, message: expect.stringContaining("no leads") }],
    });
    expect(planCsvImport("")).toMatchObject({ ok: false, errors: [{ row: 1 }] });
  });

  it("rejects more rows than the limit without validating them", () => {
    const rows = Array.from({ length: 4 }, (_, i) => `Lead ${i}`).join("\n");
    expect(planCsvImport(`name\n${rows}\n`, { maxRows: 3 })).toMatchObject({
      ok: false,
      errorCount: 1,
      errors: [{ message: expect.stringContaining("at most 3") }],
    });
  });

  it("reports a CSV syntax error with its row", () => {
    expect(planCsvImport('name\nAda\n"Bob\n')).toMatchObject({ ok: false, errors: [{ row: 3, column: null }] });
  });

  it("returns at most MAX_REPORTED_ERRORS errors but counts them all", () => {
    const rows = Array.from({ length: MAX_REPORTED_ERRORS + 10 }, (_, i) => `Lead ${i},bad`).join("\n");
    const plan = planCsvImport(`name,email\n${rows}\nAda,x\n`);
    expect(plan).toMatchObject({ ok: false, errorCount: MAX_REPORTED_ERRORS + 11 });
    if (!plan.ok) expect(plan.errors).toHaveLength(MAX_REPORTED_ERRORS);
  });
});
