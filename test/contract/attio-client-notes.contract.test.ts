import { describe, expect, it } from "vitest";
import { AttioError } from "../../web/src/lib/attio/client";
import { targets, useClientContract, uniq } from "./attio-client-harness";

for (const target of targets) {
  describe.skipIf(!target.enabled)(`Attio client contract against ${target.name} Attio: notes`, () => {
    const h = useClientContract(target);
    const { onFake, exchanges, client, track, query, notesOf, rejection } = h;

    describe("notes", () => {
      async function newPerson(): Promise<string> {
        return track("people", await client().upsertPerson({ name: "Note Taker", email: `notes.${uniq("p")}@gmail.com` })).id;
      }

      it("creates a markdown note titled 'Sync snapshot' on the person", async () => {
        const personId = await newPerson();
        const md = "# Lead\n- **Email:** ada@example.com";
        const note = await client().addNoteToPerson(personId, md);
        const notes = await notesOf(personId);
        expect(notes.map((n) => n.id.note_id)).toEqual([note.id]);
        expect(notes[0]).toMatchObject({ parent_object: "people", parent_record_id: personId, title: "Sync snapshot" });
        expect(notes[0].content_markdown).toContain("**Email:**");
      });

      it("a repeated call with the same marker returns the same note and creates no second one", async () => {
        const personId = await newPerson();
        const marker = `leadsync-sync:${uniq("m")}`;
        const first = await client().addNoteToPerson(personId, "# Snapshot", { marker, title: "Sync snapshot" });
        const second = await client().addNoteToPerson(personId, "# Snapshot", { marker, title: "Sync snapshot" });
        expect(second.id).toBe(first.id);
        expect(await notesOf(personId)).toHaveLength(1);
        if (onFake) {
          expect(h.env.fake!.listNotes().filter((n: any) => JSON.stringify(n).includes(marker))).toHaveLength(1);
        }
      });

      it("findNoteByMarker pages through more than 50 notes", async () => {
        const personId = await newPerson();
        const marker = `leadsync-sync:${uniq("m")}`;
        const target = await client().addNoteToPerson(personId, "first", { marker });
        for (let i = 0; i < 55; i++) {
          await client().addNoteToPerson(personId, `filler ${i}`);
          if (!onFake) await new Promise((r) => setTimeout(r, 60)); // stay under 25 writes/s
        }
        const from = exchanges.length;
        expect(await client().findNoteByMarker(personId, marker)).toEqual({ id: target.id });
        expect(await client().findNoteByMarker(personId, `${marker}-absent`)).toBeNull();
        const lists = exchanges.slice(from).filter((x) => x.method === "GET" && x.path.endsWith("/notes"));
        expect(lists.length).toBeGreaterThanOrEqual(3); // at least one page for the hit, two for the miss
      });

      it.skipIf(!onFake)("a write Attio applied but answered with a 5xx is safe to repeat (email assert, note marker)", async () => {
        const email = `retry.${uniq("p")}@gmail.com`;
        h.env.fake!.setFaults({ failAfterProcessingRate: 1, appliesTo: "writes" });
        const personErr = await rejection(client().upsertPerson({ name: "Retry Person", email }));
        expect(personErr).toBeInstanceOf(AttioError);
        expect((personErr as AttioError).retryable).toBe(true);
        h.env.fake!.setFaults({});
        const person = track("people", await client().upsertPerson({ name: "Retry Person", email }));
        expect((await query("people", { email_addresses: email })).map((p) => p.id.record_id)).toEqual([person.id]);

        const marker = `leadsync-sync:${uniq("m")}`;
        h.env.fake!.setFaults({ failAfterProcessingRate: 1, appliesTo: "writes" });
        await expect(client().addNoteToPerson(person.id, "# Snapshot", { marker })).rejects.toMatchObject({ retryable: true });
        h.env.fake!.setFaults({});
        await client().addNoteToPerson(person.id, "# Snapshot", { marker });
        expect(await notesOf(person.id)).toHaveLength(1);
      });
    });

    // ----------------------------------------------------------------------------------------
  });
}
