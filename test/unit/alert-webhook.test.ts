import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { postAlert } from "../../temporal/activities/alerts";
import { assertWorkerConfig, type ConfigError } from "../../web/src/lib/config";

// The alert webhook's URL is itself a secret (a Slack incoming webhook): it travels only over
// https (http only on this machine) and never to wherever a redirect points.
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function configProblems(env: Record<string, string>): string[] {
  try {
    assertWorkerConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).message
      .split("\n")
      .slice(1)
      .map((l) => l.replace(/^\s*- /, ""));
  }
}

describe("the alert webhook", () => {
  it.each(["http://hooks.slack.example/services/T0/B0/secret", "ftp://hooks.example/x"])("refuses %s in the configuration", (url) => {
    expect(configProblems({ LEADSYNC_ALERT_WEBHOOK_URL: url })).toEqual([
      expect.stringMatching(/^LEADSYNC_ALERT_WEBHOOK_URL must be an https URL/),
    ]);
  });

  it.each(["https://hooks.slack.example/services/T0/B0/secret", "http://127.0.0.1:9000/hook", "http://localhost/hook"])(
    "accepts %s",
    (url) => {
      expect(configProblems({ LEADSYNC_ALERT_WEBHOOK_URL: url })).toEqual([]);
    },
  );

  it("does not follow a redirect: the alert fails and the redirect's target receives nothing", async () => {
    let reached = 0;
    const target = await serve((_req, res) => {
      reached++;
      res.end("ok");
    });
    const hook = await serve((_req, res) => {
      res.writeHead(307, { location: `${target}/stolen` });
      res.end();
    });
    await expect(postAlert(hook, { text: "sync failed" })).rejects.toThrow(/redirect/i);
    expect(reached).toBe(0);
  });

  it("never names its URL in a failure", async () => {
    const hook = await serve((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const err = await postAlert(`${hook}/services/T0/B0/very-secret`, { text: "x" }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/500/);
    expect((err as Error).message).not.toContain("very-secret");
  });
});
