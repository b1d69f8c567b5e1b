// DNS rebinding (issue 22, finding 1): with sign-in off, a page on another site that resolves its
// own name to 127.0.0.1 controls both Host and Origin. The open app must answer only on loopback
// names and on LEADSYNC_PUBLIC_URL's host.
import { describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { uniqueTaskQueue } from "../helpers/temporal";
import { requestWithHost as request } from "../helpers/web";

const EMAIL = "radia@spanning.example";
const REBIND = "rebind.attacker.test:3300";

describe("the open app under a foreign Host (DNS rebinding)", () => {
  const h = useSyncHarness({
    seed: async (prisma) => {
      await prisma.lead.create({ data: { name: "Radia Perlman", email: EMAIL } });
    },
    fake: false,
    web: { attio: false, env: { TEMPORAL_TASK_QUEUE: uniqueTaskQueue("host-check"), LEADSYNC_PUBLIC_URL: "https://leads.example.com" } },
  });

  it("refuses the leads page under a foreign name and shows no lead's email", async () => {
    const res = await request(h.web.url, "/leads", REBIND, { headers: { origin: `http://${REBIND}` } });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain(EMAIL);
    expect(res.body).toMatch(/localhost/);
  });

  it("refuses a server action posted under a foreign name", async () => {
    const res = await request(h.web.url, "/leads", REBIND, {
      method: "POST",
      headers: { origin: `http://${REBIND}`, "next-action": "0".repeat(40), "content-type": "text/plain;charset=UTF-8" },
      body: "[]",
    });
    expect(res.status).toBe(421);
  });

  it.each(["/api/codec/decode", "/api/leads/1/sync", "/api/attio/webhooks"])("refuses %s under a foreign name", async (path) => {
    const res = await request(h.web.url, path, REBIND, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(421);
  });

  it.each(["127.0.0.1", "localhost", "leads.example.com"])("serves the leads page under %s", async (name) => {
    const port = new URL(h.web.url).port;
    const res = await request(h.web.url, "/leads", name === "leads.example.com" ? name : `${name}:${port}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain(EMAIL);
  });
});
