import { describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import type { Page } from "playwright-core";
import { createLeadWithEvidence, leadAt } from "../../prisma/lead-fixtures";
import { screenshotPath } from "../helpers/web";
import { LIVE_SYNC_STEPS, SYNC_STEP_LABELS } from "../../web/src/lib/sync/step-labels";

/** Any of the live step labels the button shows while the run is between its first and last step. */
const LIVE_STEP = new RegExp(LIVE_SYNC_STEPS.map((step) => SYNC_STEP_LABELS[step].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"));

/** Where the elements around the button sit: compared across states to catch layout shift. */
async function layout(page: Page) {
  const box = async (selector: string) => {
    const b = await page.locator(selector).first().boundingBox();
    if (!b) throw new Error(`${selector} is not visible`);
    return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
  };
  return {
    button: await box('[data-testid="sync-button"]'),
    status: await box('[data-testid="sync-status"]'),
    contactCardTop: (await box('section[aria-labelledby="contact-heading"]')).y,
  };
}

describe("Sync to Attio in a real browser against the production build", () => {
  const h = useSyncHarness({ worker: { kind: "in-process" }, web: true, browser: true });

  it("syncs a lead with one click, showing the live step, then the synced time and the Attio IDs linked to Attio", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Katherine Johnson", "katherine@orbit.io", "Orbit"));
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const browserErrors: string[] = [];
    page.on("pageerror", (err) => browserErrors.push(err.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") browserErrors.push(`${msg.text()} ${msg.location().url}`);
    });
    // Slow Attio a little, so each step lasts across at least one 500 ms poll.
    h.fake.setLatency(400);
    try {
      await page.goto(`${h.web.url}/leads/${lead.id}`);
      expect(await page.getByTestId("synced-at").textContent()).toBe("Not synced");
      await page.screenshot({ path: screenshotPath("detail-before-sync"), fullPage: true });
      const before = await layout(page);

      await page.getByRole("button", { name: "Sync to Attio" }).click();
      await page.getByTestId("sync-status").getByText(LIVE_STEP).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("sync-button").isDisabled()).toBe(true);
      await page.screenshot({ path: screenshotPath("detail-syncing"), fullPage: true });
      const during = await layout(page);

      await page.getByText("✅ Synced").waitFor({ timeout: 30_000 });
      await page.getByTestId("attio-person-id").waitFor();
      const after = await layout(page);
      // No layout shift: the button keeps its size, the status its box, and the page below stays put.
      expect(during).toEqual(before);
      expect(after).toEqual(before);

      const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
      expect(await page.getByTestId("attio-person-id").textContent()).toBe(stored.attioPersonId);
      expect(await page.getByTestId("attio-company-id").textContent()).toBe(stored.attioCompanyId);
      expect(await page.getByTestId("attio-person-link").getAttribute("href")).toBe(stored.attioPersonUrl);
      expect(await page.getByTestId("attio-company-link").getAttribute("href")).toBe(stored.attioCompanyUrl);
      expect(await page.getByTestId("temporal-run-link").getAttribute("href")).toBe(
        `http://localhost:8233/namespaces/default/workflows/lead-${lead.id}/${stored.attioLastRunId}/history`,
      );
      expect(await page.getByTestId("synced-at").textContent()).toMatch(/^Synced at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
      expect(h.fake.listNotes()).toHaveLength(1);
      await page.screenshot({ path: screenshotPath("detail-after-sync"), fullPage: true });
      expect(browserErrors).toEqual([]);
    } finally {
      h.fake.setLatency(0);
      await page.close();
    }
  });

  it("shows a run as still in progress after a reload, then its outcome", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Dorothy Vaughan", "dorothy@langley.io", "Langley"));
    const page = await h.browser.newPage();
    // About 1.5 s per Attio request: the run lasts several seconds, long enough to reload mid-run.
    h.fake.setLatency(1_500);
    try {
      await page.goto(`${h.web.url}/leads/${lead.id}`);
      // From the keyboard this time.
      await page.getByRole("button", { name: "Sync to Attio" }).focus();
      await page.keyboard.press("Enter");
      await expect
        .poll(async () => (await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSyncStatus, { timeout: 30_000 })
        .toBe("running");

      await page.reload();
      // The page renders the stored "running" status, then the button follows the run's steps.
      expect(await page.getByTestId("sync-button").isDisabled()).toBe(true);
      await page.getByTestId("sync-status").getByText(LIVE_STEP).waitFor({ timeout: 30_000 });
      await page.screenshot({ path: screenshotPath("detail-reloaded-mid-run"), fullPage: true });

      await page.getByText("✅ Synced").waitFor({ timeout: 60_000 });
      expect(await page.getByTestId("sync-button").isEnabled()).toBe(true);
      await page.getByTestId("attio-person-id").waitFor();
      expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSyncStatus).toBe("synced");
    } finally {
      h.fake.setLatency(0);
      await page.close();
    }
  });

  it("answers an unknown lead with a 404 page", async () => {
    const page = await h.browser.newPage();
    const res = await page.goto(`${h.web.url}/leads/987654`);
    expect(res?.status()).toBe(404);
    await page.getByRole("heading", { name: "Lead not found" }).waitFor();
    await page.close();
  });
});
