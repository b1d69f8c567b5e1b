import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { useSyncHarness } from "../helpers/harness";
import { screenshotPath } from "../helpers/web";

/** Operating many leads in a real browser: the health view, the sync log's filters, bulk sync and retry-all. */
describe("sync log, health view and bulk sync in a real browser", () => {
  const h = useSyncHarness({ worker: { kind: "in-process", logLevel: "ERROR" }, client: true, web: true, browser: true });
  const browserErrors: string[] = [];

  const lead = (name: string, company: string) =>
    createLeadWithEvidence(h.db.prisma, {
      name,
      email: `${name.toLowerCase().replace(/\W+/g, ".")}@ops.io`,
      companyName: company,
      companyDomain: null,
    });

  async function newPage(width: number, height = 900): Promise<Page> {
    const page = await h.browser.newPage({ viewport: { width, height } });
    page.on("pageerror", (err) => browserErrors.push(err.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") browserErrors.push(`${msg.text()} ${msg.location().url}`);
    });
    return page;
  }

  beforeAll(async () => {
    // Two synced leads (one edited since), one failed, one never synced.
    const synced = await lead("Ada Synced", "Analytical");
    const edited = await lead("Edith Edited", "Analytical");
    const failed = await lead("Fred Failed", "Broken Co");
    await lead("Nina Never", "Untouched");
    await runLeadSync(synced.id, h.syncDeps());
    await runLeadSync(edited.id, h.syncDeps());
    await h.db.prisma.draft.create({
      data: { leadId: edited.id, angle: "new", variantKey: "B", hypothesis: "h", content: "An edit after the sync." },
    });
    h.fake.setFaults({ errorRate: 1, errorStatus: 400 });
    await runLeadSync(failed.id, h.syncDeps());
    h.fake.setFaults({});
  });
  afterEach(() => {
    h.fake.setLatency(0);
    h.fake.setFaults({});
  });

  it("shows the health view: counts by state, changed since last sync, and today's runs in the chart", async () => {
    for (const [width, name] of [
      [1280, "health-desktop"],
      [390, "health-mobile"],
    ] as const) {
      const page = await newPage(width);
      await page.goto(`${h.web.url}/leads`);
      const panel = page.getByTestId("health-panel");
      await panel.waitFor();
      expect(await panel.getByTestId("health-synced").textContent()).toBe("2");
      expect(await panel.getByTestId("health-failed").textContent()).toBe("1");
      expect(await panel.getByTestId("health-running").textContent()).toBe("0");
      expect(await panel.getByTestId("health-never").textContent()).toBe("1");
      expect(await panel.getByTestId("health-changed").textContent()).toBe("1");
      const days = panel.getByTestId("chart-day");
      expect(await days.count()).toBe(30);
      const today = days.last();
      expect(await today.getAttribute("data-day")).toBe(new Date().toISOString().slice(0, 10));
      expect(await today.getAttribute("data-synced")).toBe("2");
      expect(await today.getAttribute("data-failed")).toBe("1");
      expect(await today.locator('rect[data-outcome="failed"]').count()).toBe(1);
      await panel.screenshot({ path: screenshotPath(name) });
      await page.close();
    }
    expect(browserErrors).toEqual([]);
  });

  it("filters the sync log by outcome, trigger, lead and date", async () => {
    const page = await newPage(1280);
    await page.goto(`${h.web.url}/syncs`);
    const rows = page.getByTestId("sync-run");
    expect(await rows.count()).toBe(3);
    await page.screenshot({ path: screenshotPath("sync-log-desktop"), fullPage: true });

    await page.getByTestId("filter-outcome").selectOption("failed");
    await page.getByTestId("filter-apply").click();
    await page.waitForURL(/outcome=failed/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute("data-outcome")).toBe("failed");
    expect(await rows.first().getByTestId("run-error").textContent()).toContain("Attio refused");
    expect(await rows.first().getByRole("link", { name: "Fred Failed" }).count()).toBe(1);

    await page.goto(`${h.web.url}/syncs`);
    await page.getByTestId("filter-lead").fill("Ada");
    await page.getByTestId("filter-trigger").selectOption("manual");
    await page.getByTestId("filter-apply").click();
    await page.waitForURL(/lead=Ada/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute("data-outcome")).toBe("synced");
    expect(await rows.first().getByTestId("run-temporal-link").getAttribute("href")).toMatch(/\/workflows\/lead-\d+\/[\w-]+\/history$/);

    await page.getByTestId("filter-trigger").selectOption("schedule");
    await page.getByTestId("filter-apply").click();
    await page.waitForURL(/trigger=schedule/);
    await page.getByText("No sync runs match.").waitFor();

    await page.goto(`${h.web.url}/syncs?to=2020-01-01`);
    await page.getByText("No sync runs match.").waitFor();
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`${h.web.url}/syncs?from=${today}&to=${today}`);
    expect(await rows.count()).toBe(3);

    const mobile = await newPage(390);
    await mobile.goto(`${h.web.url}/syncs`);
    await mobile.screenshot({ path: screenshotPath("sync-log-mobile"), fullPage: true });
    // Nothing wider than the phone's screen but the table, which scrolls inside its own box.
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await mobile.close();
    await page.close();
    expect(browserErrors).toEqual([]);
  });

  it("syncs all leads matching a search in bulk, with a progress bar that survives a reload", async () => {
    const leads = [];
    const company = `Bulkable${Date.now()}`; // a fresh search on a retry of this test
    for (let i = 0; i < 30; i++) leads.push(await lead(`Bulk Person ${i}`, company));
    // Slow Attio: each lead takes seconds, so the run is still going when the page reloads.
    h.fake.setLatency(700);
    const page = await newPage(1280);
    await page.goto(`${h.web.url}/leads?q=${company}`);
    await page.getByTestId("bulk-panel").waitFor();
    await page.getByTestId("select-page").check();
    expect(await page.getByTestId("selection-count").textContent()).toBe("25 selected");
    await page.getByTestId("select-all-matching").click();
    expect(await page.getByTestId("selection-count").textContent()).toBe("30 selected");
    await page.getByTestId("sync-selected").click();
    await page.getByTestId("bulk-progress").waitFor({ timeout: 15_000 });
    await page.getByTestId("bulk-progress-text").getByText("leads/s").waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath("bulk-progress-desktop"), fullPage: true });

    await page.reload();
    await page.getByTestId("bulk-progress").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("bulk-state").textContent()).toContain("Syncing selected leads");
    expect(Number(await page.getByTestId("bulk-progress-bar").getAttribute("aria-valuemax"))).toBe(30);
    const mobile = await newPage(390);
    await mobile.goto(`${h.web.url}/leads?q=${company}`);
    await mobile.getByTestId("bulk-progress").waitFor({ timeout: 15_000 });
    await mobile.screenshot({ path: screenshotPath("bulk-progress-mobile"), fullPage: true });
    await mobile.close();

    await page.getByTestId("bulk-progress-done").getByText("30 done").waitFor({ timeout: 90_000 });
    expect(await page.getByTestId("bulk-progress-failed").textContent()).toBe("0 failed");
    expect(await page.getByTestId("bulk-progress-remaining").textContent()).toBe("0 remaining");
    const runs = await h.db.prisma.syncRun.findMany({ where: { trigger: "bulk", leadId: { in: leads.map((l) => l.id) } } });
    expect(runs.map((r) => r.leadId).sort()).toEqual(leads.map((l) => l.id).sort());
    expect(runs.every((r) => r.status === "synced")).toBe(true);
    await page.close();
    expect(browserErrors).toEqual([]);
  }, 150_000);

  it("retries every failed lead with one click", async () => {
    const page = await newPage(1280);
    await page.goto(`${h.web.url}/leads`);
    await page.getByTestId("retry-failed").click();
    await page.getByTestId("bulk-progress-done").getByText("1 done").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("bulk-state").textContent()).toContain("(retry)");
    await expect.poll(() => h.db.prisma.lead.count({ where: { attioSyncStatus: "failed" } })).toBe(0);
    const [retried] = await h.db.prisma.syncRun.findMany({ where: { trigger: "retry" } });
    expect(retried).toMatchObject({ leadName: "Fred Failed", status: "synced" });
    await page.screenshot({ path: screenshotPath("retry-all-desktop"), fullPage: true });

    await page.goto(`${h.web.url}/leads/${retried!.leadId}`);
    const history = page.getByTestId("lead-sync-history");
    expect(await history.getByTestId("run-outcome").allTextContents()).toEqual(["Synced", "Failed"]);
    expect(await history.getByTestId("run-trigger").allTextContents()).toEqual(["retry", "manual"]);
    await page.close();
    expect(browserErrors).toEqual([]);
  }, 90_000);
});
