import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { FAKE_ATTIO_RECORDS_ONLY_TOKEN, startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { loadCrmSettings } from "../../web/src/lib/crm-settings/mapping-store";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { launchChromium, screenshotPath, startWebServer, type WebServer } from "../helpers/web";

/**
 * The Attio settings page in a real browser against the fake Attio: connection check, choosing
 * list, stage and owner, creating the mapped attributes, a token lacking scopes, a stale choice,
 * and the page behind sign-in.
 */
describe("Attio settings page", () => {
  let db: TestDatabase;
  let fake: FakeAttio;
  let web: WebServer;
  let narrowWeb: WebServer;
  let lockedWeb: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [db, fake, browser] = await Promise.all([createTestDatabase(), startFakeAttio({ rateLimit: false }), launchChromium()]);
    const env = { DATABASE_URL: db.url, TEMPORAL_ADDRESS: inject("temporalAddress"), ATTIO_BASE_URL: fake.baseUrl };
    [web, narrowWeb, lockedWeb] = await Promise.all([
      startWebServer({ ...env, ATTIO_API_KEY: fake.token }),
      startWebServer({ ...env, ATTIO_API_KEY: FAKE_ATTIO_RECORDS_ONLY_TOKEN }),
      startWebServer({
        ...env,
        ATTIO_API_KEY: fake.token,
        LEADSYNC_PASSWORD: "correct horse battery staple",
        LEADSYNC_SESSION_SECRET: "s".repeat(40),
      }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([web?.stop(), narrowWeb?.stop(), lockedWeb?.stop()]);
    await fake?.close();
    await db?.cleanup();
  });

  async function open(server: WebServer, width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${server.url}/settings/attio`);
    return page;
  }

  it("checks the connection, saves list, stage and owner, and creates the mapped attributes", async () => {
    const page = await open(web, 1280, 900);
    await expect(page.getByTestId("connection").textContent()).resolves.toContain("Connected to the workspace leadsync-fake");
    expect(await page.getByTestId("connection").textContent()).toContain("every scope leadsync uses");

    await page.getByLabel("List synced people join").selectOption({ label: "Outbound pipeline" });
    await page.getByLabel("Stage a new entry gets").selectOption("Qualified");
    await page.getByLabel("Default owner").selectOption("grace@leadsync.example");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByTestId("save-outcome").getByText("Saved (version 1)").waitFor();

    await page.getByRole("button", { name: "Create missing attributes and map them" }).click();
    await page.getByTestId("create-outcome").getByText("Created icp_score").waitFor();
    await page.getByText("Every mapped attribute exists.").waitFor();
    // After the re-render the mapping selects show the new attributes.
    expect(await page.getByLabel("ICP score", { exact: true }).inputValue()).toBe("icp_score");
    await page.screenshot({ path: screenshotPath("attio-settings-desktop"), fullPage: true });

    const { settings, version } = await loadCrmSettings(db.prisma);
    expect(version).toBe(2);
    expect(settings).toMatchObject({
      list: "outbound_pipeline",
      stageAttribute: "stage",
      stage: "Qualified",
      stageRule: "create",
      ownerAttribute: "owner",
      ownerEmail: "grace@leadsync.example",
      mapping: { icpScore: { attribute: "icp_score", rule: "if-empty" }, signalAngle: { attribute: "signal_angle", rule: "if-empty" } },
    });
    const res = await fetch(`${fake.baseUrl}/objects/people/attributes`, { headers: { authorization: `Bearer ${fake.token}` } });
    const created = await res.json();
    expect(created.data.map((a: { api_slug: string }) => a.api_slug)).toEqual(
      expect.arrayContaining(["icp_score", "icp_reasons", "signal_angle", "signal_url", "last_touchpoint", "leadsync_link"]),
    );

    const phone = await open(web, 390, 844);
    expect(await phone.getByLabel("Stage a new entry gets").inputValue()).toBe("Qualified");
    await phone.screenshot({ path: screenshotPath("attio-settings-phone"), fullPage: true });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await Promise.all([page.close(), phone.close()]);
  });

  it("flags a list deleted in Attio after it was chosen", async () => {
    fake.crm.deleteList("outbound_pipeline");
    const page = await open(web, 1280, 900);
    expect(await page.getByTestId("stale-choices").textContent()).toContain('The list "outbound_pipeline" no longer exists in Attio.');
    await page.screenshot({ path: screenshotPath("attio-settings-stale"), fullPage: true });
    await page.close();
  });

  it("names each missing scope with what it enables, and says creating attributes needs object_configuration:read-write", async () => {
    const page = await open(narrowWeb, 1280, 900);
    const missing = await page.getByTestId("missing-scopes").textContent();
    expect(missing).toContain("list_entry:read-write: needed for adding synced people to the list");
    expect(missing).toContain("user_management:read: needed for choosing a default owner");
    expect(await page.getByTestId("create-needs-scope").textContent()).toContain("object_configuration:read-write");
    expect(await page.getByRole("button", { name: "Create missing attributes and map them" }).isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath("attio-settings-missing-scopes"), fullPage: true });
    await page.close();
  });

  it("is behind sign-in", async () => {
    const page = await open(lockedWeb, 1280, 900);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/settings/attio");
    await page.close();
  });
});
