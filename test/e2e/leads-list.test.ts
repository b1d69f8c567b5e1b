import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { Browser, Page } from "playwright-core";
import { seedGeneratedLeads } from "../../prisma/seed-data";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { launchChromium, screenshotPath, startWebServer, type WebServer } from "../helpers/web";

describe("Leads list in a real browser against the production build", () => {
  let db: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  // Hydration mismatches and uncaught exceptions show up here (Next logs them in the browser).
  const browserErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    // 60 leads: 55 generated, then 5 written for the searches below (ids 56 to 60, newest).
    await seedGeneratedLeads(db.prisma, 55);
    await createLeadWithEvidence(db.prisma, {
      name: "Émile Ångström",
      companyName: "Zebra Optics",
      companyDomain: "zebra-optics.io",
      email: "emile@zebra-optics.io",
    });
    await createLeadWithEvidence(db.prisma, {
      name: "Grace Hopper",
      companyName: "Navy Labs",
      companyDomain: "navylabs.io",
      email: "grace@navylabs.io",
    });
    await createLeadWithEvidence(db.prisma, {
      name: "Percy Cent",
      companyName: "100% Organic",
      companyDomain: "organic.io",
      email: "percy@organic.io",
    });
    const synced = await createLeadWithEvidence(db.prisma, {
      name: "Synced Sam",
      companyName: "Quokka",
      companyDomain: "quokka.io",
      email: "sam@quokka.io",
    });
    await db.prisma.lead.update({
      where: { id: synced.id },
      data: { attioSyncStatus: "synced", attioSyncedAt: new Date("2026-11-20T10:30:00Z") },
    });
    const failed = await createLeadWithEvidence(db.prisma, {
      name: "Failed Fay",
      companyName: "Quokka",
      companyDomain: "quokka.io",
      email: "fay@quokka.io",
    });
    await db.prisma.lead.update({
      where: { id: failed.id },
      data: { attioSyncStatus: "failed", attioSyncError: "Attio rejected the request." },
    });

    [web, browser] = await Promise.all([
      startWebServer({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: inject("temporalAddress"), ATTIO_API_KEY: "unused" }),
      launchChromium(),
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (err) => browserErrors.push(err.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") browserErrors.push(`${msg.text()} ${msg.location().url}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await db?.cleanup();
  });

  const summary = () => page.getByTestId("list-summary").textContent();
  const rowNames = () => page.locator("table.leads tbody a.lead-name").allTextContents();

  it("pages through 60 leads 25 at a time, newest first, forwards and backwards", async () => {
    await page.goto(`${web.url}/leads`);
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
    await page.goto(`${web.url}/leads`);
    const row = (name: string) => page.locator("table.leads tbody tr", { has: page.getByRole("link", { name, exact: true }) });
    expect(await row("Synced Sam").locator(".badge").textContent()).toBe("Synced 2026-11-20 10:30 UTC");
    expect(await row("Failed Fay").locator(".badge").getAttribute("title")).toBe("Attio rejected the request.");
    expect(await row("Grace Hopper").locator(".badge").textContent()).toBe("Not synced");
    expect(await row("Grace Hopper").locator(".score").textContent()).toBe("87");
  });

  it("searches names, companies and emails ignoring case, non-ASCII letters included", async () => {
    const search = async (q: string) => {
      await page.goto(`${web.url}/leads`);
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
    const all = await db.prisma.lead.findMany({ select: { name: true, companyName: true, email: true } });
    const expected = all.filter((l) => [l.name, l.companyName, l.email].some((v) => v?.toLowerCase().includes("e"))).length;
    expect(expected).toBeGreaterThan(25);
    await page.goto(`${web.url}/leads?q=E`);
    expect(await summary()).toBe(`1–25 of ${expected} leads matching “E”`);
    await page.getByRole("link", { name: "Next ›" }).click();
    await expect.poll(summary).toBe(`26–${Math.min(50, expected)} of ${expected} leads matching “E”`);
    expect(new URL(page.url()).searchParams.get("q")).toBe("E");
  });

  it("fits a phone screen without horizontal scrolling", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${web.url}/leads`);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await phone.screenshot({ path: screenshotPath("leads-list-phone"), fullPage: true });
    await phone.close();
  });

  it("logs no errors in the browser along the way", () => {
    expect(browserErrors).toEqual([]);
  });
});
