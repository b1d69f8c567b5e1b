import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { launchChromium, screenshotPath, startWebServer, type WebServer } from "../helpers/web";

/**
 * Two-way sync in a real browser against the fake Attio: connecting webhooks on /settings/attio
 * (the webhook created in the fake with its filters, the secret stored and never on the page;
 * sealing needs a payload key, which needs sign-in: see test/integration/webhook-registration.test.ts), and the stage Attio reported shown on the lead and in the leads list, filterable.
 */
describe("Attio webhooks and stages in the UI", () => {
  let db: TestDatabase;
  let fake: FakeAttio;
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [db, fake, browser] = await Promise.all([
      createTestDatabase(),
      startFakeAttio({ rateLimit: false, allowHttpTargets: true }),
      launchChromium(),
    ]);
    web = await startWebServer({
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject("temporalAddress"),
      ATTIO_BASE_URL: fake.baseUrl,
      ATTIO_API_KEY: fake.token,
      LEADSYNC_WEBHOOKS_ALLOW_HTTP: "1",
    });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await fake?.close();
    await db?.cleanup();
  });

  async function open(path: string, width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${web.url}${path}`);
    return page;
  }

  it("connects webhooks: the fake holds them with filters, the row holds the secret, the page never shows it", async () => {
    const page = await open("/settings/attio", 1280, 900);
    await page.getByTestId("webhook-status").getByText("Not connected").waitFor();
    await page.getByLabel("The app's public URL").fill(web.url);
    await page.getByRole("button", { name: "Connect webhooks" }).click();
    await page.getByTestId("webhook-connect-outcome").getByText("Connected").waitFor();
    await expect(page.getByTestId("webhook-state").textContent()).resolves.toBe("active");
    expect(await page.getByTestId("webhook-target").textContent()).toBe(`${web.url}/api/attio/webhooks`);
    expect(await page.getByTestId("webhook-last-event").textContent()).toBe("no event received yet");
    // Connecting also schedules the reconcile pass (a Temporal Schedule), shown under the webhook.
    expect(await page.getByTestId("webhook-connect-outcome").textContent()).toContain("The reconcile pass runs every 1d.");
    await page.getByTestId("reconcile-status").getByText("every 1d, next").waitFor();

    const rows = await db.prisma.attioWebhook.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0].secret.length).toBeGreaterThan(10);
    const res = await fetch(`${fake.baseUrl}/webhooks/${rows[0].id}`, { headers: { authorization: `Bearer ${fake.token}` } });
    const live = (await res.json()).data;
    expect(live.target_url).toBe(`${web.url}/api/attio/webhooks`);
    expect(live.subscriptions.map((s: { event_type: string }) => s.event_type)).toEqual([
      "record.updated",
      "record.merged",
      "record.deleted",
    ]);
    for (const s of live.subscriptions)
      expect(s.filter.$or.map((c: { field: string }) => c.field)).toEqual(["id.object_id", "id.object_id"]);
    // The page's HTML (and its RSC payload) holds nothing of the stored secret.
    expect(await page.content()).not.toContain(rows[0].secret);
    await page.screenshot({ path: screenshotPath("attio-webhooks-desktop"), fullPage: true });

    const phone = await open("/settings/attio", 390, 844);
    await phone.getByTestId("webhook-state").waitFor();
    await phone.screenshot({ path: screenshotPath("attio-webhooks-phone"), fullPage: true });
    await Promise.all([page.close(), phone.close()]);
  });

  it("refuses a public URL that is not https (outside the loopback test flag)", async () => {
    const page = await open("/settings/attio", 1280, 900);
    await page.getByLabel("The app's public URL").fill("http://leads.example.com");
    await page.getByRole("button", { name: /onnect webhooks/ }).click();
    await page.getByTestId("webhook-connect-outcome").getByText("must start with https://").waitFor();
    await page.close();
  });

  it("shows the stage Attio reported on the lead and in the list, and filters the list by it", async () => {
    const won = await db.prisma.lead.create({
      data: {
        name: "Ada Won",
        email: "ada@won.example",
        attioStage: "Won",
        attioEntryOwner: "grace@leadsync.example",
        attioResyncPausedAt: new Date(),
        attioResyncPausedReason: "Won",
      },
    });
    await db.prisma.lead.create({ data: { name: "Bob Qualified", email: "bob@q.example", attioStage: "Qualified" } });

    const list = await open("/leads", 1280, 900);
    await expect(
      list
        .getByRole("row", { name: /Ada Won/ })
        .getByTestId("lead-stage")
        .textContent(),
    ).resolves.toBe("Won");
    await list.getByLabel("Attio stage").selectOption("Won");
    await list.getByRole("button", { name: "Search" }).click();
    await list.getByTestId("list-summary").getByText("at stage “Won”").waitFor();
    await expect(list.getByRole("link", { name: "Bob Qualified" }).count()).resolves.toBe(0);
    await list.screenshot({ path: screenshotPath("leads-stage-desktop"), fullPage: true });

    const phoneList = await open("/leads?stage=Won", 390, 844);
    await phoneList.getByTestId("lead-stage").first().waitFor();
    await phoneList.screenshot({ path: screenshotPath("leads-stage-phone"), fullPage: true });

    const lead = await open(`/leads/${won.id}`, 1280, 900);
    await expect(lead.getByTestId("attio-stage").textContent()).resolves.toBe("Won");
    expect(await lead.getByTestId("attio-entry-owner").textContent()).toBe("grace@leadsync.example");
    expect(await lead.getByTestId("resync-paused").textContent()).toContain("Re-syncs paused (Won)");
    await lead.screenshot({ path: screenshotPath("lead-stage-desktop"), fullPage: true });
    const phoneLead = await open(`/leads/${won.id}`, 390, 844);
    await phoneLead.getByTestId("attio-stage").waitFor();
    await phoneLead.screenshot({ path: screenshotPath("lead-stage-phone"), fullPage: true });
    await Promise.all([list.close(), phoneList.close(), lead.close(), phoneLead.close()]);
  });

  it("shows an inbound event on the sync log and on its lead's page", async () => {
    const lead = await db.prisma.lead.create({ data: { name: "Cy Inbound", email: "cy@in.example" } });
    await db.prisma.attioInboxEvent.create({
      data: {
        deliveryKey: "k-1",
        eventIndex: 0,
        webhookId: "w-1",
        eventType: "list-entry.updated",
        actorType: "workspace-member",
        workflowId: "attio-people-r-1",
        receivedAt: new Date(),
        appliedAt: new Date(),
        outcome: "applied",
        detail: "stage Qualified → Won",
        leadId: lead.id,
      },
    });
    const log = await open("/syncs", 1280, 900);
    const row = log.getByTestId("inbound-event").filter({ hasText: "Cy Inbound" });
    await expect(row.textContent()).resolves.toContain("stage Qualified → Won");
    expect(await row.textContent()).toContain("workspace-member");
    await log.screenshot({ path: screenshotPath("sync-log-inbound-desktop"), fullPage: true });
    const phoneLog = await open("/syncs", 390, 844);
    await phoneLog.getByTestId("inbound-event").first().waitFor();
    await phoneLog.screenshot({ path: screenshotPath("sync-log-inbound-phone"), fullPage: true });
    const page = await open(`/leads/${lead.id}`, 1280, 900);
    await expect(page.getByTestId("attio-side-changes").textContent()).resolves.toContain("stage Qualified → Won");
    await Promise.all([log.close(), phoneLog.close(), page.close()]);
  });

  it("sets a field's direction on /settings/fields and keeps it", async () => {
    const page = await open("/settings/fields", 1280, 900);
    await page.getByLabel("Person: job title").last().selectOption("pull");
    await page.getByRole("button", { name: "Save directions" }).click();
    await page.getByTestId("direction-outcome").getByText("Saved").waitFor();
    const row = await db.prisma.appSetting.findFirstOrThrow({ where: { value: { contains: "directions" } } });
    expect(JSON.parse(row.value).directions).toEqual({ "person.name": "push", "person.jobTitle": "pull", "person.linkedin": "push" });
    await page.reload();
    expect(await page.locator("#direction-person\\.jobTitle").inputValue()).toBe("pull");
    await page.screenshot({ path: screenshotPath("field-directions-desktop"), fullPage: true });
    const phone = await open("/settings/fields", 390, 844);
    await phone.getByTestId("direction-form").waitFor();
    await phone.screenshot({ path: screenshotPath("field-directions-phone"), fullPage: true });
    await Promise.all([page.close(), phone.close()]);
  });
});
