/**
 * Races between a sync resolving a lead's person and another sync (or an Attio user) writing the
 * same identity at the same moment, replayed deterministically: the fake Attio is real, and the
 * client's fetch lets the other writer in just before the request the race is about.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeAttio, startFakeAttio } from "../../fake-attio/server";
import { createAttioClient } from "../../web/src/lib/attio/client";

type ApiPerson = { id: { record_id: string }; values: Record<string, Record<string, string>[]> };

describe("a person's email taken by another sync while this one adds it to the stored person", () => {
  let fake: FakeAttio;
  beforeAll(async () => {
    fake = await startFakeAttio({ rateLimit: false });
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake?.close());

  const client = (f?: typeof fetch) => createAttioClient({ apiKey: fake.token, baseUrl: fake.baseUrl, ...(f ? { fetch: f } : {}) });
  const person = (id: string) => (fake.listRecords("people") as ApiPerson[]).find((p) => p.id.record_id === id)!;
  const emailsOf = (id: string) => (person(id).values.email_addresses ?? []).map((e) => e.email_address);

  /** A fetch that, before the first PATCH of the stored person, lets another sync create `email`'s person. */
  function patchRacedBy(storedId: string, email: string): { fetch: typeof fetch; winner: () => string | null } {
    let winner: string | null = null;
    const racing: typeof fetch = async (input, init) => {
      const url = String(input);
      if (!winner && init?.method === "PATCH" && url.endsWith(`/objects/people/records/${storedId}`)) {
        winner = (await client().upsertPerson({ name: "Grace Hopper", email })).id;
      }
      return fetch(input, init);
    };
    return { fetch: racing, winner: () => winner };
  }

  it("lands on the person who now holds the email, and leaves the stored person as it was", async () => {
    const company = await client().upsertCompany({ name: "Maison Lumière", domain: "maison-lumiere.example" });
    const stored = await client().upsertPerson({ name: "Ada Lovelace", email: "ada@maison-lumiere.example", companyId: company.id });
    const newCompany = await client().upsertCompany({ name: "Initech", domain: "initech.example" });
    const race = patchRacedBy(stored.id, "grace@initech.example");

    // The lead's email changed to one nobody holds yet: the stored person is about to get it.
    const resolved = await client(race.fetch).upsertPerson({
      name: "Ada Lovelace",
      email: "grace@initech.example",
      companyId: newCompany.id,
      knownId: stored.id,
      knownIsCurrent: false,
    });

    expect(race.winner()).not.toBeNull();
    expect(resolved.id).toBe(race.winner());
    expect(emailsOf(resolved.id)).toContain("grace@initech.example");
    expect(emailsOf(stored.id)).toEqual(["ada@maison-lumiere.example"]);
    expect(person(stored.id).values.company?.[0]?.target_record_id).toBe(company.id);
  });
});
