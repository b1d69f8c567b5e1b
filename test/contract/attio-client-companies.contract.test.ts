import { describe, expect, it } from "vitest";
import { DEFAULT_FIELD_POLICY } from "../../web/src/lib/attio/field-policy";
import { targets, useClientContract, uniq, uniqDomain } from "./attio-client-harness";

for (const target of targets) {
  describe.skipIf(!target.enabled)(`Attio client contract against ${target.name} Attio: companies`, () => {
    const h = useClientContract(target);
    const { onFake, exchanges, domainsUsed, client, track, getRecord, query, domains, text, fakeRequestsSince, deleteBehindClientsBack } =
      h;

    describe("companies", () => {
      it("creates a new company for a domain no company holds yet: one query, one create", async () => {
        const domain = uniqDomain();
        domainsUsed.push(domain);
        const from = onFake ? h.env.fake!.requests().length : 0;
        const ref = track("companies", await client().upsertCompany({ name: "Acme Widgets", domain }));
        expect(ref.id).toMatch(/^[0-9a-f-]{36}$/);
        const rec = await getRecord("companies", ref.id);
        expect(domains(rec)).toEqual([domain]);
        expect(text(rec, "name")).toBe("Acme Widgets");
        if (onFake) {
          // (The GET is this test's own read of the record.)
          const sent = fakeRequestsSince(from)
            .filter((r) => r.method !== "GET")
            .map((r) => `${r.method} ${r.path}`);
          expect(sent).toEqual(["POST /v2/objects/companies/records/query", "POST /v2/objects/companies/records"]);
        }
      });

      it("returns the existing company for the same domain, however it is written", async () => {
        const domain = uniqDomain();
        domainsUsed.push(domain);
        const first = track("companies", await client().upsertCompany({ name: "Acme", domain }));
        const second = await client().upsertCompany({ name: "Acme", domain: `https://www.${domain.toUpperCase()}/about?x=1` });
        expect(second.id).toBe(first.id);
        const matches = await query("companies", { domains: domain });
        expect(matches.map((c) => c.id.record_id)).toEqual([first.id]);
        expect(domains(matches[0])).toEqual([domain]);
      });

      it("creates a company by name when no domain is known and none has that name", async () => {
        const name = `Nameonly ${uniq("co")}`;
        const ref = track("companies", await client().upsertCompany({ name }));
        const rec = await getRecord("companies", ref.id);
        expect(text(rec, "name")).toBe(name);
        expect(domains(rec)).toEqual([]);
      });

      it("returns the existing company with the same exact name when no domain is known", async () => {
        const name = `Nameonly ${uniq("co")}`;
        const first = track("companies", await client().upsertCompany({ name }));
        const second = await client().upsertCompany({ name });
        expect(second.id).toBe(first.id);
        expect((await query("companies", { name })).map((c) => c.id.record_id)).toEqual([first.id]);
      });

      it("uses the domain of a work email when no domain is given", async () => {
        const domain = uniqDomain("work");
        domainsUsed.push(domain);
        const ref = track("companies", await client().upsertCompany({ name: "Work Co", email: `Ada@${domain.toUpperCase()}` }));
        expect(domains(await getRecord("companies", ref.id))).toEqual([domain]);
        const again = await client().upsertCompany({ name: "Work Co", domain });
        expect(again.id).toBe(ref.id);
      });

      it("never matches or stores a company on a free-mail domain", async () => {
        const name = `Freemail ${uniq("co")}`;
        const from = exchanges.length;
        const ref = track("companies", await client().upsertCompany({ name, email: "someone@gmail.com" }));
        const alsoExplicit = await client().upsertCompany({ name, domain: "gmail.com", email: "x@yahoo.co.uk" });
        expect(alsoExplicit.id).toBe(ref.id);
        expect(domains(await getRecord("companies", ref.id))).toEqual([]);
        const sent = exchanges.slice(from).map((x) => JSON.stringify(x.requestBody ?? null));
        expect(sent.some((b) => /gmail|yahoo/.test(b))).toBe(false);
      });

      it.each([
        { rule: "if-empty", kept: "Old Name" },
        { rule: "never", kept: "Old Name" },
        { rule: "always", kept: "New Name" },
      ] as const)("knownId: a company's name changes only when the field policy gives it to the lead ($rule)", async ({ rule, kept }) => {
        const domain = uniqDomain();
        domainsUsed.push(domain);
        const ref = track("companies", await client().upsertCompany({ name: "Old Name", domain }));
        const policy = { ...DEFAULT_FIELD_POLICY, "company.name": rule };
        const again = await client().upsertCompany({ name: "New Name", domain, knownId: ref.id, policy });
        expect(again.id).toBe(ref.id);
        expect(text(await getRecord("companies", ref.id), "name")).toBe(kept);
      });

      it("knownId: a lead that moved to another domain gets that domain's company; the old one is untouched", async () => {
        const oldDomain = uniqDomain("old");
        const newDomain = uniqDomain("new");
        domainsUsed.push(oldDomain, newDomain);
        const old = track("companies", await client().upsertCompany({ name: "Maison Lumière", domain: oldDomain }));
        const moved = track("companies", await client().upsertCompany({ name: "Globex Corporation", domain: newDomain, knownId: old.id }));
        expect(moved.id).not.toBe(old.id);
        const before = await getRecord("companies", old.id);
        expect(text(before, "name")).toBe("Maison Lumière");
        expect(domains(before)).toEqual([oldDomain]);
        expect(domains(await getRecord("companies", moved.id))).toEqual([newDomain]);
      });

      it("a domain but no company name still gives a company", async () => {
        const domain = uniqDomain("noname");
        domainsUsed.push(domain);
        const ref = track("companies", await client().upsertCompany({ name: null, domain }));
        expect(domains(await getRecord("companies", ref.id))).toEqual([domain]);
      });

      it("knownId: a company deleted in Attio (404) is found or created again", async () => {
        const domain = uniqDomain();
        domainsUsed.push(domain);
        const ref = await client().upsertCompany({ name: "Gone Co", domain });
        await deleteBehindClientsBack("companies", ref.id);
        const again = track("companies", await client().upsertCompany({ name: "Gone Co", domain, knownId: ref.id }));
        expect(again.id).not.toBe(ref.id);
        expect(domains(await getRecord("companies", again.id))).toEqual([domain]);
      });
    });

    // ----------------------------------------------------------------------------------------
  });
}
