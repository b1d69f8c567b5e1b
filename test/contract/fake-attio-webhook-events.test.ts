/**
 * What the fake Attio delivers for each kind of change (fake-attio/events.ts, echoes.ts), by whom,
 * and signed how, to a real local HTTP receiver.
 */
import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../fake-attio/deliveries";
import { FAKE_ATTIO_MEMBER_EMAIL, FAKE_ATTIO_MEMBER_HEADER, FAKE_ATTIO_MEMBER_TOKEN } from "../../fake-attio/server";
import { signatureValid } from "../helpers/webhook-receiver";
import { UUID, type Json } from "./fake-attio-helpers";
import { api, attributeId, control, createPerson, events, fake, registerWebhookFake, rx, subscribe } from "./fake-attio-webhook-helpers";

registerWebhookFake();

describe("fake Attio webhooks: what is delivered", () => {
  it("delivers a record created by leadsync's token as one signed record.created naming the token's actor id", async () => {
    const hook = await subscribe("record.created");
    const id = await createPerson({ name: "Ada Lovelace" });
    await fake.webhooks.settle();

    expect(rx.received).toHaveLength(1);
    const [d] = rx.received;
    const tokenActor = fake.actors().tokens.find((t) => t.token === fake.token)!.actor;
    expect(d.body).toEqual({
      webhook_id: hook.id.webhook_id,
      events: [
        {
          event_type: "record.created",
          id: { workspace_id: fake.workspaceId, object_id: fake.objectIds.people, record_id: id },
          actor: { type: "api-token", id: tokenActor.id },
        },
      ],
    });
    expect(signatureValid(hook.secret, d.raw, d.headers["attio-signature"])).toBe(true);
    expect(d.headers["x-attio-signature"]).toBe(d.headers["attio-signature"]);
    expect(d.headers["idempotency-key"]).toMatch(UUID);
    expect(signatureValid("0".repeat(64), d.raw, d.headers["attio-signature"])).toBe(false);
  });

  it("sends one record.updated per changed attribute, each with its attribute_id", async () => {
    const id = await createPerson({ name: "Ada Lovelace", job_title: "Analyst" });
    await subscribe("record.updated");
    await api("PATCH", `/v2/objects/people/records/${id}`, {
      data: { values: { job_title: "CTO", linkedin: "https://linkedin.com/in/ada", name: "Ada Lovelace" } },
    });
    await fake.webhooks.settle();

    const got = events().map((e: Json) => e.id.attribute_id);
    expect(got.sort()).toEqual([await attributeId("people", "job_title"), await attributeId("people", "linkedin")].sort());
    expect(events().every((e: Json) => e.id.record_id === id && e.event_type === "record.updated")).toBe(true);
  });

  it("sends record.updated for the company's team when a person joins it (the relationship's other side)", async () => {
    const acme = (await api("POST", "/v2/objects/companies/records", { data: { values: { name: "Acme" } } })).id.record_id;
    await subscribe("record.updated", "record.created");
    const person = await createPerson({ name: "Joiner", company: [{ target_object: "companies", target_record_id: acme }] });
    await fake.webhooks.settle();
    expect(events().map((e: Json) => [e.event_type, e.id.record_id, e.id.attribute_id])).toEqual([
      ["record.created", person, undefined],
      ["record.updated", acme, await attributeId("companies", "team")],
    ]);
  });

  it("sends nothing for a PATCH that re-sends the values a record already has", async () => {
    const id = await createPerson({ name: "Same", job_title: "CTO" });
    await subscribe("record.updated");
    await api("PATCH", `/v2/objects/people/records/${id}`, { data: { values: { job_title: "CTO" } } });
    await api("PUT", `/v2/objects/people/records/${id}`, { data: { values: { job_title: "CTO" } } });
    await fake.webhooks.settle();
    expect(rx.received).toEqual([]);
  });

  it("names the workspace member acting through the X-Fake-Attio-Member header or the member token", async () => {
    await subscribe("record.created");
    const grace = fake.actors().members.find((m) => m.email === FAKE_ATTIO_MEMBER_EMAIL)!;
    const ada = fake.actors().members.find((m) => m.email === "ada@leadsync.example")!;
    await createPerson({ name: "By header" }, { [FAKE_ATTIO_MEMBER_HEADER]: ada.id });
    await api("POST", "/v2/objects/people/records", { data: { values: { name: "By token" } } }, {}, FAKE_ATTIO_MEMBER_TOKEN);
    await fake.webhooks.settle();

    expect(events().map((e: Json) => e.actor)).toEqual([
      { type: "workspace-member", id: ada.id },
      { type: "workspace-member", id: grace.id },
    ]);
  });

  it("refuses an unknown member in the header with 400 and writes nothing", async () => {
    const r = await fetch(`${fake.origin}/v2/objects/people/records`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${fake.token}`,
        "content-type": "application/json",
        [FAKE_ATTIO_MEMBER_HEADER]: "nobody@x.example",
      },
      body: JSON.stringify({ data: { values: { name: "X" } } }),
    });
    expect(r.status).toBe(400);
    expect(fake.listRecords("people")).toEqual([]);
  });

  it("delivers record.deleted for a record a member deletes", async () => {
    const id = await createPerson({ name: "Gone" });
    await subscribe("record.deleted");
    fake.deleteRecord("people", id);
    await fake.webhooks.settle();
    expect(events()).toEqual([
      expect.objectContaining({
        event_type: "record.deleted",
        id: { workspace_id: fake.workspaceId, object_id: fake.objectIds.people, record_id: id },
      }),
    ]);
    expect(events()[0].actor.type).toBe("workspace-member");
  });

  it("delivers two record.merged events for a merge, one per original, both naming the new record", async () => {
    const a = await createPerson({ name: "A", email_addresses: ["a@acme.io"] });
    const b = await createPerson({ name: "B", email_addresses: ["b@acme.io"] });
    await subscribe("record.merged", "record.deleted", "record.created");
    const { new_record_id } = await api("POST", "/v2/objects/people/records/merge", {
      data: { primary_record_id: a, secondary_record_id: b },
    });
    await fake.webhooks.settle();

    expect(events()).toHaveLength(2);
    expect(events().map((e: Json) => e.event_type)).toEqual(["record.merged", "record.merged"]);
    expect(events().map((e: Json) => e.id.record_id)).toEqual([new_record_id, new_record_id]);
    expect(
      events()
        .map((e: Json) => e.duplicate_record_id)
        .sort(),
    ).toEqual([a, b].sort());
    expect(events().every((e: Json) => e.duplicate_object_id === fake.objectIds.people)).toBe(true);
  });

  it("delivers list-entry.created and .updated (per attribute) with parent_object_id and parent_record_id", async () => {
    const person = await createPerson({ name: "Lead" });
    const list = (await api("GET", "/v2/lists"))[0];
    await subscribe("list-entry.created", "list-entry.updated");
    const entry = await api("PUT", `/v2/lists/${list.id.list_id}/entries`, {
      data: { parent_record_id: person, parent_object: "people", entry_values: {} },
    });
    fake.crm.setEntryStage("outbound_pipeline", entry.id.entry_id, "Won");
    await fake.webhooks.settle();

    const stageId = (await api("GET", `/v2/lists/${list.id.list_id}/attributes`)).find((a: Json) => a.api_slug === "stage").id.attribute_id;
    const grace = fake.actors().members.find((m) => m.email === FAKE_ATTIO_MEMBER_EMAIL)!;
    const base = { workspace_id: fake.workspaceId, list_id: list.id.list_id, entry_id: entry.id.entry_id };
    expect(events()).toEqual([
      expect.objectContaining({
        event_type: "list-entry.created",
        id: base,
        parent_object_id: fake.objectIds.people,
        parent_record_id: person,
      }),
      {
        event_type: "list-entry.updated",
        id: { ...base, attribute_id: stageId },
        parent_object_id: fake.objectIds.people,
        parent_record_id: person,
        actor: { type: "workspace-member", id: grace.id },
      },
    ]);
  });

  it("delivers note.created with the note's parent", async () => {
    const person = await createPerson({ name: "Noted" });
    await subscribe("note.created");
    const note = await api("POST", "/v2/notes", {
      data: { parent_object: "people", parent_record_id: person, title: "t", format: "plaintext", content: "c" },
    });
    await fake.webhooks.settle();
    expect(events()).toEqual([
      expect.objectContaining({
        event_type: "note.created",
        id: { workspace_id: fake.workspaceId, note_id: note.id.note_id },
        parent_object_id: fake.objectIds.people,
        parent_record_id: person,
      }),
    ]);
  });

  it("lets a subscription filter ($and / $or of equals / not_equals on dot paths) choose events", async () => {
    await api("POST", "/v2/webhooks", {
      data: {
        target_url: rx.url,
        subscriptions: [
          {
            event_type: "record.created",
            filter: { $and: [{ field: "id.object_id", operator: "equals", value: fake.objectIds.companies }] },
          },
          { event_type: "record.updated", filter: { $or: [{ field: "actor.type", operator: "not_equals", value: "api-token" }] } },
        ],
      },
    });
    const person = await createPerson({ name: "Not a company" });
    await api("POST", "/v2/objects/companies/records", { data: { values: { name: "Acme" } } });
    await api("PATCH", `/v2/objects/people/records/${person}`, { data: { values: { job_title: "by token" } } });
    await api(
      "PATCH",
      `/v2/objects/people/records/${person}`,
      { data: { values: { job_title: "by member" } } },
      { [FAKE_ATTIO_MEMBER_HEADER]: FAKE_ATTIO_MEMBER_EMAIL },
    );
    await fake.webhooks.settle();

    expect(events().map((e: Json) => [e.event_type, e.actor.type])).toEqual([
      ["record.created", "api-token"],
      ["record.updated", "workspace-member"],
    ]);
  });
});

describe("fake Attio webhooks: system echoes", () => {
  it("echoes by default 60 ms after an email change and 1 s after a stage change", () => {
    expect(fake.webhooks.setEchoes({})).toEqual({ enabled: true, emailRelinkMs: 60, stageMs: 1000, relinkCompany: false });
  });

  it("re-links the person's company from the new email's domain when relinkCompany is on, as the system", async () => {
    const globex = (await api("POST", "/v2/objects/companies/records", { data: { values: { name: "Globex", domains: ["globex.io"] } } })).id
      .record_id;
    const id = await createPerson({ name: "Ada", email_addresses: ["ada@acme.io"] });
    await subscribe("record.updated");
    await control("POST", "echoes", { relinkCompany: true, emailRelinkMs: 30_000 });
    await api("PATCH", `/v2/objects/people/records/${id}`, { data: { values: { email_addresses: ["ada@globex.io"] } } });
    await fake.webhooks.advance(30_000);

    const company = (await api("GET", `/v2/objects/people/records/${id}`)).values.company;
    expect(company.map((c: Json) => [c.target_record_id, c.created_by_actor])).toEqual([[globex, { type: "system", id: null }]]);
    expect(events().map((e: Json) => [e.id.attribute_id, e.actor.type])).toContainEqual([await attributeId("people", "company"), "system"]);
  });

  it("follows a person's email change with a system record.updated on the person's company, after the configured delay", async () => {
    const id = await createPerson({ name: "Ada", email_addresses: ["ada@acme.io"] });
    await subscribe("record.updated");
    // Longer than the default 60 ms so a slow machine does not see the echo before the first check.
    await control("POST", "echoes", { emailRelinkMs: 30_000 });
    await api("PATCH", `/v2/objects/people/records/${id}`, { data: { values: { email_addresses: ["ada@globex.io"] } } });
    await fake.webhooks.settle();
    expect(events()).toHaveLength(1);

    await fake.webhooks.advance(30_000);
    expect(events()).toHaveLength(2);
    expect(events()[1]).toEqual({
      event_type: "record.updated",
      id: {
        workspace_id: fake.workspaceId,
        object_id: fake.objectIds.people,
        record_id: id,
        attribute_id: await attributeId("people", "company"),
      },
      actor: { type: "system", id: null },
    });
  });

  it("follows a stage change with a system record.updated on the entry's parent record, after the configured delay (fast-forwarded)", async () => {
    const person = await createPerson({ name: "Lead" });
    const list = (await api("GET", "/v2/lists"))[0];
    const entry = await api("POST", `/v2/lists/${list.id.list_id}/entries`, {
      data: { parent_record_id: person, parent_object: "people", entry_values: {} },
    });
    await subscribe("record.updated");
    fake.webhooks.setEchoes({ stageMs: 60_000 });
    fake.crm.setEntryStage("outbound_pipeline", entry.id.entry_id, "Qualified");
    await fake.webhooks.settle();
    expect(events()).toEqual([]);

    await control("POST", "clock/advance", { minutes: 1 });
    expect(events()).toEqual([expect.objectContaining({ event_type: "record.updated", actor: { type: "system", id: null } })]);
    expect(events()[0].id.record_id).toBe(person);
  });

  it("sends no echo when echoes are switched off", async () => {
    const id = await createPerson({ name: "Ada", email_addresses: ["ada@acme.io"] });
    await subscribe("record.updated");
    await control("POST", "echoes", { enabled: false });
    await api("PATCH", `/v2/objects/people/records/${id}`, { data: { values: { email_addresses: ["ada@globex.io"] } } });
    await fake.webhooks.advance(5_000);
    expect(events().map((e: Json) => e.actor.type)).toEqual(["api-token"]);
  });
});

describe("fake Attio webhooks: members' entry changes and the control endpoints", () => {
  it("delivers list-entry.updated and then list-entry.deleted when a member edits and deletes an entry over the API", async () => {
    const person = await createPerson({ name: "Lead" });
    const entry = await api("POST", "/v2/lists/outbound_pipeline/entries", {
      data: { parent_record_id: person, parent_object: "people", entry_values: {} },
    });
    await subscribe("list-entry.updated", "list-entry.deleted");
    const asGrace = { [FAKE_ATTIO_MEMBER_HEADER]: FAKE_ATTIO_MEMBER_EMAIL };
    await api(
      "PATCH",
      `/v2/lists/outbound_pipeline/entries/${entry.id.entry_id}`,
      { data: { entry_values: { stage: ["Lost"] } } },
      asGrace,
    );
    await api("DELETE", `/v2/lists/outbound_pipeline/entries/${entry.id.entry_id}`, undefined, asGrace);
    await fake.webhooks.settle();

    expect(events().map((e: Json) => [e.event_type, e.actor.type, e.parent_record_id])).toEqual([
      ["list-entry.updated", "workspace-member", person],
      ["list-entry.deleted", "workspace-member", person],
    ]);
  });

  it("counts a target that does not answer within timeoutMs as failed", async () => {
    await control("POST", "deliveries", { timeoutMs: 200 });
    rx.answer = () => null;
    await subscribe("record.created");
    await createPerson({ name: "Hung" });
    await fake.webhooks.settle();
    expect(fake.webhooks.deliveries()).toEqual([
      expect.objectContaining({ status: null, delivered: false, error: "no answer within 200 ms" }),
    ]);
  });

  it("reads actors, webhooks with their secrets, attempts and the clock over HTTP, and forces a status", async () => {
    const hook = await subscribe("record.created");
    const actors = await control("GET", "actors");
    expect(actors.tokens.find((t: Json) => t.token === fake.token).actor.type).toBe("api-token");
    expect(actors.members.map((m: Json) => m.email)).toContain(FAKE_ATTIO_MEMBER_EMAIL);
    expect((await control("GET", "webhooks"))[0].secret).toBe(hook.secret);
    await createPerson({ name: "Seen" });
    await control("POST", "deliveries/settle");
    expect((await control("GET", "deliveries"))[0]).toMatchObject({
      webhookId: hook.id.webhook_id,
      attempt: 1,
      status: 200,
      delivered: true,
    });

    await control("POST", `webhooks/${hook.id.webhook_id}/status`, { status: "degraded" });
    expect((await api("GET", `/v2/webhooks/${hook.id.webhook_id}`)).status).toBe("degraded");
    const before = (await control("GET", "clock")).offsetMs;
    const after = await control("POST", "clock/advance", { days: 7 });
    expect(after.offsetMs - before).toBe(7 * DAY_MS);
    expect((await api("GET", `/v2/webhooks/${hook.id.webhook_id}`)).status).toBe("inactive");
  });

  it("refuses unknown delivery settings with 400", async () => {
    const r = await fetch(`${fake.origin}/__fake/deliveries`, { method: "POST", body: JSON.stringify({ reorder: true }) });
    expect(r.status).toBe(400);
  });
});
