import { expect, it, describe, beforeAll } from "vitest";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { leadWorkflowId } from "../../web/src/lib/temporal/contract";
import { attioEvents, registerTestWebhook, TEST_PAYLOAD_KEY, type TestWebhooks } from "../helpers/attio-webhooks";
import { useSyncHarness } from "../helpers/harness";

/**
 * The webhook route in the production build, behind the app's sign-in: Attio carries no session,
 * so the route must be reachable without one and still refuse anything it cannot verify.
 */
describe("POST /api/attio/webhooks", () => {
  const h = useSyncHarness({
    fake: { rateLimit: false },
    // One payload key for every part: the route's signal is encrypted like every other payload.
    worker: { kind: "in-process", logLevel: "ERROR", env: { LEADSYNC_PAYLOAD_KEY: TEST_PAYLOAD_KEY } },
    client: { env: { LEADSYNC_PAYLOAD_KEY: TEST_PAYLOAD_KEY } },
    web: {
      env: {
        LEADSYNC_PASSWORD: "route-test-password",
        LEADSYNC_SESSION_SECRET: "route-test-session-secret-0123456789abcdef",
        LEADSYNC_PAYLOAD_KEY: TEST_PAYLOAD_KEY,
      },
    },
  });
  let hooks: TestWebhooks;
  beforeAll(async () => {
    hooks = await registerTestWebhook(h.db.prisma, h.client, h.taskQueue);
  });

  it("refuses a forged delivery with 401 and stores nothing, without a session", async () => {
    const res = await hooks.post(h.web.url, [attioEvents.recordDeleted(h.fake.objectIds.people, "4f0c1e1e-0000-4000-8000-000000000000")], {
      signature: "ab".repeat(32),
    });
    expect(res.status).toBe(401);
    expect(await h.db.prisma.attioInboxEvent.count()).toBe(0);
  });

  it("takes a signed delivery without a session, answers 200, and the per-record workflow applies it", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma);
    expect(await runLeadSync(lead.id, h.syncDeps())).toMatchObject({ success: true });
    await h.client.workflow.getHandle(leadWorkflowId(lead.id)).result();
    const { attioPersonId } = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    h.fake.deleteRecord("people", attioPersonId!);

    const res = await hooks.post(h.web.url, [attioEvents.recordDeleted(h.fake.objectIds.people, attioPersonId!)]);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, stored: 1 });
    const [row] = await hooks.settled();
    expect(row).toMatchObject({ outcome: "applied", leadId: lead.id, workflowId: `attio-people-${attioPersonId}` });
    expect(row.signalledAt).not.toBeNull();
    expect((await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).attioDeletedKind).toBe("person");
  });
});
