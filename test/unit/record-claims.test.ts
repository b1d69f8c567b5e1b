import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOrCreateClaimed } from "../../web/src/lib/attio/records";
import { createRecordClaims } from "../../temporal/infra/record-claims";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

// Failure text goes to the sync log and the alert webhook: it must not carry a lead's name or URL.
describe("record claim failures", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("a busy claim says what kind of record waits, not whose", async () => {
    const claims = createRecordClaims(db.prisma);
    const key = "person:linkedin:https://www.linkedin.com/in/ada-lovelace";
    await claims.acquire(key, "run-a");
    const err = await claims.acquire(key, "run-b").catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/another sync is creating/i);
    expect((err as Error).message).not.toContain("ada-lovelace");
  });

  it("a record that vanished twice is named by kind, not by the lead's name", async () => {
    const claims = createRecordClaims(db.prisma);
    const key = "company:name:northwind analytics";
    await claims.acquire(key, "run-a");
    await claims.settle(key, "run-a", "gone-1");
    const err = await findOrCreateClaimed({
      claims,
      key,
      owner: "run-b",
      // Each stored id is gone by the time it is read, and another run has settled a new one.
      get: async (id) => {
        if (id === "gone-1") await claims.settle(key, "run-a", "gone-2");
        return null;
      },
      find: async () => null,
      create: async () => {
        throw new Error("not reached");
      },
    }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/vanished|retry/i);
    expect((err as Error).message).not.toContain("northwind");
  });
});
