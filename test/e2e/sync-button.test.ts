import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { Browser } from "playwright-core";
import { startFakeAttio, type FakeAttio } from "../fake-attio/server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startTestWorker, type TestWorker } from "../helpers/temporal";
import { createLeadWithEvidence } from "../helpers/leads";
import { launchChromium, screenshotPath, startWebServer, type WebServer } from "../helpers/web";

describe("Sync to Attio in a real browser against the production build", () => {
  let db: TestDatabase;
  let fake: FakeAttio;
  let worker: TestWorker;
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeAttio();
    const attioEnv = { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl };
    worker = await startTestWorker({ prisma: db.prisma, env: attioEnv });
    web = await startWebServer({
      ...attioEnv,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject("temporalAddress"),
      TEMPORAL_TASK_QUEUE: worker.taskQueue,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await worker?.shutdown();
    await fake?.close();
    await db?.cleanup();
  });

  it("syncs a lead with one click and shows the synced time and the Attio IDs", async () => {
    const lead = await createLeadWithEvidence(db.prisma, { name: "Katherine Johnson", email: "katherine@orbit.io", companyName: "Orbit", companyDomain: "orbit.io" });
    const page = await browser.newPage();
    await page.goto(`${web.url}/leads/${lead.id}`);
    await expect.poll(() => page.getByTestId("synced-at").textContent()).toBe("Not synced");
    await page.screenshot({ path: screenshotPath("detail-before-sync"), fullPage: true });

    await page.getByRole("button", { name: "Sync to Attio" }).click();

    await page.getByText("✅ Synced").waitFor({ timeout: 30_000 });
    await page.getByTestId("attio-person-id").waitFor();
    const stored = await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(await page.getByTestId("attio-person-id").textContent()).toBe(stored.attioPersonId);
    expect(await page.getByTestId("attio-company-id").textContent()).toBe(stored.attioCompanyId);
    expect(await page.getByTestId("synced-at").textContent()).toMatch(/^Synced at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(fake.listNotes()).toHaveLength(1);
    await page.screenshot({ path: screenshotPath("detail-after-sync"), fullPage: true });
    await page.close();
  });

  it("answers an unknown lead with a 404 page", async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${web.url}/leads/987654`);
    expect(res?.status()).toBe(404);
    await page.getByRole("heading", { name: "Lead not found" }).waitFor();
    await page.close();
  });

  it("lists leads with their sync status", async () => {
    await createLeadWithEvidence(db.prisma, { name: "Listed Person", email: "listed@list.io", companyName: "List Co", companyDomain: "list.io" });
    const page = await browser.newPage();
    await page.goto(`${web.url}/leads`);
    await page.getByRole("link", { name: "Listed Person" }).waitFor();
    await page.screenshot({ path: screenshotPath("leads-list"), fullPage: true });
    await page.close();
  });
});
