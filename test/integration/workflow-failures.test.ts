import { afterEach, describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from "@temporalio/client";
import { FAKE_ATTIO_SCOPELESS_TOKEN } from "../../fake-attio/server";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { waitFor } from "../helpers/reliability";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { leadWorkflowId } from "../../web/src/lib/temporal/contract";

/**
 * Permanent failures: the run fails at its first attempt (no retry could fix them) with a message
 * the user can act on, returned by the action and stored on the lead. The syncs use the action's
 * code path with production timeouts and retry policies.
 */
describe("syncLeadWorkflow on a permanent failure", () => {
  const h = useSyncHarness({ worker: { kind: "in-process" }, client: true, attioTimeoutMs: 5000, resetFakeAfterEach: true });
  // The worker reads its config on every activity: each test sets the key it needs.
  afterEach(() => {
    h.worker.config.attio.apiKey = h.fake.token;
  });

  // The worker's key decides (the web app does not check its own).
  const deps = () => h.syncDeps();

  /**
   * The run's failure as Temporal recorded it: the ApplicationFailure the activity threw, and the
   * ActivityFailure wrapping it (absent for the local database steps, whose failure the SDK
   * hands to the workflow unwrapped).
   */
  async function runFailure(leadId: number) {
    const err = await h.client.workflow
      .getHandle(leadWorkflowId(leadId))
      .result()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    let cause = (err as WorkflowFailedError).cause;
    const activity = cause instanceof ActivityFailure ? cause : null;
    if (activity) cause = activity.cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return { activity, failure: cause as ApplicationFailure };
  }

  async function storedError(leadId: number) {
    const lead = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
    expect(lead.attioSyncStatus).toBe("failed");
    return lead.attioSyncError;
  }

  /** Attio's refusal failed the run for good, and the lead stores the message the action returned. */
  async function expectRejectedForGood(leadId: number, error: string | undefined) {
    expect(await storedError(leadId)).toBe(error);
    expect((await runFailure(leadId)).failure).toMatchObject({ type: "AttioRejected", nonRetryable: true });
  }
  it("fails at once on a rejected API key (401), telling the user to replace ATTIO_API_KEY", async () => {
    h.worker.config.attio.apiKey = "not-a-valid-attio-key";
    const lead = await createLeadWithEvidence(h.db.prisma, { name: "Bad Key", email: "bad@bad-key.io", companyDomain: "bad-key.io" });

    const result = await runLeadSync(lead.id, deps());

    expect(result.success).toBe(false);
    expect(result.error).toMatch(/Attio rejected the API key: ATTIO_API_KEY .* wrong or was revoked/);
    expect(result.error).toContain("Attio 401");
    expect(await storedError(lead.id)).toBe(result.error);
    const { activity, failure } = await runFailure(lead.id);
    expect(activity?.retryState).toBe("NON_RETRYABLE_FAILURE");
    expect(failure).toMatchObject({ type: "AttioRejected", nonRetryable: true });
    expect(h.fake.requests()).toHaveLength(1);
  });

  it("fails at once on a key without the needed scopes (403), naming the scopes to grant", async () => {
    h.worker.config.attio.apiKey = FAKE_ATTIO_SCOPELESS_TOKEN;
    const lead = await createLeadWithEvidence(h.db.prisma, {
      name: "No Scopes",
      email: "scopes@no-scopes.io",
      companyDomain: "no-scopes.io",
    });

    const result = await runLeadSync(lead.id, deps());

    expect(result.success).toBe(false);
    expect(result.error).toContain("The Attio API key lacks a permission");
    expect(result.error).toContain("record_permission:read-write, object_configuration:read and note:read-write");
    expect(result.error).toContain("Attio 403");
    await expectRejectedForGood(lead.id, result.error);
    expect(h.fake.requests()).toHaveLength(1);
  });

  it("fails at once when Attio rejects the lead's data (400), asking to correct the lead", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, { name: "Bad Data", email: "data@bad-data.io", companyDomain: "bad-data.io" });
    h.fake.setFaults({ errorRate: 1, errorStatus: 400, appliesTo: "writes" });

    const result = await runLeadSync(lead.id, deps());

    expect(result.success).toBe(false);
    expect(result.error).toContain("Attio refused the lead's data; correct the lead and sync again.");
    expect(result.error).toContain("Attio 400");
    await expectRejectedForGood(lead.id, result.error);
    // The company lookup (a read), then the one refused write: never retried.
    expect(h.fake.requests().filter((r) => r.kind === "write")).toHaveLength(1);
  });

  it("fails without retrying when the lead is deleted while it is being synced", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, {
      name: "Deleted Mid Run",
      email: "gone@deleted-mid-run.io",
      companyDomain: "deleted-mid-run.io",
    });
    h.fake.setLatency(300);

    const pending = runLeadSync(lead.id, deps());
    await waitFor(() => h.fake.requests().length > 0, "the first Attio call");
    await h.db.prisma.lead.delete({ where: { id: lead.id } });
    const result = await pending;

    expect(result.success).toBe(false);
    expect(result.error).toBe(`Lead ${lead.id} was deleted while it was being synced; the records already written to Attio were kept.`);
    expect((await runFailure(lead.id)).failure).toMatchObject({ type: "LeadNotFound", nonRetryable: true });
  });
});
