import { beforeAll, describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import type { Page } from "playwright-core";
import { seedGeneratedLeads } from "../../prisma/generated-leads";
import { createLeadWithEvidence, leadAt } from "../../prisma/lead-fixtures";
import { screenshotPath } from "../helpers/web";

describe("Leads list in a real browser against the production build", () => {
  const h = useSyncHarness({
    seed: async (prisma) => {
      // 60 leads: 55 generated, then 5 written for the searches below (ids 56 to 60, newest).
      await seedGeneratedLeads(prisma, 55);
      await createLeadWithEvidence(prisma, leadAt("Émile Ångström", "emile@zebra-optics.io", "Zebra Optics"));
      await createLeadWithEvidence(prisma, leadAt("Grace Hopper", "grace@navylabs.io", "Navy Labs"));
      await createLeadWithEvidence(prisma, leadAt("Percy Cent", "percy@organic.io", "100% Organic"));
      const synced = await createLeadWithEvidence(prisma, leadAt("Synced Sam", "sam@quokka.io", "Quokka"));
      await prisma.lead.update({
        where: { id: synced.id },
        data: { attioSyncStatus: "synced", attioSyncedAt: new Date("2026-11-20T10:30:00Z") },
      });
      const failed = await createLeadWithEvidence(prisma, leadAt("Failed Fay", "fay@quokka.io", "Quokka"));
      await prisma.lead.update({
        where: { id: failed.id },
        data: { attioSyncStatus: "failed", attioSyncError: "Attio rejected the request." },
      });
    },
    fake: false,
    web: { env: { ATTIO_API_KEY: "unused" } },
    browser: true,
  });
  let page: Page;
  // Hydration mismatches and uncaught exceptions show up here (Next logs them in the browser).
  const browserErrors: string[] = [];

  beforeAll(async () => {
    page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (err) => browserErrors.push(err.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") browserErrors.push(`${msg.text()} ${msg.location().url}`);
    });
  });

  const summary = () => page.getByTestId("list-summary").textContent();
  const rowNames = () => page.locator("table.leads tbody a.lead-name").allTextContents();

  it("pages through 60 leads 25 at a time, newest first, forwards and backwards", async () => {
    await page.goto(`${h.web.url}/leads`);
    expect(await summary()).toBe("1–25 of 60 leads");
    const first = await rowNames();
    expect(first).toHaveLength(25);
    expect(first[0]).toBe("Failed Fay");
    await page.screenshot({ path: screenshotPath("leads-list"), fullPage: true });

    await page.getByRole("link", { name: "Next ›" }).click();
    await expect.poll(summary).toBe("26–50 of 60 leads");
    const second = await rowNames();
    expect(second).toHaveLength(25);
    expect(second).not.toContain(first[24]);

    // Keyboard: focus the link and press Enter.
    await page.getByRole("link", { name: "Next ›" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(summary).toBe("51–60 of 60 leads");
    expect(await rowNames()).toHaveLength(10);
    expect(await page.getByRole("link", { name: "Next ›" }).count()).toBe(0);

    await page.getByRole("link", { name: "‹ Previous" }).click();
    await expect.poll(summary).toBe("26–50 of 60 leads");
    expect(await rowNames()).toEqual(second);

    await page.getByRole("link", { name: "Last »" }).click();
    await expect.poll(summary).toBe("51–60 of 60 leads");
    await page.getByRole("link", { name: "« First" }).click();
    await expect.poll(summary).toBe("1–25 of 60 leads");
    expect(await rowNames()).toEqual(first);
  });

  it("shows each lead's sync status and ICP score", async () => {
    await page.goto(`${h.web.url}/leads`);
    const row = (name: string) => page.locator("table.leads tbody tr", { has: page.getByRole("link", { name, exact: true }) });
    expect(await row("Synced Sam").locator(".badge").textContent()).toBe("Synced 2026-11-20 10:30 UTC");
    expect(await row("Failed Fay").locator(".badge").getAttribute("title")).toBe("Attio rejected the request.");
    expect(await row("Grace Hopper").locator(".badge").textContent()).toBe("Not synced");
    expect(await row("Grace Hopper").locator(".score").textContent()).toBe("87");
  });

  it("searches names, companies and emails ignoring case, non-ASCII letters included", async () => {
    const search = async (q: string) => {
      await page.goto(`${h.web.url}/leads`);
      await page.getByLabel("Search by name, company or email").fill(q);
      await page.getByLabel("Search by name, company or email").press("Enter");
      await page.waitForURL((u) => u.searchParams.get("q") === q);
      return rowNames();
    };
    expect(await search("ÅNGSTRÖM")).toEqual(["Émile Ångström"]);
    expect(await search("émile")).toEqual(["Émile Ångström"]);
    expect(await search("navy LABS")).toEqual(["Grace Hopper"]);
    expect(await search("ZEBRA-OPTICS.IO")).toEqual(["Émile Ångström"]);
    expect(await search("quokka")).toEqual(["Failed Fay", "Synced Sam"]);
    expect(await summary()).toBe("1–2 of 2 leads matching “quokka”");
    // `%` is a literal, not a LIKE wildcard.
    expect(await search("100%")).toEqual(["Percy Cent"]);
    expect(await search("no such lead")).toEqual([]);
    expect(await summary()).toBe("No leads match “no such lead”.");
  });

  it("keeps the search across pages and finds what a case-insensitive substring match finds", async () => {
    const all = await h.db.prisma.lead.findMany({ select: { name: true, companyName: true, email: true } });
    const expected = all.filter((l) => [l.name, l.companyName, l.email].some((v) => v?.toLowerCase().includes("e"))).length;
    expect(expected).toBeGreaterThan(25);
    await page.goto(`${h.web.url}/leads?q=E`);
    expect(await summary()).toBe(`1–25 of ${expected} leads matching “E”`);
    await page.getByRole("link", { name: "Next ›" }).click();
    await expect.poll(summary).toBe(`26–${Math.min(50, expected)} of ${expected} leads matching “E”`);
    expect(new URL(page.url()).searchParams.get("q")).toBe("E");
  });

  it("fits a phone screen without horizontal scrolling", async () => {
    const phone = await h.browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${h.web.url}/leads`);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await phone.screenshot({ path: screenshotPath("leads-list-phone"), fullPage: true });
    await phone.close();
  });

  it("logs no errors in the browser along the way", () => {
    expect(browserErrors).toEqual([]);
  });
});
