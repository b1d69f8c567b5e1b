import { beforeAll, describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import type { Page } from "playwright-core";
import { screenshotPath } from "../helpers/web";

const HEADER = "name,role,company,company_domain,email,linkedin_url,icp_score,icp_reasons";

describe("Adding leads in a real browser against the production build", () => {
  const h = useSyncHarness({ fake: false, web: { env: { ATTIO_API_KEY: "unused" } }, browser: true });
  let page: Page;

  beforeAll(async () => {
    page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  async function upload(name: string, csv: string) {
    await page.goto(`${h.web.url}/leads/import`);
    await page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.getByRole("button", { name: "Import leads" }).click();
  }

  it("imports nothing from a CSV with a bad row and lists each problem with its row and column", async () => {
    const csv = [
      HEADER,
      "Ada Lovelace,CTO,Analytical Engines,analytical-engines.io,ada@analytical-engines.io,https://www.linkedin.com/in/ada-lovelace,91,Series B; Hiring",
      '"Hopper, Grace",Rear Admiral,Navy,navy.mil,grace.hopper@,,150,',
      "Alan Turing,,,,alan@bletchley.uk,,,",
    ].join("\r\n");
    await upload("bad.csv", csv);

    const errors = page.getByTestId("import-errors");
    await errors.waitFor();
    expect(await errors.textContent()).toContain("Nothing was imported from “bad.csv”");
    const rows = await errors
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
    expect(rows).toEqual([
      ["3", "email", "Enter an email address like ada@acme.com."],
      ["3", "icp_score", "Enter a whole number from 0 to 100."],
    ]);
    // Focus moves to the outcome, for keyboard and screen-reader users.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("import-errors");
    await page.screenshot({ path: screenshotPath("import-error"), fullPage: true });
    expect(await h.db.prisma.lead.count()).toBe(0);
  });

  it("imports every row of a valid CSV in one go", async () => {
    const csv =
      `\uFEFF${HEADER}\n` +
      "Ada Lovelace,CTO,Analytical Engines,analytical-engines.io,ada@analytical-engines.io,https://www.linkedin.com/in/ada-lovelace,91,Series B; Hiring\n" +
      '"Hopper, Grace",Rear Admiral,Navy,navy.mil,grace.hopper@navy.mil,,88,"Compilers; ""COBOL"""\n' +
      "Alan Turing,,,,alan@bletchley.uk,,,\n";
    await upload("good.csv", csv);

    const success = page.getByTestId("import-success");
    await success.waitFor();
    expect(await success.textContent()).toContain("Imported 3 leads from “good.csv”");
    await page.screenshot({ path: screenshotPath("import-success"), fullPage: true });

    const leads = await h.db.prisma.lead.findMany({ include: { icpScore: true }, orderBy: { id: "asc" } });
    expect(leads.map((l) => [l.name, l.email, l.icpScore?.score ?? null, l.icpScore ? JSON.parse(l.icpScore.reasons) : null])).toEqual([
      ["Ada Lovelace", "ada@analytical-engines.io", 91, ["Series B", "Hiring"]],
      ["Hopper, Grace", "grace.hopper@navy.mil", 88, ["Compilers", '"COBOL"']],
      ["Alan Turing", "alan@bletchley.uk", null, null],
    ]);

    await success.getByRole("link", { name: "See them in the list" }).click();
    await page.waitForURL(`${h.web.url}/leads`);
    expect(await page.getByTestId("list-summary").textContent()).toBe("1–3 of 3 leads");
  });

  it("adds a lead through the form after showing a field's error next to it", async () => {
    await page.goto(`${h.web.url}/leads/new`);
    await page.getByLabel("Name").fill("Margaret Hamilton");
    await page.locator("#lead-companyName").fill("MIT Instrumentation Lab");
    await page.getByLabel("Email").fill("margaret@");
    await page.getByRole("button", { name: "Add lead" }).click();

    await page.getByTestId("form-errors").waitFor();
    const email = page.getByLabel("Email");
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("error-email").textContent()).toBe("Enter an email address like ada@acme.com.");
    // The typed values survive the failed submit.
    expect(await page.getByLabel("Name").inputValue()).toBe("Margaret Hamilton");
    expect(await email.inputValue()).toBe("margaret@");
    await page.screenshot({ path: screenshotPath("new-lead-error"), fullPage: true });

    await email.fill("Margaret@MIT.edu");
    await page.getByRole("button", { name: "Add lead" }).click();
    await page.waitForURL(/\/leads\/\d+$/);
    await page.getByRole("heading", { name: "Margaret Hamilton" }).waitFor();
    const id = Number(new URL(page.url()).pathname.split("/").pop());
    const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id } });
    expect([stored.name, stored.companyName, stored.email]).toEqual(["Margaret Hamilton", "MIT Instrumentation Lab", "margaret@mit.edu"]);
  });
});
