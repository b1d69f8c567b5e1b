import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { createSchedule, deleteSchedule, triggerSchedule } from "../../web/src/lib/schedule/service";
import { RESYNC_WORKFLOW_TYPE, leadWorkflowId, type ResyncLeadsInput, type ResyncLeadsResult } from "../../web/src/lib/temporal/contract";
import { testScheduleDeps, waitForSettledPass } from "./resync-helpers";

describe("resyncLeadsWorkflow: the scheduled dispatcher on the real dev server, worker and fake Attio", () => {
  // Attio's real limits stay on: these leads are few, and 429s must be handled anyway.
  const h = useSyncHarness({ worker: { kind: "in-process" }, client: true, attioTimeoutMs: 5000 });

  afterEach(async () => {
    // Leave every lead in sync, so each test sees only the changes it makes itself.
    await runDispatcher({});
  });

  let n = 0;
  /** A lead with its own email and domain, so Attio never merges it with another test's lead. */
  function newLead(label: string) {
    const k = `${label}-${++n}-${randomUUID().slice(0, 6)}`;
    return createLeadWithEvidence(h.db.prisma, {
      name: `Lead ${k}`,
      email: `${k}@${k}.io`,
      companyName: `Co ${k}`,
      companyDomain: `${k}.io`,
    });
  }

  /** Runs one dispatcher pass directly (the schedule path has its own test) and returns its totals. */
  function runDispatcher(input: ResyncLeadsInput): Promise<ResyncLeadsResult> {
    return h.client.workflow.execute(RESYNC_WORKFLOW_TYPE, {
      taskQueue: h.taskQueue,
      workflowId: `resync-test-${randomUUID()}`,
      args: [input],
    });
  }

  /** The parent of the lead's latest `lead-<id>` run (null for a click), or undefined when none ran. */
  async function latestRunParent(leadId: number): Promise<string | null | undefined> {
    try {
      const d = await h.client.workflow.getHandle(leadWorkflowId(leadId)).describe();
      return d.parentExecution?.workflowId ?? null;
    } catch {
      return undefined;
    }
  }

  const sync = (leadId: number) => runLeadSync(leadId, h.syncDeps());

  it("a triggered schedule pass starts lead-<id> runs for exactly the changed and never-synced leads", async () => {
    const [unchangedA, unchangedB, edited, fresh] = [
      await newLead("a"),
      await newLead("b"),
      await newLead("edited"),
      await newLead("fresh"),
    ];
    for (const lead of [unchangedA, unchangedB, edited]) expect((await sync(lead.id)).success).toBe(true);
    await h.db.prisma.draft.updateMany({ where: { leadId: edited.id }, data: { content: "Hi Ada,\na new angle since last time." } });
    const notesBefore = h.fake.listNotes().length;
    const deps = testScheduleDeps(h.client, h.taskQueue, `resync-test-${randomUUID()}`);
    await createSchedule(deps, { every: "6h", paused: true });

    try {
      await triggerSchedule(deps);
      const pass = await waitForSettledPass(deps, null);

      expect(pass.status).toBe("completed");
      expect(pass.result).toMatchObject({ started: 2, succeeded: 2, failed: 0, alreadyRunning: 0 });
      // The scheduled pass's children are the edited and the never-synced lead; the others' latest
      // runs are still the clicks.
      expect(await latestRunParent(edited.id)).toBe(pass.workflowId);
      expect(await latestRunParent(fresh.id)).toBe(pass.workflowId);
      expect(await latestRunParent(unchangedA.id)).toBeNull();
      expect(await latestRunParent(unchangedB.id)).toBeNull();
      expect(h.fake.listNotes().length).toBe(notesBefore + 2);
      const editedPerson = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: edited.id } });
      const editedNotes = (h.fake.listNotes() as { parent_record_id: string; content_markdown: string }[]).filter(
        (x) => x.parent_record_id === editedPerson.attioPersonId,
      );
      expect(editedNotes).toHaveLength(2);
      expect(editedNotes.some((x) => x.content_markdown.includes("a new angle since last time"))).toBe(true);
      expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: fresh.id } })).attioSyncStatus).toBe("synced");
    } finally {
      await deleteSchedule(deps);
    }
  });

  it("a pass with nothing changed makes zero Attio calls", async () => {
    await newLead("steady");
    await runDispatcher({});
    const requestsBefore = h.fake.requests().length;

    const result = await runDispatcher({});

    expect(result).toMatchObject({ started: 0, failed: 0 });
    expect(result.unchanged).toBe(result.scanned);
    expect(result.scanned).toBe(await h.db.prisma.lead.count());
    expect(h.fake.requests().length).toBe(requestsBefore);
  });

  it("skips a lead whose lead-<id> run is already in flight", async () => {
    const busy = await newLead("busy");
    // A run of lead-<id> that no worker picks up stays in flight: it stands for a click being synced.
    const parked = await h.client.workflow.start("syncLeadWorkflow", {
      taskQueue: `parked-${randomUUID()}`,
      workflowId: leadWorkflowId(busy.id),
      args: [{ leadId: busy.id, trigger: "manual" }],
    });
    try {
      const result = await runDispatcher({});

      expect(result).toMatchObject({ alreadyRunning: 1, started: 0, failed: 0 });
      expect((await parked.describe()).status.name).toBe("RUNNING");
      expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: busy.id } })).attioSyncStatus).toBe("not_synced");
    } finally {
      await parked.terminate("test over");
    }
  });

  it("continues as new after each batch and never runs more children at once than its window", async () => {
    const leads = [];
    for (let i = 0; i < 7; i++) leads.push(await newLead("batch"));

    const result = await runDispatcher({ concurrency: 2, pageSize: 3, batchSize: 3 });

    expect(result).toMatchObject({ started: 7, succeeded: 7, failed: 0 });
    expect(result.runs).toBeGreaterThanOrEqual(3);
    // Child run intervals from Temporal itself: at no instant are more than 2 open.
    const spans = await Promise.all(
      leads.map(async (l) => {
        const d = await h.client.workflow.getHandle(leadWorkflowId(l.id)).describe();
        return { start: d.startTime.getTime(), end: d.closeTime!.getTime() };
      }),
    );
    const events = spans
      .flatMap((s) => [
        { t: s.start, d: 1 },
        { t: s.end, d: -1 },
      ])
      .sort((x, y) => x.t - y.t || x.d - y.d);
    let open = 0;
    let maxOpen = 0;
    for (const e of events) {
      open += e.d;
      maxOpen = Math.max(maxOpen, open);
    }
    expect(maxOpen).toBeLessThanOrEqual(2);
  });

  it("counts the leads whose sync fails and still completes the pass", async () => {
    const first = await newLead("fail");
    const second = await newLead("fail");
    // Attio rejects every write: each child fails at once (a 400 is not retried).
    h.fake.setFaults({ errorRate: 1, errorStatus: 400, appliesTo: "writes" });
    try {
      const result = await runDispatcher({});

      expect(result).toMatchObject({ started: 2, succeeded: 0, failed: 2 });
      expect([...result.failedLeadIds].sort((a, b) => a - b)).toEqual([first.id, second.id]);
      for (const lead of [first, second]) {
        expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioSyncStatus).toBe("failed");
      }
    } finally {
      h.fake.setFaults({});
    }
  });
});
