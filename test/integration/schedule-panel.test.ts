import { afterAll, describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { testSettings } from "../helpers/temporal";
import { createLeadWithEvidence, leadAt } from "../../prisma/lead-fixtures";
import { screenshotPath, startWebServer } from "../helpers/web";
import { RESYNC_SCHEDULE_ID } from "../../web/src/lib/temporal/contract";
import { deleteSchedule } from "../../web/src/lib/schedule/service";

/**
 * The leads page's re-sync panel in Chromium against the production build. The web app manages
 * the default schedule id ("leadsync-resync"); only this file uses that id on the run's server.
 */
describe("the scheduled re-sync panel on the leads page", () => {
  const h = useSyncHarness({ worker: { kind: "in-process" }, client: true, web: true, browser: true });
  afterAll(async () => {
    await deleteSchedule({ getClient: async () => h.client, settings: testSettings(h.taskQueue) }).catch(() => undefined);
  });

  async function describeLastPass(): Promise<string> {
    try {
      const recent = (await h.client.schedule.getHandle(RESYNC_SCHEDULE_ID).describe()).info.recentActions;
      const last = recent[recent.length - 1];
      if (!last) return "the schedule took no action";
      const d = await h.client.workflow.getHandle(last.action.workflow.workflowId).describe();
      const pending = (d.raw.pendingActivities ?? []).map((a) => ({
        type: a.activityType?.name,
        state: a.state,
        attempt: a.attempt,
        lastFailure: a.lastFailure?.message,
      }));
      return `last pass ${d.workflowId}: ${d.status.name}, history ${d.historyLength} events, pending activities ${JSON.stringify(pending)}`;
    } catch (e) {
      return `could not describe the last pass: ${(e as Error).message}`;
    }
  }

  it("creates, pauses and resumes the schedule, and re-syncs the changed leads now", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Panel Person", "panel@panel.io", "Panel"));
    const page = await h.browser.newPage();
    await page.goto(`${h.web.url}/leads`);
    const panel = page.getByTestId("schedule-panel");
    await panel.getByText("No re-sync schedule yet").waitFor();

    await panel.getByRole("button", { name: "Create schedule (every 6h)" }).click();
    await expect.poll(() => panel.getByTestId("schedule-interval").textContent()).toBe("Every 6h");
    expect(await panel.getByTestId("schedule-state").textContent()).toBe("Active");
    expect(await panel.getByTestId("schedule-next-run").textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(await panel.getByTestId("schedule-last-run").textContent()).toBe("Never");

    await panel.getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => panel.getByTestId("schedule-state").textContent()).toMatch(/^Paused/);
    expect(await panel.getByTestId("schedule-next-run").textContent()).toBe("None while paused");
    expect((await h.client.schedule.getHandle(RESYNC_SCHEDULE_ID).describe()).state.paused).toBe(true);

    await panel.getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => panel.getByTestId("schedule-state").textContent()).toBe("Active");
    expect((await h.client.schedule.getHandle(RESYNC_SCHEDULE_ID).describe()).state.paused).toBe(false);

    await panel.getByRole("button", { name: "Re-sync now" }).click();
    await expect
      .poll(() => panel.getByTestId("schedule-last-outcome").textContent(), { timeout: 40_000 })
      .toBe("Completed: 1 synced, 0 unchanged, 0 failed")
      .catch(async (err: unknown) => {
        // Say where the pass stands in Temporal (its pending activities), not just what the page shows.
        throw new Error(`${(err as Error).message}\n${await describeLastPass()}`);
      });
    // The panel refreshes the page once the pass is over, so the lead's badge shows the sync.
    await expect.poll(() => page.getByRole("row", { name: /Panel Person/ }).textContent(), { timeout: 15_000 }).toMatch(/Synced/);
    expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSyncStatus).toBe("synced");
    expect(h.fake.listNotes()).toHaveLength(1);
    await page.screenshot({ path: screenshotPath("leads-schedule-panel"), fullPage: true });
    await page.close();
  }, 90_000);

  it("says Temporal is unreachable in the panel and still lists the leads", async () => {
    await createLeadWithEvidence(h.db.prisma, leadAt("Offline Olga", "olga@offline.io", "Offline"));
    const down = await startWebServer({
      DATABASE_URL: h.db.url,
      TEMPORAL_ADDRESS: "127.0.0.1:1",
      ATTIO_API_KEY: h.fake.token,
      ATTIO_BASE_URL: h.fake.baseUrl,
    });
    try {
      const page = await h.browser.newPage();
      await page.goto(`${down.url}/leads`);
      await page
        .getByRole("link", { name: "Offline Olga" })
        .waitFor()
        .catch(async (err: unknown) => {
          // What the browser got and what the server said, instead of a bare timeout.
          const body = (
            await page
              .locator("body")
              .textContent()
              .catch(() => "")
          )?.slice(0, 1_500);
          throw new Error(`${(err as Error).message}\npage text: ${body}\nserver output: ${down.output().slice(-3_000)}`);
        });
      const error = page.getByTestId("schedule-error");
      await error.waitFor({ timeout: 20_000 });
      expect(await error.textContent()).toContain("Temporal is not reachable");
      expect(await error.textContent()).toContain("127.0.0.1:1");
      await page.close();
    } finally {
      await down.stop();
    }
  });
});
