import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startReadinessServer } from "../../temporal/infra/readiness-server";
import { cachedCheck } from "../../web/src/lib/health/checks";

// scripts/test.sh validates the file with `docker-compose config`; these checks cover what that
// cannot: the stack's shape (no Docker engine runs here, so nothing is started).
const root = path.resolve(import.meta.dirname, "../..");

interface Service {
  build?: unknown;
  image?: string;
  command?: string[];
  container_name?: string;
  ports?: string[];
  env_file?: string;
  environment?: Record<string, string>;
  healthcheck?: { test: unknown };
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
}
const compose = parse(fs.readFileSync(path.join(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const ONE_SHOT = ["temporal-schema", "temporal-namespace", "migrate"];

describe("docker-compose.yml", () => {
  it("runs PostgreSQL, the official Temporal server and UI, and the app's web and worker from the repo's Dockerfile", () => {
    expect(services.postgres.image).toMatch(/^postgres:/);
    expect(services.temporal.image).toMatch(/^temporalio\/server:/);
    expect(services["temporal-ui"].image).toMatch(/^temporalio\/ui:/);
    for (const name of ["web", "worker", "migrate"]) {
      expect(services[name].build, name).toBe(".");
      expect(services[name].image, name).toBe("leadsync:latest");
    }
    expect(fs.existsSync(path.join(root, "Dockerfile"))).toBe(true);
    expect(services.worker.command).toEqual(["node_modules/.bin/tsx", "temporal/worker.ts"]);
  });

  it("lets the worker scale: no fixed container name or host port", () => {
    expect(services.worker.container_name).toBeUndefined();
    expect(services.worker.ports).toBeUndefined();
    for (const [name, s] of Object.entries(services)) expect(s.container_name, name).toBeUndefined();
  });

  it("gives every long-running service a health check and starts each after what it needs", () => {
    for (const [name, s] of Object.entries(services)) {
      if (ONE_SHOT.includes(name)) expect(s.restart, name).toMatch(/^(no|on-failure)/);
      else expect(s.healthcheck?.test, name).toBeDefined();
    }
    expect(services.temporal.depends_on).toEqual({ "temporal-schema": { condition: "service_completed_successfully" } });
    for (const name of ["web", "worker"]) {
      expect(services[name].depends_on, name).toEqual({
        migrate: { condition: "service_completed_successfully" },
        "temporal-namespace": { condition: "service_completed_successfully" },
      });
    }
  });

  it("points web and worker at the stack's PostgreSQL and Temporal", () => {
    for (const name of ["web", "worker"]) {
      const s = services[name];
      expect(s.environment?.DATABASE_URL, name).toMatch(/^postgresql:\/\/.*@postgres:5432\//);
      expect(s.environment?.TEMPORAL_ADDRESS, name).toBe("temporal:7233");
    }
    expect(services.migrate.command).toContain("prisma/postgres/prisma.config.ts");
  });

  // Issue 22, finding 10: `env_file` handed every secret of .env to every container.
  it("hands each app container only the secrets it uses", () => {
    for (const name of ["web", "worker", "migrate"]) expect(services[name].env_file, name).toBeUndefined();
    const webOnly = ["LEADSYNC_PASSWORD", "LEADSYNC_SESSION_SECRET", "LEADSYNC_CODEC_TOKEN"];
    const workerOnly = ["LEADSYNC_ALERT_WEBHOOK_URL"];
    for (const v of webOnly) {
      expect(services.web.environment?.[v], v).toBeDefined();
      expect(services.worker.environment?.[v], `worker gets ${v}`).toBeUndefined();
      expect(services.migrate.environment?.[v], `migrate gets ${v}`).toBeUndefined();
    }
    for (const v of workerOnly) {
      expect(services.worker.environment?.[v], v).toBeDefined();
      expect(services.web.environment?.[v], `web gets ${v}`).toBeUndefined();
    }
    for (const name of ["web", "worker", "migrate"]) {
      expect(services[name].environment?.POSTGRES_PASSWORD, name).toBeUndefined();
      expect(
        Object.keys(services[name].environment ?? {}).some((k) => k.startsWith("TEMPORAL_DB") || k === "POSTGRES_PWD"),
        name,
      ).toBe(false);
    }
  });

  it("publishes the web app on 127.0.0.1 by default, for a TLS-terminating proxy in front of it", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose variables, not a template literal
    expect(services.web.ports).toEqual(["${LEADSYNC_WEB_BIND:-127.0.0.1}:${LEADSYNC_HOST_PORT:-3000}:3000"]);
  });

  it("runs the app as a user that does not own its code", () => {
    const dockerfile = fs.readFileSync(path.join(root, "Dockerfile"), "utf8");
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("FROM "));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/--chown=node/);
  });

  it("refuses to start without LEADSYNC_PASSWORD and LEADSYNC_SESSION_SECRET, which the web app gets", () => {
    for (const name of ["web"]) {
      expect(services[name].environment?.LEADSYNC_PASSWORD, name).toMatch(/^\$\{LEADSYNC_PASSWORD:\?/);
      expect(services[name].environment?.LEADSYNC_SESSION_SECRET, name).toMatch(/^\$\{LEADSYNC_SESSION_SECRET:\?/);
    }
    // What `docker compose up` does with .env.example as it is (both empty): stop with the message.
    const config = (env: Record<string, string>) =>
      spawnSync("docker-compose", ["--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q"], {
        cwd: root,
        env: {
          NODE_ENV: "test",
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          POSTGRES_PASSWORD: "pw",
          LEADSYNC_ENV_FILE: ".env.example",
          ...env,
        },
        encoding: "utf8",
      });
    const refused = config({});
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/LEADSYNC_PASSWORD|LEADSYNC_SESSION_SECRET/);
    expect(config({ LEADSYNC_PASSWORD: "a long password", LEADSYNC_SESSION_SECRET: "s".repeat(40) }).status).toBe(0);
  });

  it("publishes the Temporal UI on 127.0.0.1 only, unless TEMPORAL_UI_BIND says otherwise", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose variables, not a template literal
    expect(services["temporal-ui"].ports).toEqual(["${TEMPORAL_UI_BIND:-127.0.0.1}:${TEMPORAL_UI_HOST_PORT:-8233}:8080"]);
  });

  it("runs the Temporal UI release that ships with the server version, and the app on a supported Node.js", () => {
    // Temporal CLI 1.5.1 (the dev server) bundles server 1.29.1 with UI 2.42.1.
    const UI_FOR_SERVER: Record<string, string> = { "1.29.1": "2.42.1" };
    const server = services.temporal.image?.match(/:\$\{TEMPORAL_SERVER_VERSION:-([\d.]+)\}$/)?.[1];
    const ui = services["temporal-ui"].image?.match(/:\$\{TEMPORAL_UI_VERSION:-([\d.]+)\}$/)?.[1];
    expect(server).toBeDefined();
    expect(ui).toBe(UI_FOR_SERVER[server!]);
    const nodeMajors = [...fs.readFileSync(path.join(root, "Dockerfile"), "utf8").matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(nodeMajors.length).toBeGreaterThan(0);
    // Node 20 reached its end of life in April 2026; 22 is the oldest LTS line still maintained.
    for (const major of nodeMajors) expect(major).toBeGreaterThanOrEqual(22);
  });

  /** A service's healthcheck command (`["CMD", ...]`), its arguments only. */
  const healthcheckArgs = (name: string) => {
    const test = services[name].healthcheck?.test as string[];
    expect(test[0], name).toBe("CMD");
    return test.slice(1);
  };

  it("checks the web app's readiness endpoint, which needs no sign-in", () => {
    expect(healthcheckArgs("web").join(" ")).toContain("http://127.0.0.1:3000/api/health/ready");
  });

  it("checks the worker's readiness listener on the container's loopback, a port it never publishes", () => {
    const port = services.worker.environment?.LEADSYNC_WORKER_HEALTH_PORT;
    expect(port).toMatch(/^\d+$/);
    expect(healthcheckArgs("worker").join(" ")).toContain(`http://127.0.0.1:${port}/ready`);
    expect(services.worker.ports).toBeUndefined();
    expect(services.worker.expose).toBeUndefined();
  });

  it("runs a worker healthcheck command that passes on a ready listener and fails on one not ready", async () => {
    const [cmd, ...args] = healthcheckArgs("worker");
    let state = "RUNNING";
    const ok = cachedCheck(async () => ({ ok: true }), { cacheMs: 1, timeoutMs: 1_000 });
    const server = await startReadinessServer(0, { state: () => state, checks: { temporal: ok } });
    // The compose file's own command, pointed at this listener's port.
    const exitCode = () =>
      new Promise<number | null>((resolve) => {
        const port = services.worker.environment!.LEADSYNC_WORKER_HEALTH_PORT;
        const proc = spawn(
          cmd,
          args.map((a) => a.replace(`:${port}/`, `:${server.port}/`)),
          { stdio: "ignore" },
        );
        proc.on("exit", resolve);
      });
    try {
      expect(await exitCode()).toBe(0);
      state = "DRAINING";
      expect(await exitCode()).toBe(1);
    } finally {
      await server.close();
    }
  });
});
