/** The fake Attio over real HTTP: the query engine (filters, sorts, paging). */
import { beforeEach, describe, expect, it } from "vitest";
import { call, createCompany, createPerson, expectError, fake, idOf, ok, personValues, registerSharedFake } from "./fake-attio-helpers";
import type { Json } from "./fake-attio-helpers";

registerSharedFake();

// -----------------------------------------------------------------------------------------------
describe("query engine", () => {
  let ada: Json, grace: Json, alan: Json, acme: Json, navy: Json;

  beforeEach(async () => {
    acme = await createCompany({ name: ["Acme Corp"], domains: ["app.acme.com"] });
    navy = await createCompany({ name: ["US Navy"], domains: ["navy.mil"] });
    ada = await createPerson(
      personValues("Ada", "Lovelace", {
        email_addresses: ["ada@example.com"],
        linkedin: "https://www.linkedin.com/in/ada",
        job_title: "CTO",
        company: [{ target_object: "companies", target_record_id: idOf(acme) }],
      }),
    );
    grace = await createPerson(
      personValues("Grace", "Hopper", {
        email_addresses: ["grace@navy.mil", "g.hopper@example.com"],
        linkedin: "https://www.linkedin.com/in/grace",
        job_title: "Rear Admiral",
        company: [{ target_object: "companies", target_record_id: idOf(navy) }],
      }),
    );
    alan = await createPerson(personValues("Alan", "Turing", { email_addresses: ["alan@example.org"] }));
  });

  const names = (body: Json) => body.data.map((r: Json) => r.values.name[0]?.first_name);
  const people = async (filter: unknown, extra: Record<string, unknown> = {}) =>
    names(await ok("POST", "/v2/objects/people/records/query", { filter, ...extra }));

  it.each<[string, () => unknown, string[]]>([
    ["email shorthand", () => ({ email_addresses: "ada@example.com" }), ["Ada"]],
    ["email shorthand is normalised", () => ({ email_addresses: "ADA@Example.com" }), ["Ada"]],
    ["email verbose $eq", () => ({ email_addresses: { email_address: { $eq: "grace@navy.mil" } } }), ["Grace"]],
    ["a second email matches", () => ({ email_addresses: "g.hopper@example.com" }), ["Grace"]],
    ["email_domain property", () => ({ email_addresses: { email_domain: "example.com" } }), ["Ada", "Grace"]],
    ["$in on emails", () => ({ email_addresses: { $in: ["ada@example.com", "alan@example.org"] } }), ["Ada", "Alan"]],
    ["$ends_with on emails", () => ({ email_addresses: { $ends_with: "example.org" } }), ["Alan"]],
    ["linkedin shorthand (exact string)", () => ({ linkedin: "https://www.linkedin.com/in/ada" }), ["Ada"]],
    ["linkedin shorthand is case-sensitive", () => ({ linkedin: "https://www.linkedin.com/in/ADA" }), []],
    ["$contains is case-insensitive", () => ({ linkedin: { $contains: "LINKEDIN.com/in/ada" } }), ["Ada"]],
    ["$starts_with", () => ({ job_title: { $starts_with: "rear" } }), ["Grace"]],
    ["$not_empty true", () => ({ linkedin: { $not_empty: true } }), ["Ada", "Grace"]],
    ["$not_empty false", () => ({ linkedin: { $not_empty: false } }), ["Alan"]],
    ["name shorthand compares full_name", () => ({ name: "Ada Lovelace" }), ["Ada"]],
    ["name last_name $contains", () => ({ name: { last_name: { $contains: "love" } } }), ["Ada"]],
    ["several keys are ANDed", () => ({ email_addresses: { email_domain: "example.com" }, job_title: "CTO" }), ["Ada"]],
    ["$or", () => ({ $or: [{ email_addresses: "ada@example.com" }, { linkedin: "https://www.linkedin.com/in/grace" }] }), ["Ada", "Grace"]],
    ["$and", () => ({ $and: [{ email_addresses: { email_domain: "example.com" } }, { job_title: { $contains: "admiral" } }] }), ["Grace"]],
    ["$not", () => ({ $not: { email_addresses: "ada@example.com" } }), ["Grace", "Alan"]],
    [
      "nested logic",
      () => ({ $or: [{ $and: [{ job_title: "CTO" }, { $not: { linkedin: { $not_empty: false } } }] }, { name: { first_name: "Alan" } }] }),
      ["Ada", "Alan"],
    ],
    ["record_id $in", () => ({ record_id: { $in: [idOf(ada), idOf(alan)] } }), ["Ada", "Alan"]],
    ["record_id shorthand", () => ({ record_id: idOf(grace) }), ["Grace"]],
    ["company reference", () => ({ company: { target_object: "companies", target_record_id: idOf(acme) } }), ["Ada"]],
    ["company reference $in", () => ({ company: { target_record_id: { $in: [idOf(acme), idOf(navy)] } } }), ["Ada", "Grace"]],
    [
      "path through company to domains",
      () => ({
        path: [
          ["people", "company"],
          ["companies", "domains"],
        ],
        constraints: { root_domain: "acme.com" },
      }),
      ["Ada"],
    ],
    ["created_at $gte", () => ({ created_at: { $gte: alan.created_at } }), ["Alan"]],
    ["created_at $lt", () => ({ created_at: { $lt: grace.created_at } }), ["Ada"]],
  ])("people filter: %s", async (_name, filter, expected) => {
    expect(await people(filter())).toEqual(expected);
  });

  it.each<[string, unknown, string[]]>([
    ["name shorthand (text, exact)", { name: "Acme Corp" }, ["Acme Corp"]],
    ["name $contains", { name: { $contains: "acme" } }, ["Acme Corp"]],
    ["domains shorthand", { domains: "app.acme.com" }, ["Acme Corp"]],
    ["domains root_domain", { domains: { root_domain: "acme.com" } }, ["Acme Corp"]],
    ["domains $not_empty", { domains: { $not_empty: true } }, ["Acme Corp", "US Navy"]],
  ])("companies filter: %s", async (_name, filter, expected) => {
    const body = await ok("POST", "/v2/objects/companies/records/query", { filter });
    expect(body.data.map((r: Json) => r.values.name[0].value)).toEqual(expected);
  });

  it("team (inverse reference) is filterable on companies", async () => {
    const body = await ok("POST", "/v2/objects/companies/records/query", {
      filter: { team: { target_object: "people", target_record_id: idOf(grace) } },
    });
    expect(body.data.map((r: Json) => idOf(r))).toEqual([idOf(navy)]);
  });

  it.each([
    ["name last_name asc", [{ direction: "asc", attribute: "name", field: "last_name" }], ["Grace", "Ada", "Alan"]],
    ["name last_name desc", [{ direction: "desc", attribute: "name", field: "last_name" }], ["Alan", "Ada", "Grace"]],
    ["job_title asc, empty last", [{ direction: "asc", attribute: "job_title" }], ["Ada", "Grace", "Alan"]],
    ["job_title desc, empty last", [{ direction: "desc", attribute: "job_title" }], ["Grace", "Ada", "Alan"]],
  ])("sorts: %s", async (_name, sorts, expected) => {
    expect(await people(undefined, { sorts })).toEqual(expected);
  });

  it("limit and offset page through results", async () => {
    const sorts = [{ direction: "asc", attribute: "name", field: "first_name" }];
    expect(await people(undefined, { sorts, limit: 2 })).toEqual(["Ada", "Alan"]);
    expect(await people(undefined, { sorts, limit: 2, offset: 2 })).toEqual(["Grace"]);
    expect(await people(undefined, { sorts, limit: 2, offset: 4 })).toEqual([]);
  });

  it("limit defaults to 500", async () => {
    fake.reset();
    for (let i = 0; i < 501; i++) await createCompany({});
    expect((await ok("POST", "/v2/objects/companies/records/query", {})).data).toHaveLength(500);
    expect((await ok("POST", "/v2/objects/companies/records/query", { offset: 500 })).data).toHaveLength(1);
  });

  it("an unknown filter slug answers 400 unknown_filter_attribute_slug with its path", async () => {
    const r = await call("POST", "/v2/objects/people/records/query", { filter: { linkedin_url: "x" } });
    expectError(r, 400, "unknown_filter_attribute_slug");
    expect(r.json).toMatchObject({ message: "Unknown attribute slug: linkedin_url.", path: ["linkedin_url"] });
  });

  it.each([
    ["unknown operator", { linkedin: { $ne: "x" } }],
    ["unknown property", { email_addresses: { domain: "x" } }],
    ["$in without array", { linkedin: { $in: "x" } }],
    ["$contains on a reference", { company: { target_record_id: { $contains: "x" } } }],
    ["$or without array", { $or: { linkedin: "x" } }],
  ])("a malformed filter answers 400 filter_error: %s", async (_name, filter) => {
    expectError(await call("POST", "/v2/objects/people/records/query", { filter }), 400, "filter_error");
  });

  it.each([
    ["an array", "[]"],
    ["a string", '"x"'],
    ["empty", ""],
    ["a negative limit", '{"limit": -1}'],
  ])("a query body that is %s answers 400 validation_type", async (_name, raw) => {
    expectError(await call("POST", "/v2/objects/people/records/query", undefined, { raw }), 400, "validation_type");
  });
});
