/** The fake Attio over real HTTP: notes. */
import { beforeEach, describe, expect, it } from "vitest";
import { ATTIO_TS, MISSING, UUID, call, createCompany, createPerson, expectError, fake, idOf, ok } from "./fake-attio-helpers";
import { personValues, registerSharedFake } from "./fake-attio-helpers";
import type { Json } from "./fake-attio-helpers";

registerSharedFake();

// -----------------------------------------------------------------------------------------------
describe("notes", () => {
  let person: Json;
  beforeEach(async () => {
    person = await createPerson(personValues("Ada", "Lovelace"));
  });

  const noteBody = (extra: Record<string, unknown> = {}) => ({
    data: {
      parent_object: "people",
      parent_record_id: idOf(person),
      title: "Sync snapshot",
      format: "markdown",
      content: "# Lead\n- **Email:** ada@example.com",
      ...extra,
    },
  });
  const createNote = async (extra: Record<string, unknown> = {}) => (await ok("POST", "/v2/notes", noteBody(extra))).data;

  it("create answers the note with plaintext and markdown renderings", async () => {
    const n = await createNote();
    expect(n).toEqual({
      id: { workspace_id: fake.workspaceId, note_id: expect.stringMatching(UUID) },
      parent_object: "people",
      parent_record_id: idOf(person),
      title: "Sync snapshot",
      meeting_id: null,
      content_plaintext: "Lead\nEmail: ada@example.com",
      content_markdown: "# Lead\n- **Email:** ada@example.com",
      tags: [],
      created_by_actor: { type: "api-token", id: expect.stringMatching(UUID) },
      created_at: expect.stringMatching(ATTIO_TS),
    });
  });

  it.each([
    ["## Title\n\nSome *italic*, __bold__, ~~gone~~ and ==marked== [link](https://x.y)", "Title\nSome italic, bold, gone and marked link"],
    ["1. first\n2. second\n* star\n+ plus", "1. first\n2. second\nstar\nplus"],
  ])("markdown %j renders plaintext %j", async (content, plaintext) => {
    expect((await createNote({ content })).content_plaintext).toBe(plaintext);
  });

  it("plaintext notes keep their content in both renderings", async () => {
    const n = await createNote({ format: "plaintext", content: "line 1\n**not bold**" });
    expect(n.content_plaintext).toBe("line 1\n**not bold**");
    expect(n.content_markdown).toBe("line 1\n**not bold**");
  });

  it("missing required fields answer 400 validation_type naming each", async () => {
    const r = await call("POST", "/v2/notes", { data: {} });
    expectError(r, 400, "validation_type");
    expect(r.json.validation_errors.map((e: Json) => e.path.join("."))).toEqual([
      "data.parent_object",
      "data.parent_record_id",
      "data.title",
      "data.format",
      "data.content",
    ]);
  });

  it.each([
    ["an unknown format", { format: "html" }],
    ["created_at in the future", { created_at: new Date(Date.now() + 3_600_000).toISOString() }],
    ["created_at before 1970", { created_at: "1969-12-31T23:59:59Z" }],
    ["an unparseable created_at", { created_at: "yesterday" }],
    ["a non-UUID parent_record_id", { parent_record_id: "abc" }],
  ])("%s answers 400 validation_type", async (_name, extra) => {
    expectError(await call("POST", "/v2/notes", noteBody(extra)), 400, "validation_type");
  });

  it("a backdated created_at is kept in Attio's format", async () => {
    expect((await createNote({ created_at: "2026-01-01T12:00:00Z" })).created_at).toBe("2026-01-01T12:00:00.000000000Z");
  });

  it("an unknown parent object answers 404", async () => {
    const r = await call("POST", "/v2/notes", noteBody({ parent_object: "deals" }));
    expectError(r, 404, "not_found");
    expect(r.json.message).toBe('Object with slug/ID "deals" not found.');
  });

  it("an unknown parent record answers 404 (fake's choice)", async () => {
    const r = await call("POST", "/v2/notes", noteBody({ parent_record_id: MISSING }));
    expectError(r, 404, "not_found");
    expect(r.json.message).toBe(`Record with ID "${MISSING}" not found.`);
  });

  it("list defaults to 10, oldest first, and pages with offset", async () => {
    for (let i = 0; i < 12; i++) await createNote({ title: `n${i}` });
    const first = await ok("GET", "/v2/notes");
    expect(first.data.map((n: Json) => n.title)).toEqual(["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9"]);
    const rest = await ok("GET", "/v2/notes?offset=10");
    expect(rest.data.map((n: Json) => n.title)).toEqual(["n10", "n11"]);
  });

  it("a backdated note sorts before newer ones", async () => {
    await createNote({ title: "now" });
    await createNote({ title: "old", created_at: "2020-01-01T00:00:00Z" });
    expect((await ok("GET", "/v2/notes")).data.map((n: Json) => n.title)).toEqual(["old", "now"]);
  });

  it("limit 50 is accepted and limit 51 answers 400 validation_type", async () => {
    await ok("GET", "/v2/notes?limit=50");
    expectError(await call("GET", "/v2/notes?limit=51"), 400, "validation_type");
  });

  it.each(["abc", "-1", "1.5"])("limit=%s answers 400 validation_type", async (limit) => {
    expectError(await call("GET", `/v2/notes?limit=${limit}`), 400, "validation_type");
  });

  it("filters by parent_object and parent_record_id", async () => {
    const other = await createPerson({});
    const company = await createCompany({});
    await createNote({ title: "ada" });
    await createNote({ title: "other", parent_record_id: idOf(other) });
    await createNote({ title: "company", parent_object: "companies", parent_record_id: idOf(company) });
    const titles = async (q: string) => (await ok("GET", `/v2/notes?${q}`)).data.map((n: Json) => n.title);
    expect(await titles(`parent_object=people&parent_record_id=${idOf(person)}`)).toEqual(["ada"]);
    expect(await titles("parent_object=people")).toEqual(["ada", "other"]);
    expect(await titles(`parent_record_id=${idOf(company)}`)).toEqual(["company"]);
  });

  it("list with an unknown parent_object answers 404", async () => {
    expectError(await call("GET", "/v2/notes?parent_object=deals"), 404, "not_found");
  });

  it("GET and DELETE by id; unknown ids answer 404 with Attio's message", async () => {
    const n = await createNote();
    const id = n.id.note_id;
    expect((await ok("GET", `/v2/notes/${id}`)).data).toEqual(n);
    expect(await ok("DELETE", `/v2/notes/${id}`)).toEqual({});
    for (const method of ["GET", "DELETE"]) {
      const r = await call(method, `/v2/notes/${id}`);
      expectError(r, 404, "not_found");
      expect(r.json.message).toBe(`Note with ID "${id}" was not found.`);
    }
  });

  it("deleting the parent record deletes its notes", async () => {
    await createNote();
    await ok("DELETE", `/v2/objects/people/records/${idOf(person)}`);
    expect(fake.stats().notes).toBe(0);
  });
});
