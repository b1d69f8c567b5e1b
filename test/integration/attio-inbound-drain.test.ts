import { Client, Connection } from "@temporalio/client";
import { beforeAll, describe, expect, it } from "vitest";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { temporalInboxSignaller } from "../../web/src/lib/attio-inbound/signaller";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { attioEvents, registerTestWebhook, type TestWebhooks } from "../helpers/attio-webhooks";
import { useSyncHarness } from "../helpers/harness";

/**
 * The drain inside the real worker process (`temporal/worker.ts`): an event the intake stored but
 * could not signal (Temporal unreachable from the web app) is signalled and applied by the worker
 * alone, with nothing in the test driving it.
 */
describe("the worker process drains the inbox", () => {
  const h = useSyncHarness({ fake: { rateLimit: false }, worker: { kind: "process", taskQueuePrefix: "inbound-drain" }, client: true });
  let hooks: TestWebhooks;
  beforeAll(async () => {
    hooks = await registerTestWebhook(h.db.prisma, h.client, h.taskQueue);
  });

  it("applies an event whose signal failed at intake", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma);
    expect(await runLeadSync(lead.id, h.syncDeps())).toMatchObject({ success: true });
    const { attioPersonId } = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    h.fake.deleteRecord("people", attioPersonId!);

    const down = new Client({ connection: Connection.lazy({ address: "127.0.0.1:1" }) });
    const unreachable = temporalInboxSignaller(down, { taskQueue: h.taskQueue, deadlineMs: 500 });
    expect(await hooks.deliver([attioEvents.recordDeleted(h.fake.objectIds.people, attioPersonId!)], { signal: unreachable })).toBe(200);
    expect((await h.db.prisma.attioInboxEvent.findFirstOrThrow()).signalledAt).toBeNull();

    const [row] = await hooks.settled(45_000);
    expect(row).toMatchObject({ outcome: "applied", leadId: lead.id });
    expect(row.signalledAt).not.toBeNull();
    await down.connection.close().catch(() => undefined);
  });
});
