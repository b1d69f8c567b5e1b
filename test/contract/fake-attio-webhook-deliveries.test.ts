/**
 * The fake Attio's webhook deliveries when things go wrong (fake-attio/deliveries.ts, clock.ts):
 * retries with back-off, the degraded/inactive lifecycle on a fast-forwarded clock, duplicate,
 * lost and out-of-order delivery, and the child-process fake in test mode.
 */
import { describe, expect, it } from "vitest";
import { DAY_MS, RETRY_DELAYS_MS } from "../../fake-attio/deliveries";
import { startFakeAttioProcess } from "../../fake-attio/process";
import { signatureValid } from "../helpers/webhook-receiver";
import type { Json } from "./fake-attio-helpers";
import { api, control, createPerson, events, fake, newReceiver, registerWebhookFake, rx, subscribe } from "./fake-attio-webhook-helpers";

registerWebhookFake();

describe("fake Attio webhooks: failures, retries and the webhook's lifecycle", () => {
  it("retries a failed delivery after the back-off with the same body, signature and Idempotency-Key", async () => {
    rx.answer = (n) => (n < 2 ? 500 : 200);
    await subscribe("record.created");
    await createPerson({ name: "Retry me" });
    await fake.webhooks.settle();
    expect(rx.received).toHaveLength(1);

    await fake.webhooks.advance(RETRY_DELAYS_MS[0] - 60_000);
    expect(rx.received).toHaveLength(1);
    await fake.webhooks.advance(60_000);
    expect(rx.received).toHaveLength(2);
    await fake.webhooks.advance(RETRY_DELAYS_MS[1]);
    expect(rx.received).toHaveLength(3);
    await fake.webhooks.advance(DAY_MS * 5);
    expect(rx.received).toHaveLength(3);

    expect(new Set(rx.received.map((d) => d.headers["idempotency-key"])).size).toBe(1);
    expect(new Set(rx.received.map((d) => d.raw)).size).toBe(1);
    expect(new Set(rx.received.map((d) => d.headers["attio-signature"])).size).toBe(1);
    expect(fake.webhooks.deliveries().map((a) => [a.attempt, a.status, a.delivered])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
  });

  it("counts a refused connection as a failure and retries it", async () => {
    const hook = await subscribe("record.created");
    await rx.close();
    await createPerson({ name: "Nobody listens" });
    await fake.webhooks.settle();
    const [first] = fake.webhooks.deliveries();
    expect(first.status).toBeNull();
    expect(first.error).toBeTruthy();
    await newReceiver();
    await api("PATCH", `/v2/webhooks/${hook.id.webhook_id}`, { data: { target_url: rx.url } });
    await fake.webhooks.advance(RETRY_DELAYS_MS[0]);
    expect(rx.received).toHaveLength(1);
  });

  it("marks the webhook degraded after 10 failed retries (~3 days), still sending, and inactive 7 days later, sending nothing", async () => {
    rx.answer = () => 503;
    const hook = await subscribe("record.created");
    const status = async () => (await api("GET", `/v2/webhooks/${hook.id.webhook_id}`)).status;
    await createPerson({ name: "Never delivered" });
    await fake.webhooks.settle();
    await control("POST", "clock/advance", { days: 2 });
    expect(await status()).toBe("active");
    await control("POST", "clock/advance", { days: 1 });
    expect(rx.received).toHaveLength(11);
    expect(await status()).toBe("degraded");

    await createPerson({ name: "Degraded still receives" });
    await fake.webhooks.settle();
    expect(rx.received).toHaveLength(12);

    await control("POST", "clock/advance", { days: 7 });
    expect(await status()).toBe("inactive");
    const before = rx.received.length;
    rx.answer = () => 200;
    await createPerson({ name: "Inactive receives nothing" });
    await fake.webhooks.advance(DAY_MS);
    expect(rx.received).toHaveLength(before);
  });

  it("stops a deleted webhook's pending retries", async () => {
    rx.answer = () => 500;
    const hook = await subscribe("record.created");
    await createPerson({ name: "Retried" });
    await fake.webhooks.settle();
    await api("DELETE", `/v2/webhooks/${hook.id.webhook_id}`);
    await fake.webhooks.advance(DAY_MS * 4);
    expect(rx.received).toHaveLength(1);
  });

  it("delivers by the subscriptions a PATCH set, from the next change on", async () => {
    const hook = await subscribe("record.created");
    await api("PATCH", `/v2/webhooks/${hook.id.webhook_id}`, { data: { subscriptions: [{ event_type: "record.deleted", filter: null }] } });
    const id = await createPerson({ name: "Not announced" });
    await api("DELETE", `/v2/objects/people/records/${id}`);
    await fake.webhooks.settle();
    expect(events().map((e: Json) => e.event_type)).toEqual(["record.deleted"]);
  });

  it("brings a degraded webhook back to active on a delivered message (assumed)", async () => {
    const hook = await subscribe("record.created");
    fake.webhooks.setStatus(hook.id.webhook_id, "degraded");
    await createPerson({ name: "Delivered" });
    await fake.webhooks.settle();
    expect((await api("GET", `/v2/webhooks/${hook.id.webhook_id}`)).status).toBe("active");
  });
});

describe("fake Attio webhooks: duplicate, lost and out-of-order delivery", () => {
  it("sends a message twice with the same Idempotency-Key when duplicateRate is 1", async () => {
    await control("POST", "deliveries", { duplicateRate: 1 });
    await subscribe("record.created");
    await createPerson({ name: "Twice" });
    await fake.webhooks.settle();
    expect(rx.received).toHaveLength(2);
    expect(rx.received[0].headers["idempotency-key"]).toBe(rx.received[1].headers["idempotency-key"]);
    expect(rx.received[0].raw).toBe(rx.received[1].raw);
  });

  it("never sends a dropped message (dropRate 1)", async () => {
    await control("POST", "deliveries", { dropRate: 1 });
    await subscribe("record.created");
    await createPerson({ name: "Lost" });
    await fake.webhooks.advance(DAY_MS * 4);
    expect(rx.received).toEqual([]);
  });

  it("shuffles held messages reproducibly with a seed", async () => {
    const order = async () => {
      fake.reset();
      rx.received.length = 0;
      await control("POST", "deliveries", { hold: true, seed: 7 });
      await subscribe("record.created");
      for (const name of ["a", "b", "c", "d", "e"]) await createPerson({ name });
      await control("POST", "deliveries/release", { order: "shuffle" });
      const names = new Map(fake.listRecords("people").map((r: Json) => [r.id.record_id, r.values.name[0].full_name]));
      return events().map((e: Json) => names.get(e.id.record_id));
    };
    const first = await order();
    expect([...first].sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(await order()).toEqual(first);
  });

  it("holds messages and releases them late in reverse order", async () => {
    await control("POST", "deliveries", { hold: true });
    await subscribe("record.created");
    const first = await createPerson({ name: "First" });
    const second = await createPerson({ name: "Second" });
    await fake.webhooks.settle();
    expect(rx.received).toEqual([]);

    expect(await control("POST", "deliveries/release", { order: "reverse" })).toEqual({ released: 2 });
    expect(events().map((e: Json) => e.id.record_id)).toEqual([second, first]);
  });
});

describe("fake Attio webhooks: the fake in a child process", () => {
  it("accepts an http target and delivers to it when started with --allow-http-targets", async () => {
    const proc = await startFakeAttioProcess({ allowHttpTargets: true });
    try {
      const origin = proc.baseUrl.replace(/\/v2$/, "");
      const headers = { authorization: `Bearer ${proc.token}`, "content-type": "application/json" };
      const created = await fetch(`${proc.baseUrl}/webhooks`, {
        method: "POST",
        headers,
        body: JSON.stringify({ data: { target_url: rx.url, subscriptions: [{ event_type: "record.created", filter: null }] } }),
      });
      expect(created.status).toBe(200);
      const secret = (await created.json()).data.secret;
      await fetch(`${proc.baseUrl}/objects/people/records`, {
        method: "POST",
        headers,
        body: JSON.stringify({ data: { values: { name: "Remote" } } }),
      });
      await fetch(`${origin}/__fake/deliveries/settle`, { method: "POST" });
      const [d] = await rx.waitFor(1);
      expect(signatureValid(secret, d.raw, d.headers["attio-signature"])).toBe(true);
    } finally {
      await proc.stop();
    }
  });
});
