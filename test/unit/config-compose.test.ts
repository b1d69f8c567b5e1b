import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

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

  it("shares one .env between web and worker, pointing both at the stack's PostgreSQL and Temporal", () => {
    for (const name of ["web", "worker"]) {
      const s = services[name];
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Compose variable, not a template literal
      expect(s.env_file, name).toBe("${LEADSYNC_ENV_FILE:-.env}");
      expect(s.environment?.DATABASE_URL, name).toMatch(/^postgresql:\/\/.*@postgres:5432\//);
      expect(s.environment?.TEMPORAL_ADDRESS, name).toBe("temporal:7233");
    }
    expect(services.migrate.command).toContain("prisma/postgres/prisma.config.ts");
  });
});
