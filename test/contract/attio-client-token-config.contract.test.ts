import { describe, expect, it } from "vitest";
import {
  AttioConfigError,
  AttioError,
  addNoteToPerson,
  createAttioClient,
  upsertCompany,
  upsertPerson,
} from "../../web/src/lib/attio/client";
import { loadConfig } from "../../web/src/lib/config";
import { FAKE_ATTIO_SCOPELESS_TOKEN } from "../../fake-attio/server";
import { capturingFetch, targets, useClientContract, uniq, uniqDomain } from "./attio-client-harness";

for (const target of targets) {
  describe.skipIf(!target.enabled)(`Attio client contract against ${target.name} Attio: token-config`, () => {
    const h = useClientContract(target);
    const { onFake, exchanges, client, track, notesOf, fakeRequestsSince, rejection } = h;

    describe("token and configuration", () => {
      it("self() reports an active token with its scopes", async () => {
        const me = await client().self();
        expect(me.active).toBe(true);
        expect(me.scope ?? "").toMatch(/record_permission:read/);
        expect(typeof me.workspaceSlug).toBe("string");
      });

      it("a missing API key rejects every method with AttioConfigError before any request", async () => {
        const from = onFake ? h.env.fake!.requests().length : 0;
        const noKey = createAttioClient({ apiKey: null, baseUrl: h.env.baseUrl, fetch: capturingFetch(exchanges) });
        const calls: Promise<unknown>[] = [
          noKey.upsertCompany({ name: "Acme", domain: "acme.com" }),
          noKey.upsertPerson({ name: "Ada", email: "ada@acme.com" }),
          noKey.addNoteToPerson("00000000-0000-4000-8000-000000000000", "x"),
          noKey.findNoteByMarker("00000000-0000-4000-8000-000000000000", "m"),
          noKey.self(),
        ];
        for (const call of calls) {
          const err = await rejection(call);
          expect(err).toBeInstanceOf(AttioConfigError);
          expect((err as Error).message).toMatch(/ATTIO_API_KEY is not set/);
        }
        const blank = createAttioClient({ apiKey: "   ", baseUrl: h.env.baseUrl });
        await expect(blank.self()).rejects.toBeInstanceOf(AttioConfigError);
        expect(exchanges.length).toBe(h.checked);
        if (onFake) expect(fakeRequestsSince(from)).toEqual([]);
      });

      it("input that identifies nothing is rejected as invalid_input before any request", async () => {
        const err = await rejection(client().upsertPerson({ name: "   ", email: "not-an-email", linkedinUrl: "https://example.com/ada" }));
        expect(err).toMatchObject({ name: "AttioError", status: null, code: "invalid_input", retryable: false });
        await expect(client().upsertCompany({ name: " ", domain: "junk" })).rejects.toMatchObject({ code: "invalid_input" });
        await expect(client().findNoteByMarker("00000000-0000-4000-8000-000000000000", " ")).rejects.toMatchObject({
          code: "invalid_input",
        });
        expect(exchanges.length).toBe(h.checked);
      });

      it("the spec's upsertCompany/upsertPerson/addNoteToPerson are configured from process.env", async () => {
        const saved = { ...process.env };
        try {
          process.env.ATTIO_API_KEY = h.env.token;
          process.env.ATTIO_BASE_URL = h.env.baseUrl;
          expect(loadConfig().attio).toMatchObject({ apiKey: h.env.token, baseUrl: h.env.baseUrl, timeoutMs: 15_000 });
          const company = await upsertCompany({ name: "Env Co", domain: uniqDomain("env") });
          expect(Object.keys(company)).toEqual(["id"]);
          track("companies", company);
          const person = track("people", await upsertPerson({ name: "Env Person", email: `h.env.${uniq("p")}@gmail.com` }));
          expect(Object.keys(person)).toEqual(["id"]);
          const note = await addNoteToPerson(person.id, "# From env");
          expect((await notesOf(person.id)).map((n) => n.id.note_id)).toEqual([note.id]);

          delete process.env.ATTIO_API_KEY;
          await expect(upsertCompany({ name: "No Key Co" })).rejects.toBeInstanceOf(AttioConfigError);
        } finally {
          for (const k of ["ATTIO_API_KEY", "ATTIO_BASE_URL"]) {
            if (saved[k] === undefined) delete process.env[k];
            else process.env[k] = saved[k];
          }
        }
      });

      it("an unknown token is a non-retryable 401 auth_error", async () => {
        const bad = `bad-${uniq("token")}`;
        const err = await rejection(client({ apiKey: bad }).upsertCompany({ name: "Acme", domain: uniqDomain() }));
        expect(err).toBeInstanceOf(AttioError);
        expect(err).toMatchObject({ status: 401, type: "auth_error", retryable: false });
        expect((err as Error).message).toMatch(/^Attio 401/);
        expect((err as Error).message).not.toContain(bad);
      });

      it.skipIf(!onFake)("a token without scopes is a non-retryable 403 naming the scope", async () => {
        const err = await rejection(client({ apiKey: FAKE_ATTIO_SCOPELESS_TOKEN }).upsertCompany({ name: "Acme", domain: uniqDomain() }));
        expect(err).toMatchObject({ name: "AttioError", status: 403, type: "auth_error", code: "unauthorized", retryable: false });
        expect((err as Error).message).toMatch(/scope/i);
      });
    });

    // ----------------------------------------------------------------------------------------
  });
}
