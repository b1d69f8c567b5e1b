import { describe, expect, it, vi } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { startTestWorker, testSettings, testSyncDeps } from "../helpers/temporal";
import { createLeadWithEvidence, leadAt } from "../../prisma/lead-fixtures";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { MISSING_ATTIO_KEY_MESSAGE } from "../../web/src/lib/config";
import { leadSyncStatus } from "../../web/src/lib/sync/sync-status";
import { getTemporalClient } from "../../web/src/lib/temporal/client";
import { SYNC_WORKFLOW_TYPE, leadWorkflowId } from "../../web/src/lib/temporal/contract";

describe("syncLeadWorkflow through the real worker, dev server and fake Attio", () => {
  const h = useSyncHarness({ worker: { kind: "in-process" }, client: true, attioTimeoutMs: 5000, resetFakeAfterEach: true });

  const deps = () => h.syncDeps();

  it("creates the company, the person and a snapshot note in Attio and stores the IDs on the lead", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma);

    const result = await runLeadSync(lead.id, deps());

    expect(result).toMatchObject({ success: true });
    const [company] = h.fake.listRecords("companies") as any[];
    const [person] = h.fake.listRecords("people") as any[];
    const notes = h.fake.listNotes() as any[];
    expect(h.fake.listRecords("companies")).toHaveLength(1);
    expect(h.fake.listRecords("people")).toHaveLength(1);
    expect(notes).toHaveLength(1);
    expect(company.values.domains[0].domain).toBe("analytical-engines.io");
    expect(person.values.email_addresses[0].email_address).toBe("ada@analytical-engines.io");
    expect(person.values.company[0].target_record_id).toBe(company.id.record_id);
    expect(notes[0].parent_record_id).toBe(person.id.record_id);
    expect(notes[0].content_markdown).toContain("Ada Lovelace");
    expect(notes[0].content_markdown).toContain("We are hiring three data engineers.");

    const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(stored.attioPersonId).toBe(person.id.record_id);
    expect(stored.attioCompanyId).toBe(company.id.record_id);
    expect(stored.attioSyncStatus).toBe("synced");
    expect(stored.attioSyncedAt).toBeInstanceOf(Date);
    expect(stored.attioLastWorkflowId).toBe(`lead-${lead.id}`);
    expect(result.personId).toBe(stored.attioPersonId);
    expect(result.companyId).toBe(stored.attioCompanyId);
  });

  it("updates the same records and adds a new snapshot note when the lead is synced again", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Grace Hopper", "grace@cobol.dev", "Cobol"));

    const first = await runLeadSync(lead.id, deps());
    const second = await runLeadSync(lead.id, deps());

    expect(second.success).toBe(true);
    expect(second.personId).toBe(first.personId);
    expect(second.companyId).toBe(first.companyId);
    expect(h.fake.listRecords("people")).toHaveLength(1);
    expect(h.fake.listRecords("companies")).toHaveLength(1);
    expect(h.fake.listNotes()).toHaveLength(2);
  });

  it("reports live progress and the outcome through the status read", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Alan Turing", "alan@bletchley.io", "Bletchley"));
    await runLeadSync(lead.id, deps());

    const status = await leadSyncStatus(lead.id, deps());

    expect(status).toMatchObject({ status: "synced", error: null });
    expect(status!.personId).toMatch(/[0-9a-f-]{36}/);
    expect(status!.runUrl).toContain(`/workflows/lead-${lead.id}/`);
  });

  it("reports a run terminated in Temporal as failed instead of running forever", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Terminated Run", "terminated@stopped.io", "Stopped"));
    h.fake.setLatency(3_000);
    const handle = await h.client.workflow.start(SYNC_WORKFLOW_TYPE, {
      taskQueue: h.taskQueue,
      workflowId: leadWorkflowId(lead.id),
      args: [{ leadId: lead.id, trigger: "manual" }],
    });
    await expect.poll(async () => (await leadSyncStatus(lead.id, deps()))?.status, { timeout: 20_000 }).toBe("running");

    await handle.terminate("stopped by an operator in the Temporal UI");
    const status = await leadSyncStatus(lead.id, deps());

    expect(status).toMatchObject({ status: "failed" });
    expect(status!.error).toMatch(/terminated in Temporal/);
  });

  it("syncs with the worker's key although the web process has no ATTIO_API_KEY: the worker's config decides", async () => {
    vi.stubEnv("ATTIO_API_KEY", "");
    try {
      const lead = await createLeadWithEvidence(h.db.prisma, leadAt("Web Without Key", "nokey@web-side.io", "Web Side"));

      const result = await runLeadSync(lead.id, deps());

      expect(result).toMatchObject({ success: true });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("fails the run at once with a clear message when the worker has no ATTIO_API_KEY", async () => {
    const keyless = await startTestWorker({ prisma: h.db.prisma, env: { ATTIO_BASE_URL: h.fake.baseUrl } });
    try {
      const lead = await createLeadWithEvidence(h.db.prisma, { name: "Keyless Worker" });
      const result = await runLeadSync(lead.id, testSyncDeps({ prisma: h.db.prisma, client: h.client, taskQueue: keyless.taskQueue }));

      expect(result.success).toBe(false);
      expect(result.error).toBe(MISSING_ATTIO_KEY_MESSAGE);
      expect(h.fake.requests()).toHaveLength(0);
      const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
      expect(stored.attioSyncStatus).toBe("failed");
      expect(stored.attioSyncError).toBe(MISSING_ATTIO_KEY_MESSAGE);
    } finally {
      await keyless.shutdown();
    }
  });

  it("answers an unknown lead with a not-found message", async () => {
    const result = await runLeadSync(999_999, deps());

    expect(result).toEqual({ success: false, error: "Lead 999999 was not found." });
  });

  it("answers within a few seconds with a clear message when the Temporal server is down", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, { name: "Server Down" });
    const down = testSettings(h.taskQueue, "127.0.0.1:1");
    const started = Date.now();

    const result = await runLeadSync(lead.id, { ...deps(), settings: down, getClient: () => getTemporalClient(down) });

    expect(result.success).toBe(false);
    expect(result.error).toMatch(/Temporal server at 127\.0\.0\.1:1/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
