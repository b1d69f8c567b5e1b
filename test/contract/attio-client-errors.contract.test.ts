// Attio client contract: errors (the shared target and its checks: attio-client-harness.ts).
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AttioError, createAttioClient } from "../../web/src/lib/attio/client";
import { attioRequest } from "../../web/src/lib/attio/http";
import { z } from "zod";
import { capturingFetch, targets, useClientContract, uniq, uniqDomain } from "./attio-client-harness";

for (const target of targets) {
  describe.skipIf(!target.enabled)(`Attio client contract against ${target.name} Attio: errors`, () => {
    const h = useClientContract(target);
    const { onFake, exchanges, client, track, rejection } = h;

    describe("error mapping", () => {
      it("a 400 carries Attio's type and code and is not retryable", async () => {
        // A create (not an assert) with an email another person holds: Attio's uniqueness_conflict.
        const email = `dup.${uniq("p")}@gmail.com`;
        track("people", await client().upsertPerson({ name: "Dup One", email }));
        const http = { apiKey: h.env.token, baseUrl: h.env.baseUrl, timeoutMs: 15_000, fetch: capturingFetch(exchanges) };
        const err = await rejection(
          attioRequest(http, {
            method: "POST",
            path: "/objects/people/records",
            body: { data: { values: { email_addresses: [email] } } },
            schema: z.object({ data: z.unknown() }),
          }),
        );
        expect(err).toMatchObject({ status: 400, type: "invalid_request_error", code: "uniqueness_conflict", retryable: false });
        expect((err as Error).message).toMatch(/^Attio 400 uniqueness_conflict: /);
      });

      it("a 404 is not_found and not retryable", async () => {
        const http = { apiKey: h.env.token, baseUrl: h.env.baseUrl, timeoutMs: 15_000, fetch: capturingFetch(exchanges) };
        const err = await rejection(
          attioRequest(http, {
            method: "GET",
            path: "/objects/people/records/00000000-0000-4000-8000-000000000000",
            schema: z.object({ data: z.unknown() }),
          }),
        );
        expect(err).toMatchObject({ status: 404, type: "invalid_request_error", code: "not_found", retryable: false });
        expect((err as Error).message).toMatch(/^Attio 404 not_found: /);
      });

      it.skipIf(!onFake)("a 429 is retryable and retryAfterMs follows the Retry-After date", async () => {
        h.env.fake!.setFaults({ burst429: 5 });
        const from = exchanges.length;
        const before = Date.now();
        const err = await rejection(client().upsertCompany({ name: "Rate Co", domain: uniqDomain() }));
        expect(err).toMatchObject({ status: 429, type: "rate_limit_error", code: "rate_limit_exceeded", retryable: true });
        const header = exchanges.slice(from).find((x) => x.status === 429)?.retryAfter;
        expect(header).toBeTruthy();
        expect(header).toMatch(/GMT$/);
        const expected = Math.max(100, Date.parse(header!) - before);
        const got = (err as AttioError).retryAfterMs!;
        expect(got).toBeGreaterThanOrEqual(100);
        expect(Math.abs(got - expected)).toBeLessThan(1_000);
      });

      it.skipIf(!onFake)("a 429 from the rate limiter (writes over budget) is retryable with retryAfterMs", async () => {
        h.env.fake!.setRateLimit({ writesPerSecond: 1, readsPerSecond: 100 });
        const c = client();
        const results = await Promise.allSettled(
          Array.from({ length: 4 }, () => c.upsertCompany({ name: "Budget Co", domain: uniqDomain() })),
        );
        const limited = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
        expect(limited.length).toBeGreaterThan(0);
        for (const e of limited) {
          expect(e).toMatchObject({ status: 429, retryable: true });
          expect(e.retryAfterMs).toBeGreaterThanOrEqual(100);
          expect(e.retryAfterMs).toBeLessThanOrEqual(2_100);
        }
      });

      it.skipIf(!onFake)("a 5xx with a non-JSON body is retryable", async () => {
        h.env.fake!.setFaults({ errorRate: 1, errorStatus: 503 });
        const from = exchanges.length;
        const err = await rejection(client().upsertCompany({ name: "Down Co", domain: uniqDomain() }));
        expect(err).toBeInstanceOf(AttioError);
        expect(err).toMatchObject({ status: 503, retryable: true });
        expect((err as Error).message).toMatch(/^Attio 503/);
        const x = exchanges.slice(from).find((e) => e.status === 503);
        expect(x?.responseBody).toBeUndefined(); // the fake really answered with a non-JSON body
      });

      it.skipIf(!onFake)("a timeout is retryable with code timeout and no status", async () => {
        h.env.fake!.setFaults({ timeoutRate: 1, timeoutMs: 3_000 });
        const started = Date.now();
        const err = await rejection(client({ timeoutMs: 250 }).upsertCompany({ name: "Slow Co", domain: uniqDomain() }));
        expect(err).toMatchObject({ name: "AttioError", status: null, code: "timeout", retryable: true });
        expect(Date.now() - started).toBeLessThan(2_500);
      });

      it("a network error is retryable with code network_error and no status", async () => {
        const err = await rejection(createAttioClient({ apiKey: h.env.token, baseUrl: "http://127.0.0.1:9/v2", timeoutMs: 5_000 }).self());
        expect(err).toMatchObject({ name: "AttioError", status: null, code: "network_error", retryable: true });
      });

      it("a response of the wrong shape is a non-retryable invalid_response", async () => {
        const bodies: [number, string][] = [
          [200, JSON.stringify({ data: { id: {}, web_url: "https://app.attio.com/x", values: {} } })],
          [200, JSON.stringify({ data: [{ id: { record_id: 42 }, values: {} }] })],
          [200, JSON.stringify({ records: [] })],
          [200, "<html>ok</html>"],
        ];
        for (const [status, body] of bodies) {
          const malformed: typeof fetch = async () => new Response(body, { status, headers: { "Content-Type": "application/json" } });
          const c = createAttioClient({ apiKey: h.env.token, baseUrl: h.env.baseUrl, fetch: malformed });
          const err = await rejection(c.upsertCompany({ name: "Shape Co", domain: "shape.example.com" }));
          expect(err).toMatchObject({ name: "AttioError", code: "invalid_response", retryable: false });
        }
        const notes: typeof fetch = async () => new Response(JSON.stringify({ data: [{ id: { note_id: "n" } }] }), { status: 200 });
        const c = createAttioClient({ apiKey: h.env.token, baseUrl: h.env.baseUrl, fetch: notes });
        await expect(c.findNoteByMarker("00000000-0000-4000-8000-000000000000", "m")).rejects.toMatchObject({
          code: "invalid_response",
        });
      });

      it("the token never appears in errors: message, stack, cause or JSON", async () => {
        const token = h.env.token;
        const echo =
          (status: number, body: string): typeof fetch =>
          async () =>
            new Response(body, { status });
        // Thunks, started one at a time: each failure is awaited where it happens.
        const failing: (() => Promise<unknown>)[] = [
          // Upstream bodies that echo the credential, JSON and not.
          () =>
            createAttioClient({
              apiKey: token,
              baseUrl: h.env.baseUrl,
              fetch: echo(500, `upstream saw Authorization: Bearer ${token}`),
            }).self(),
          () =>
            createAttioClient({
              apiKey: token,
              baseUrl: h.env.baseUrl,
              fetch: echo(400, JSON.stringify({ status_code: 400, type: "invalid_request_error", code: "x", message: `bad ${token}` })),
            }).self(),
          // A fetch that throws with the token in its message.
          () =>
            createAttioClient({
              apiKey: token,
              baseUrl: h.env.baseUrl,
              fetch: async () => {
                throw new TypeError(`fetch failed for ${token}`);
              },
            }).self(),
          () => createAttioClient({ apiKey: token, baseUrl: "http://127.0.0.1:9/v2" }).self(),
          // A rejected token (401).
          () => client({ apiKey: `${token}-wrong` }).upsertCompany({ name: "x" }),
        ];
        if (onFake) {
          failing.push(async () => {
            h.env.fake!.setFaults({ timeoutRate: 1, timeoutMs: 2_000 });
            try {
              return await client({ timeoutMs: 100 }).self();
            } finally {
              h.env.fake!.setFaults({});
            }
          });
        }
        for (const call of failing) {
          const err = await rejection(call());
          expect(err).toBeInstanceOf(AttioError);
          const e = err as AttioError;
          const surfaces = [
            e.message,
            e.stack ?? "",
            JSON.stringify(e),
            String(e.cause ?? ""),
            (e.cause as Error | undefined)?.stack ?? "",
            inspect(e, { depth: 10 }),
          ];
          for (const s of surfaces) expect(s).not.toContain(token);
        }
      });
    });
  });
}
