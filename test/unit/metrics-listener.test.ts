import http from "node:http";
import { Counter, Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MetricsListener, startMetricsListener } from "../../web/src/lib/metrics/listener";

/** A GET with the Host header given (fetch does not let a caller set it). */
function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: host ? { host } : {} }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

describe("the metrics listener", () => {
  let listener: MetricsListener;
  beforeAll(async () => {
    const registry = new Registry();
    new Counter({ name: "leadsync_test_total", help: "a test counter", registers: [registry] }).inc(3);
    listener = await startMetricsListener(registry, "127.0.0.1", 0);
  });
  afterAll(() => listener.close());

  it("serves the registry in Prometheus' text format at /metrics", async () => {
    const res = await get(listener.url);
    expect(res.status).toBe(200);
    expect(res.body).toContain("leadsync_test_total 3");
  });

  it("serves nothing else", async () => {
    expect((await get(listener.url.replace("/metrics", "/"))).status).toBe(404);
    expect((await get(listener.url.replace("/metrics", "/api/metrics"))).status).toBe(404);
  });

  it("refuses a Host that is not loopback while bound to loopback (DNS rebinding)", async () => {
    const port = new URL(listener.url).port;
    expect((await get(listener.url, `evil.example:${port}`)).status).toBe(421);
    expect((await get(listener.url, `localhost:${port}`)).status).toBe(200);
  });
});
