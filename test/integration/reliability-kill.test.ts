import { describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { makeRng } from "../../fake-attio/util";
import type { WorkflowHandle } from "@temporalio/client";
import { createLeadWithEvidence, dedupPathLead } from "../../prisma/lead-fixtures";
import { FAST_TIMING, expectNoDuplicates, fakeNotes, runRecovery, startSync, syncResult } from "../helpers/reliability";
import { syncMarker } from "../../web/src/lib/note/build-note";

/**
 * SIGKILLs the real worker process at random moments while syncs are in flight, restarting it
 * each time. Every kill can land anywhere: in a workflow task (local database steps included),
 * in an Attio call before or after Attio applied it, between steps. The seed is printed; rerun
 * with LEADSYNC_RELIABILITY_SEED=<seed> to replay a schedule.
 */
describe("syncLeadWorkflow when its worker process is killed mid-sync", () => {
  const SYNCS = 16;
  const KILLS = 4;
  const h = useSyncHarness({
    // Slow enough answers that a random kill often lands while a call is in flight.
    fake: { latencyMs: 120 },
    attioTimeoutMs: 5000,
    // A killed worker's next workflow tasks move to a live worker after 1 s, not 10 s.
    worker: { kind: "process", taskQueuePrefix: "kill", prebuiltBundle: true, stickyTimeoutMs: 1_000 },
  });

  /** Every dedup path of the client, including the query-then-create ones a lost answer could duplicate. */
  const leadFixture = (i: number) =>
    dedupPathLead(i, { person: "Killed Lead", company: "Kill Co" }, ["email-and-domain", "free-mail", "domain-only", "name-only"]);

  it("completes every sync with no duplicate person, company or note in Attio", async () => {
    const seed = Number(process.env.LEADSYNC_RELIABILITY_SEED) || Math.floor(Math.random() * 2 ** 31);
    const random = makeRng(seed); // seeded: a failing schedule replays from the printed seed
    const leads = [];
    for (let i = 0; i < SYNCS; i++) leads.push(await createLeadWithEvidence(h.db.prisma, leadFixture(i)));

    // Each kill hits a fresh batch of syncs plus whatever earlier batches still have in flight.
    const handles: WorkflowHandle[] = [];
    const perBatch = SYNCS / KILLS;
    const killDelays: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      for (const lead of leads.slice(k * perBatch, (k + 1) * perBatch)) {
        handles.push(await startSync(h.client, h.taskQueue, lead.id, { timing: FAST_TIMING, workflowTaskTimeout: "3s" }));
      }
      const delay = Math.floor(50 + random() * 650);
      killDelays.push(delay);
      await new Promise((r) => setTimeout(r, delay));
      await h.workerProcess.kill();
      await h.startWorkerProcess();
    }

    const results = await Promise.all(handles.map(syncResult));

    expect(results.map((r) => r.leadId).sort((a, b) => a - b)).toEqual(leads.map((l) => l.id));
    expectNoDuplicates(h.fake);
    expect(h.fake.stats()).toMatchObject({ people: SYNCS, companies: SYNCS, notes: SYNCS });
    const notes = fakeNotes(h.fake);
    for (const [i, lead] of leads.entries()) {
      const stored = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
      expect(stored.attioSyncStatus).toBe("synced");
      expect(stored.attioPersonId).toBe(results[i].personId);
      // Exactly one note on the person, and it is this run's snapshot.
      const own = notes.filter((n) => n.parent_record_id === stored.attioPersonId);
      expect(own).toHaveLength(1);
      expect(own[0].content_markdown).toContain(syncMarker(stored.attioLastWorkflowId!, stored.attioLastRunId!));
    }

    const recovery = { retriedActivities: 0, retriedAfterTimeout: 0, workflowTaskRetries: 0, runsThatRecovered: 0 };
    for (const handle of handles) {
      const r = await runRecovery(h.client, handle.workflowId);
      recovery.retriedActivities += r.retriedActivities;
      recovery.retriedAfterTimeout += r.retriedAfterTimeout;
      recovery.workflowTaskRetries += r.workflowTaskRetries;
      if (r.retriedActivities + r.workflowTaskRetries > 0) recovery.runsThatRecovered++;
    }
    console.log(
      `[reliability-kill] seed=${seed} syncs=${SYNCS} kills=${KILLS} killDelaysMs=${killDelays.join(",")} ` +
        `recovery=${JSON.stringify(recovery)} attioRequests=${h.fake.stats().requests} duplicates=${JSON.stringify(h.fake.stats().duplicates)}`,
    );
    // The kills did interrupt work (otherwise this test would prove nothing).
    expect(recovery.runsThatRecovered).toBeGreaterThan(0);
  }, 150_000);
});
