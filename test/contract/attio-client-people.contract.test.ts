import { describe, expect, it } from "vitest";
import { DEFAULT_FIELD_POLICY } from "../../web/src/lib/attio/field-policy";
import { targets, useClientContract, uniq, uniqDomain } from "./attio-client-harness";

for (const target of targets) {
  describe.skipIf(!target.enabled)(`Attio client contract against ${target.name} Attio: people`, () => {
    const h = useClientContract(target);
    const { exchanges, domainsUsed, client, track, getRecord, query, emails, domains, text, companyOf, deleteBehindClientsBack } = h;

    describe("people", () => {
      it("creates a new person asserted on the email", async () => {
        const email = `ada.${uniq("p")}@gmail.com`;
        const ref = track("people", await client().upsertPerson({ name: "Ada King Lovelace", email, title: "CTO" }));
        const rec = await getRecord("people", ref.id);
        expect(emails(rec)).toEqual([email]);
        expect(rec.values.name[0]).toMatchObject({ first_name: "Ada King", last_name: "Lovelace", full_name: "Ada King Lovelace" });
        expect(text(rec, "job_title")).toBe("CTO");
        expect(ref.webUrl).toContain(`/person/${ref.id}`);
      });

      it("returns the existing person for the same email, whatever its case or spacing", async () => {
        const email = `grace.${uniq("p")}@gmail.com`;
        const first = track("people", await client().upsertPerson({ name: "Grace Hopper", email }));
        const second = await client().upsertPerson({ name: "Grace Hopper", email: `  ${email.toUpperCase()} ` });
        expect(second.id).toBe(first.id);
        expect((await query("people", { email_addresses: email })).map((p) => p.id.record_id)).toEqual([first.id]);
      });

      it("creates a person by LinkedIn URL when no email is known", async () => {
        const slug = uniq("li");
        const ref = track("people", await client().upsertPerson({ name: "Alan Turing", linkedinUrl: `linkedin.com/in/${slug}/` }));
        const rec = await getRecord("people", ref.id);
        expect(text(rec, "linkedin")).toBe(`https://www.linkedin.com/in/${slug}`);
        expect(emails(rec)).toEqual([]);
      });

      it("finds the existing person by normalised LinkedIn URL and fills only its blanks (default policy)", async () => {
        const slug = uniq("li");
        const first = track(
          "people",
          await client().upsertPerson({ name: "Alan Turing", linkedinUrl: `https://www.linkedin.com/in/${slug}` }),
        );
        const second = await client().upsertPerson({
          name: "Alan M. Turing",
          linkedinUrl: `http://uk.linkedin.com/in/${slug.toUpperCase()}/?trk=x`,
          title: "Mathematician",
        });
        expect(second.id).toBe(first.id);
        const matches = await query("people", { linkedin: `https://www.linkedin.com/in/${slug}` });
        expect(matches.map((p) => p.id.record_id)).toEqual([first.id]);
        expect(text(matches[0], "job_title")).toBe("Mathematician");
        expect(matches[0].values.name[0].full_name).toBe("Alan Turing");
      });

      it("links the person to the given company", async () => {
        const domain = uniqDomain();
        domainsUsed.push(domain);
        const company = track("companies", await client().upsertCompany({ name: "Linked Co", domain }));
        const person = track(
          "people",
          await client().upsertPerson({ name: "Katherine Johnson", email: `kj.${uniq("p")}@${domain}`, companyId: company.id }),
        );
        expect(companyOf(await getRecord("people", person.id))).toBe(company.id);
      });

      it("resolves companyName into a company (by the work-email domain) and links it", async () => {
        const domain = uniqDomain("byname");
        domainsUsed.push(domain);
        const person = track(
          "people",
          await client().upsertPerson({ name: "Dorothy Vaughan", email: `dv.${uniq("p")}@${domain}`, companyName: "Byname Co" }),
        );
        const companyId = companyOf(await getRecord("people", person.id));
        expect(companyId).not.toBeNull();
        const company = await getRecord("companies", companyId!);
        expect(domains(company)).toContain(domain);
      });

      it("updates an existing person without duplicating email_addresses", async () => {
        const email = `mary.${uniq("p")}@gmail.com`;
        const from = exchanges.length;
        const ref = track("people", await client().upsertPerson({ name: "Mary Jackson", email, title: "Engineer" }));
        const leadOwnsTitle = { ...DEFAULT_FIELD_POLICY, "person.jobTitle": "always" } as const;
        await client().upsertPerson({ name: "Mary Jackson", email, title: "Senior Engineer", policy: leadOwnsTitle });
        await client().upsertPerson({ name: "Mary Jackson", email, title: "Lead Engineer", knownId: ref.id, policy: leadOwnsTitle });
        const rec = await getRecord("people", ref.id);
        expect(emails(rec)).toEqual([email]);
        expect(text(rec, "job_title")).toBe("Lead Engineer");
        // PATCH prepends multiselect values, so an address already present is never PATCHed again.
        const patchesWithEmail = exchanges
          .slice(from)
          .filter((x) => x.method === "PATCH" && JSON.stringify(x.requestBody).includes("email_addresses"));
        expect(patchesWithEmail).toEqual([]);
      });

      it("knownId: updates that record by id and adds a new email exactly once", async () => {
        const slug = uniq("li");
        const ref = track("people", await client().upsertPerson({ name: "Annie Easley", linkedinUrl: `linkedin.com/in/${slug}` }));
        const email = `annie.${uniq("p")}@gmail.com`;
        const a = await client().upsertPerson({ name: "Annie Easley", email, title: "Programmer", knownId: ref.id });
        const b = await client().upsertPerson({ name: "Annie Easley", email, title: "Programmer", knownId: ref.id });
        expect([a.id, b.id]).toEqual([ref.id, ref.id]);
        const rec = await getRecord("people", ref.id);
        expect(emails(rec)).toEqual([email]);
        expect(text(rec, "job_title")).toBe("Programmer");
        expect(text(rec, "linkedin")).toBe(`https://www.linkedin.com/in/${slug}`);
      });

      it("knownId: a person deleted in Attio (404) is found or created again", async () => {
        const email = `gone.${uniq("p")}@gmail.com`;
        const ref = await client().upsertPerson({ name: "Gone Person", email });
        await deleteBehindClientsBack("people", ref.id);
        const again = track("people", await client().upsertPerson({ name: "Gone Person", email, knownId: ref.id }));
        expect(again.id).not.toBe(ref.id);
        expect(emails(await getRecord("people", again.id))).toEqual([email]);
      });

      it("with neither email nor LinkedIn, matches by exact name within the company", async () => {
        const company = track("companies", await client().upsertCompany({ name: `Nameco ${uniq("co")}` }));
        const other = track("companies", await client().upsertCompany({ name: `Otherco ${uniq("co")}` }));
        const name = `Nobody ${uniq("n")}`;
        const first = track("people", await client().upsertPerson({ name, companyId: company.id }));
        const same = await client().upsertPerson({ name, companyId: company.id, title: "CEO" });
        const elsewhere = track("people", await client().upsertPerson({ name, companyId: other.id }));
        expect(same.id).toBe(first.id);
        expect(elsewhere.id).not.toBe(first.id);
        expect(text(await getRecord("people", first.id), "job_title")).toBe("CEO");
      });
    });

    // ----------------------------------------------------------------------------------------
  });
}
