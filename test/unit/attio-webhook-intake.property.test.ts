import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveAttioDelivery } from "../../web/src/lib/attio-inbound/intake";
import { signAttioBody } from "../../web/src/lib/attio-inbound/verify";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

// The inbound surface (issue 22, "Also"): whatever arrives, nothing is stored unless the signature
// holds, a repeated Idempotency-Key stores nothing new, and every answer is one of the few the
// route documents.
const SECRET = "whsec-property-test-0123456789abcdef";
const ANSWERS = [200, 400, 401, 413];

const event = fc.record({
  event_type: fc.constantFrom("record.updated", "record.deleted", "list-entry.updated", "note.created", "nonsense"),
  id: fc.record({ workspace_id: fc.uuid(), object_id: fc.uuid(), record_id: fc.uuid() }),
  actor: fc.record({ type: fc.constantFrom("workspace-member", "api-token", "system"), id: fc.option(fc.uuid(), { nil: null }) }),
});
const body = fc.oneof(
  fc.string({ maxLength: 2000 }),
  fc.record({ webhook_id: fc.uuid(), events: fc.array(event, { maxLength: 5 }) }).map((d) => JSON.stringify(d)),
  fc.constantFrom("", "{}", "[]", "null", '{"webhook_id":1}'),
);
/** How the delivery is signed: right, with another secret, garbled, or not at all. */
const signing = fc.constantFrom("valid", "other-secret", "garbled", "missing");

describe("the Attio webhook intake on random deliveries (fast-check)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.prisma.attioWebhook.create({
      data: {
        id: "wh-property",
        targetUrl: "https://leads.example.com/api/attio/webhooks",
        secret: SECRET,
        subscriptions: "[]",
        status: "active",
      },
    });
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("stores only verified, new deliveries and answers within the documented statuses", async () => {
    let storedRuns = 0;
    await fc.assert(
      fc.asyncProperty(body, signing, fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: null }), async (raw, how, key) => {
        const signature =
          how === "valid"
            ? signAttioBody(raw, SECRET)
            : how === "other-secret"
              ? signAttioBody(raw, "another-secret")
              : how === "garbled"
                ? "zz".repeat(32)
                : null;
        const headers: Record<string, string | null> = { "attio-signature": signature, "idempotency-key": key };
        const before = await db.prisma.attioInboxEvent.count();
        const first = await receiveAttioDelivery({ prisma: db.prisma }, { rawBody: raw, header: (n) => headers[n] ?? null });
        const afterFirst = await db.prisma.attioInboxEvent.count();
        expect(ANSWERS).toContain(first.status);
        if (how !== "valid") {
          expect(first.status).toBe(401);
          expect(afterFirst).toBe(before);
          return;
        }
        expect(afterFirst - before).toBe(first.fresh.length);
        if (first.fresh.length) storedRuns++;
        // The same message again (Attio's retry): nothing new.
        const again = await receiveAttioDelivery({ prisma: db.prisma }, { rawBody: raw, header: (n) => headers[n] ?? null });
        expect(again.status).toBe(first.status);
        expect(again.fresh).toEqual([]);
        expect(await db.prisma.attioInboxEvent.count()).toBe(afterFirst);
      }),
      { numRuns: 150, seed: 20261202 },
    );
    // The property must have exercised storage, not only refusals.
    expect(storedRuns).toBeGreaterThan(0);
  });

  it("refuses a body over the size limit before checking any signature", async () => {
    const raw = "x".repeat(1024 * 1024 + 1);
    const result = await receiveAttioDelivery(
      { prisma: db.prisma },
      { rawBody: raw, header: (n) => (n === "attio-signature" ? signAttioBody(raw, SECRET) : n === "idempotency-key" ? "k" : null) },
    );
    expect(result.status).toBe(413);
  });
});
