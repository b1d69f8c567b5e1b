// `next dev` opened at either loopback address: the page must become interactive (Next's dev
// server refuses its HMR socket and dev assets to origins it does not know, and the page then
// never hydrates, so "Sync to Attio" does nothing). Started as `npm run web:dev` starts it.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { freePort, waitForPort } from "../../scripts/lib/ports";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startTestWorker, type TestWorker } from "../helpers/temporal";
import { launchChromium } from "../helpers/web";

const root = path.resolve(import.meta.dirname, "../..");

describe("the Next.js dev server at http://127.0.0.1 and http://localhost", () => {
  let db: TestDatabase;
  let fake: FakeAttio;
  let worker: TestWorker;
  let browser: Browser;
  let dev: ChildProcess;
  let port: number;
  let output = "";

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeAttio();
    const attioEnv = { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl };
    worker = await startTestWorker({ prisma: db.prisma, env: attioEnv });
    port = await freePort();
    dev = spawn(path.join(root, "node_modules/.bin/next"), ["dev", "web", "--port", String(port)], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "development",
        NEXT_TELEMETRY_DISABLED: "1",
        LEADSYNC_SKIP_DOTENV: "1",
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: inject("temporalAddress"),
        TEMPORAL_TASK_QUEUE: worker.taskQueue,
        ...attioEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    dev.stdout!.on("data", (b) => (output += b));
    dev.stderr!.on("data", (b) => (output += b));
    await waitForPort(port, "127.0.0.1", 120_000);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (dev?.pid && dev.exitCode === null) {
      const exited = new Promise((r) => dev.once("exit", r));
      process.kill(-dev.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    }
    await worker?.shutdown();
    await fake?.close();
    await db?.cleanup();
  });

  for (const host of ["127.0.0.1", "localhost"]) {
    it(`syncs a lead with "Sync to Attio" on a page opened at http://${host}`, async () => {
      const lead = await createLeadWithEvidence(db.prisma, {
        name: `Dev ${host}`,
        email: `dev@${host.replace(/\W/g, "-")}.example`,
        companyName: `Dev ${host}`,
        companyDomain: `${host.replace(/\W/g, "-")}.example`,
      });
      const page = await browser.newPage();
      try {
        // The first visit compiles the page: generous timeouts, the result is what is asserted.
        await page.goto(`http://${host}:${port}/leads/${lead.id}`, { timeout: 150_000 });
        await page.getByRole("button", { name: "Sync to Attio" }).click();
        await page.getByText("✅ Synced").waitFor({ timeout: 90_000 });
        expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSyncStatus).toBe("synced");
      } catch (err) {
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- next dev output ---\n${output.slice(-3000)}`);
      } finally {
        await page.close();
      }
    }, 300_000);
  }
});
