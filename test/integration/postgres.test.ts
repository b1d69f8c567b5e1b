import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { databaseProvider } from "../../web/src/lib/db";
import { startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createTestDatabase, postgresAvailable, type TestDatabase } from "../helpers/db";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { startTestWorker, type TestWorker } from "../helpers/temporal";
import { startWebServer, type WebServer } from "../helpers/web";

const root = path.resolve(import.meta.dirname, "../..");

// scripts/test.sh always provides a PostgreSQL server; a bare `vitest run` without one skips this file.
describe.skipIf(!postgresAvailable())("PostgreSQL through DATABASE_URL", () => {
  let db: TestDatabase;
  let fake: FakeAttio;
  let worker: TestWorker;
  let web: WebServer;

  beforeAll(async () => {
    db = await createTestDatabase({ provider: "postgresql" });
    fake = await startFakeAttio();
    const attioEnv = { ATTIO_API_KEY: fake.token, ATTIO_BASE_URL: fake.baseUrl };
    worker = await startTestWorker({ prisma: db.prisma, env: attioEnv });
    web = await startWebServer({
      ...attioEnv,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject("temporalAddress"),
      TEMPORAL_TASK_QUEUE: worker.taskQueue,
    });
  });
  afterAll(async () => {
    await web?.stop();
    await worker?.shutdown();
    await fake?.close();
    await db?.cleanup();
  });

  it("gets the PostgreSQL client from a postgresql:// URL, with the same model API as SQLite", async () => {
    expect(db.url).toMatch(/^postgresql:\/\//);
    expect(databaseProvider(db.url)).toBe("postgresql");
    const [{ version }] = await db.prisma.$queryRaw<{ version: string }[]>`SELECT version() AS version`;
    expect(version).toMatch(/^PostgreSQL/);
    const lead = await createLeadWithEvidence(db.prisma, { name: "Frances Allen", email: "fran@ptran.example" });
    const loaded = await db.prisma.lead.findUniqueOrThrow({
      where: { id: lead.id },
      include: { sourceSignal: true, icpScore: true, drafts: true, touchpoints: true },
    });
    expect(loaded).toMatchObject({ name: "Frances Allen", attioSyncStatus: "not_synced", icpScore: { score: 87 } });
    expect(loaded.sourceSignal?.capturedAt.toISOString()).toBe("2026-11-01T10:00:00.000Z");
    expect(loaded.drafts).toHaveLength(1);
    // Cascades come from the PostgreSQL migration's foreign keys.
    await db.prisma.lead.delete({ where: { id: lead.id } });
    expect(await db.prisma.draft.count({ where: { leadId: lead.id } })).toBe(0);
  });

  it("syncs a lead from the production web app through the worker, with every row in PostgreSQL", async () => {
    const lead = await createLeadWithEvidence(db.prisma, {
      name: "Barbara Liskov",
      email: "barbara@clu.example",
      companyName: "CLU Labs",
      companyDomain: "clu.example",
    });
    const page = await fetch(`${web.url}/leads/${lead.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Barbara Liskov");

    const manifest = JSON.parse(fs.readFileSync(path.join(root, "web/.next/server/server-reference-manifest.json"), "utf8")) as {
      node: Record<string, { exportedName?: string }>;
    };
    const actionId = Object.entries(manifest.node).find(([, v]) => v.exportedName === "syncLeadToAttio")![0];
    const res = await fetch(`${web.url}/leads/${lead.id}`, {
      method: "POST",
      headers: { "next-action": actionId, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify([lead.id]),
    });
    expect(await res.text()).toContain('"success":true');

    const stored = await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(stored).toMatchObject({ attioSyncStatus: "synced", attioLastWorkflowId: `lead-${lead.id}` });
    expect(stored.attioPersonId).toBeTruthy();
    expect(fake.listNotes()).toHaveLength(1);
    const status = await (await fetch(`${web.url}/api/leads/${lead.id}/sync`)).json();
    expect(status).toMatchObject({ status: "synced", personId: stored.attioPersonId });
  });
});
