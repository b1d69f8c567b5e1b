import { describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { databaseProvider } from "../../web/src/lib/db";
import { postgresAvailable } from "../helpers/db";
import { createLeadWithEvidence, leadAt } from "../../prisma/lead-fixtures";
import { postServerAction, serverActionId } from "../helpers/web";

// scripts/test.sh always provides a PostgreSQL server; a bare `vitest run` without one skips this file.
describe.skipIf(!postgresAvailable())("PostgreSQL through DATABASE_URL", () => {
  const h = useSyncHarness({ provider: "postgresql", worker: { kind: "in-process" }, web: true });

  it("gets the PostgreSQL client from a postgresql:// URL, with the same model API as SQLite", async () => {
    expect(h.db.url).toMatch(/^postgresql:\/\//);
    expect(databaseProvider(h.db.url)).toBe("postgresql");
    const [{ version }] = await h.db.prisma.$queryRaw<{ version: string }[]>`SELECT version() AS version`;
    expect(version).toMatch(/^PostgreSQL/);
    const lead = await createLeadWithEvidence(h.db.prisma, { name: "Frances Allen", email: "fran@ptran.example" });
    const loaded = await h.db.prisma.lead.findUniqueOrThrow({
      where: { id: lead.id },
      include: { sourceSignal: true, icpScore: true, drafts: true, touchpoints: true },
    });
    expect(loaded).toMatchObject({ name: "Frances Allen", attioSyncStatus: "not_synced", icpScore: { score: 87 } });
    expect(loaded.sourceSignal?.capturedAt.toISOString()).toBe("2026-11-01T10:00:00.000Z");
    expect(loaded.drafts).toHaveLength(1);
    // Cascades come from the PostgreSQL migration's foreign keys.
    await h.db.prisma.lead.delete({ where: { id: lead.id } });
    expect(await h.db.prisma.draft.count({ where: { leadId: lead.id } })).toBe(0);
  });

  it("syncs a lead from the production web app through the worker, with every row in PostgreSQL", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Barbara Liskov", "barbara@clu.example", "CLU Labs"));
    const page = await fetch(`${h.web.url}/leads/${lead.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Barbara Liskov");

    const res = await postServerAction(h.web.url, `/leads/${lead.id}`, serverActionId("syncLeadToAttio"), [lead.id]);
    expect(await res.text()).toContain('"success":true');

    const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(stored).toMatchObject({ attioSyncStatus: "synced", attioLastWorkflowId: `lead-${lead.id}` });
    expect(stored.attioPersonId).toBeTruthy();
    expect(h.fake.listNotes()).toHaveLength(1);
    const status = await (await fetch(`${h.web.url}/api/leads/${lead.id}/sync`)).json();
    expect(status).toMatchObject({ status: "synced", personId: stored.attioPersonId });
  });
});
