import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useSyncHarness } from "../helpers/harness";
import { FAKE_ATTIO_FULL_SCOPES } from "../../fake-attio/server";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { postServerAction, serverActionId } from "../helpers/web";

const root = path.resolve(import.meta.dirname, "../..");
const nextDir = path.join(root, "web/.next");
// Distinctive, so a match can only be a leak. The fake Attio accepts exactly this key.
const RUNTIME_KEY = `attio_runtime_secret_${Date.now().toString(36)}_9f8e7d6c`;

function filesUnder(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(full, keep, out);
    else if (keep(full)) out.push(full);
  }
  return out;
}

const historyText = (h: unknown) => JSON.stringify(h, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("utf8") : v));

describe("the Attio API key stays on the server", () => {
  const h = useSyncHarness({
    fake: { tokens: { [RUNTIME_KEY]: { scopes: FAKE_ATTIO_FULL_SCOPES } } },
    attioApiKey: RUNTIME_KEY,
    worker: { kind: "process", taskQueuePrefix: "secrets" },
    web: true,
  });
  let leadId: number;

  beforeAll(async () => {
    leadId = (await createLeadWithEvidence(h.db.prisma, { name: "Radia Perlman", email: "radia@spanning.example" })).id;
  });

  const buildKey = process.env.LEADSYNC_BUILD_CANARY_KEY;
  it.skipIf(!buildKey)(
    "is in nothing the build serves to browsers, though the build saw it (scripts/test.sh builds with a canary key)",
    () => {
      // Static chunks and CSS, plus the pages prerendered at build time (HTML and RSC payloads).
      const served = [
        ...filesUnder(path.join(nextDir, "static"), () => true),
        ...filesUnder(path.join(nextDir, "server/app"), (f) => /\.(html|rsc|body|meta|json)$/.test(f)),
      ];
      expect(served.length).toBeGreaterThan(10);
      const leaking = served.filter((f) => fs.readFileSync(f).includes(buildKey!));
      expect(leaking).toEqual([]);
    },
  );

  it("is in no page, RSC payload, script or API answer at run time", async () => {
    const pages = ["/leads", `/leads/${leadId}`, "/leads/new", "/leads/import", "/login"];
    const bodies: string[] = [];
    for (const p of pages) {
      for (const headers of [{}, { rsc: "1" }] as Record<string, string>[]) {
        const res = await fetch(`${h.web.url}${p}`, { headers });
        expect(res.status, p).toBe(200);
        bodies.push(await res.text());
      }
    }
    bodies.push(await (await fetch(`${h.web.url}/api/leads/${leadId}/sync`)).text());
    // Every script the pages load.
    const scripts = new Set(bodies.flatMap((b) => [...b.matchAll(/\/_next\/static\/[^"'\s\\)]+\.js/g)].map((m) => m[0])));
    expect(scripts.size).toBeGreaterThan(3);
    for (const s of scripts) bodies.push(await (await fetch(`${h.web.url}${s}`)).text());
    expect(bodies.filter((b) => b.includes(RUNTIME_KEY))).toEqual([]);
  });

  it("is in no log line of the web app or the worker, nor in workflow history, after a sync that works and one Attio rejects", async () => {
    const id = serverActionId("syncLeadToAttio");
    const callSync = async () => (await postServerAction(h.web.url, `/leads/${leadId}`, id, [leadId])).text();
    expect(await callSync()).toContain('"success":true');
    const okRun = (await h.db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).attioLastRunId;

    // Attio answers 401 to everything: the failure travels through logs, the lead and history.
    h.fake.setFaults({ errorRate: 1, errorStatus: 401 });
    expect(await callSync()).toContain('"success":false');
    h.fake.setFaults({});
    const failed = await h.db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
    expect(failed.attioSyncStatus).toBe("failed");
    expect(failed.attioSyncError ?? "").not.toContain(RUNTIME_KEY);

    // The key really was used (every Attio request carried it), so its absence below means something.
    expect(h.fake.requests().length).toBeGreaterThan(3);
    for (const runId of [okRun!, failed.attioLastRunId!]) {
      const history = await h.client.workflow.getHandle(`lead-${leadId}`, runId).fetchHistory();
      expect(historyText(history)).not.toContain(RUNTIME_KEY);
    }
    expect(h.workerProcess.output()).toMatch(/polling task queue/);
    expect(h.workerProcess.output()).not.toContain(RUNTIME_KEY);
    expect(h.web.output()).not.toContain(RUNTIME_KEY);
  });
});
