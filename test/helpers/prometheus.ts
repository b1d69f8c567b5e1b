/**
 * A real Prometheus (Debian's binary, installed by scripts/test.sh's ensure_prometheus) for a test:
 * its own config scraping the given targets every second, its own TSDB in a temp dir, a free
 * port; never the Debian service.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { freePort } from "../../scripts/lib/ports";

export interface PrometheusSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface TestPrometheus {
  url: string;
  /** An instant query's result vector (`/api/v1/query`). */
  query(expr: string): Promise<PrometheusSample[]>;
  /** Every metric name Prometheus holds (`/api/v1/label/__name__/values`). */
  metricNames(): Promise<string[]>;
  /** The loaded rule groups (`/api/v1/rules`). */
  rules(): Promise<{ name: string; health: string; lastError?: string }[]>;
  output(): string;
  stop(): Promise<void>;
}

export async function startPrometheus(opts: { jobs: Record<string, string[]>; ruleFiles?: string[] }): Promise<TestPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-prometheus-"));
  const config = {
    global: { scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" },
    rule_files: opts.ruleFiles ?? [],
    scrape_configs: Object.entries(opts.jobs).map(([job_name, targets]) => ({ job_name, static_configs: [{ targets }] })),
  };
  fs.writeFileSync(path.join(dir, "prometheus.yml"), stringify(config));
  const port = await freePort();
  const bin = process.env.PROMETHEUS_PATH || "prometheus";
  let output = "";
  const proc: ChildProcess = spawn(
    bin,
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  proc.stdout!.on("data", (b) => (output += b));
  proc.stderr!.on("data", (b) => (output += b));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;

  const api = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${url}${p}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`Prometheus ${p}: ${body.error ?? res.status}`);
    return body.data;
  };
  const stop = async () => {
    if (!gone) {
      try {
        process.kill(-proc.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (!gone) process.kill(-proc.pid!, "SIGKILL");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (gone) throw new Error(`prometheus exited at start:\n${output}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    query: async (expr) => (await api<{ result: PrometheusSample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    metricNames: () => api<string[]>("/api/v1/label/__name__/values"),
    rules: async () =>
      (await api<{ groups: { rules: { name: string; health: string; lastError?: string }[] }[] }>("/api/v1/rules")).groups.flatMap(
        (g) => g.rules,
      ),
    output: () => output,
    stop,
  };
}
