/**
 * The standard people and company attributes beyond the ones leadsync writes (phone numbers,
 * locations, social links, foundation date): written, read back in the OpenAPI's value forms,
 * and filtered on as a client would.
 */
import { describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  createPerson,
  expectError,
  idOf,
  ok,
  personValues,
  registerSharedFake,
  type Json,
} from "./fake-attio-helpers";

registerSharedFake();

const query = async (object: string, filter: unknown) =>
  (await ok("POST", `/v2/objects/${object}/records/query`, { filter })).data.map((r: Json) => idOf(r));

describe("fake Attio: standard contact attributes", () => {
  it("stores phone numbers in E.164 with their country, read as phone-number values", async () => {
    const p = await createPerson(
      personValues("Ada", "L", { phone_numbers: ["+1 (555) 867-5309", { original_phone_number: "+44 20 7946 0958" }] }),
    );
    expect(p.values.phone_numbers.map((v: Json) => [v.phone_number, v.country_code, v.attribute_type])).toEqual([
      ["+15558675309", "US", "phone-number"],
      ["+442079460958", "GB", "phone-number"],
    ]);
    expect(p.values.phone_numbers[0].original_phone_number).toBe("+1 (555) 867-5309");
  });

  it("refuses a phone number without a country", async () => {
    expectError(
      await call("POST", "/v2/objects/people/records", { data: { values: { phone_numbers: ["555-8675"] } } }),
      400,
      "validation_type",
    );
  });

  it("finds people by phone number however it is formatted", async () => {
    const ada = idOf(await createPerson(personValues("Ada", "L", { phone_numbers: ["+15558675309"] })));
    await createPerson(personValues("Bob", "M", { phone_numbers: ["+15550000000"] }));
    expect(await query("people", { phone_numbers: "+1 555 867 5309" })).toEqual([ada]);
    expect(await query("people", { phone_numbers: { country_code: "US", phone_number: { $eq: "+15558675309" } } })).toEqual([ada]);
  });

  it("stores a primary location with every key (absent ones null) and filters by its locality and country", async () => {
    const c = await createCompany({ name: "Acme", primary_location: { locality: "London", country_code: "gb", line_1: "1 Main St" } });
    expect(c.values.primary_location[0]).toMatchObject({
      line_1: "1 Main St",
      line_2: null,
      locality: "London",
      region: null,
      country_code: "GB",
      latitude: null,
      attribute_type: "location",
    });
    await createCompany({ name: "Globex", primary_location: { locality: "Paris", country_code: "FR" } });
    expect(await query("companies", { primary_location: { locality: "London" } })).toEqual([idOf(c)]);
    expect(await query("companies", { primary_location: { country_code: { $eq: "FR" } } })).toHaveLength(1);
  });

  it("keeps social links and a description as text, filterable with $contains", async () => {
    const p = await createPerson(personValues("Ada", "L", { twitter: "https://twitter.com/ada", description: "Analytical engine" }));
    expect(p.values.twitter[0]).toMatchObject({ value: "https://twitter.com/ada", attribute_type: "text" });
    expect(await query("people", { description: { $contains: "engine" } })).toEqual([idOf(p)]);
    const c = await createCompany({ name: "Acme", linkedin: "https://linkedin.com/company/acme", foundation_date: "1999-04-01" });
    expect(c.values.foundation_date[0]).toMatchObject({ value: "1999-04-01", attribute_type: "date" });
    expect(await query("companies", { linkedin: { $contains: "acme" } })).toEqual([idOf(c)]);
  });
});
