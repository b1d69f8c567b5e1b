/**
 * What stops or delays an Attio request: the activity's cancellation (an attempt Temporal gave up
 * on must not write after its retry looked), and Retry-After read against Attio's own clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockActivityEnvironment } from "@temporalio/testing";
import { type FakeAttio, startFakeAttio } from "../../fake-attio/server";
import { createAttioSteps } from "../../temporal/activities/attio-steps";
import { type AttioError, createAttioClient } from "../../web/src/lib/attio/client";
import { DEFAULT_FIELD_POLICY } from "../../web/src/lib/attio/field-policy";
import type { PrismaClient } from "../../web/src/lib/db";

describe("an Attio step whose attempt is cancelled", () => {
  let fake: FakeAttio;
  beforeAll(async () => {
    fake = await startFakeAttio({ rateLimit: false });
  });
  afterAll(() => fake?.close());

  it("sends nothing more once cancelled: the note lookup is aborted and the note is never posted", async () => {
    const person = await createAttioClient({ apiKey: fake.token, baseUrl: fake.baseUrl }).upsertPerson({
      name: "Kay",
      email: "kay@cancel.example",
    });
    fake.setLatency(600); // the marker lookup is still in flight when the attempt is cancelled
    const steps = createAttioSteps({
      prisma: {} as PrismaClient, // addNote never touches the database
      attio: (signal) => createAttioClient({ apiKey: fake.token, baseUrl: fake.baseUrl, signal }),
      claims: { acquire: async () => ({ recordId: null, mine: true }), settle: async () => {}, forget: async () => {} },
      fieldPolicy: async () => DEFAULT_FIELD_POLICY,
    });
    const env = new MockActivityEnvironment({ attempt: 2 });
    const running = env.run(steps.addNote, {
      personId: person.id,
      note: { title: "Sync snapshot", markdown: "hello", marker: "[leadsync run x/y]" },
    });
    setTimeout(() => env.cancel("TIMED_OUT"), 100);
    await expect(running).rejects.toBeDefined();

    await new Promise((r) => setTimeout(r, 1_500)); // long enough for a late POST to arrive
    fake.setLatency(0);
    expect(fake.requests().filter((r) => r.method === "POST" && r.path === "/v2/notes")).toEqual([]);
    expect(fake.listNotes()).toEqual([]);
  });
});

describe("Retry-After", () => {
  it("is measured against the response's Date header, not the worker's clock", async () => {
    // Attio's clock is an hour behind the worker's: its Retry-After date still means "in 2 s".
    const attioNow = new Date(Date.now() - 3_600_000);
    attioNow.setMilliseconds(0);
    const fetch429: typeof fetch = async () =>
      new Response(JSON.stringify({ status_code: 429, type: "rate_limit_error", code: "rate_limit_exceeded", message: "slow down" }), {
        status: 429,
        headers: {
          "content-type": "application/json",
          date: attioNow.toUTCString(),
          "retry-after": new Date(attioNow.getTime() + 2_000).toUTCString(),
        },
      });
    const client = createAttioClient({ apiKey: "k", baseUrl: "https://api.attio.example/v2", fetch: fetch429 });
    const err = (await client.self().catch((e: unknown) => e)) as AttioError;
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(2_000);
  });
});
