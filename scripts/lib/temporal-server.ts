/**
 * The production Temporal server (v1.29.1, the compose file's version) on PostgreSQL, without
 * Docker: built once by scripts/ensure-temporal-server.sh, its schema set up with its own
 * temporal-sql-tool and the schema files of the module source, its configuration written from
 * temporal-server.template.yaml at run time, and the `default` namespace registered through the
 * Temporal CLI. Used by the production-topology test (test/topology/).
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Connection } from "@temporalio/client";
import { freePortInRange } from "./ports";
import { temporalCliPath } from "./temporal-dev-server";

const here = path.dirname(fileURLToPath(import.meta.url));
const execFileAsync = promisify(execFile);

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12 of the server's module source. */
  schemaDir: string;
}

/** Builds (once, cached) or finds the server, its SQL tool and its PostgreSQL schema files. */
export function temporalServerBinaries(): TemporalServerBinaries {
  const [server, sqlTool, schemaDir] = execFileSync("bash", [path.join(here, "..", "ensure-temporal-server.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n");
  return { server, sqlTool, schemaDir };
}

export interface TemporalServer {
  address: string;
  namespace: string;
  /** The server's own log (stdout and stderr) so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface TemporalServerOptions {
  /** A PostgreSQL server URL whose role may create databases. */
  postgresUrl: string;
  /** Names of the two databases this server creates and owns: `<prefix>_temporal` and `<prefix>_visibility`. */
  databasePrefix: string;
  readyTimeoutMs?: number;
}

/**
 * Creates the server's two databases with their schema, starts the server on free ports and
 * registers the `default` namespace. stop() stops it and drops both databases.
 */
export async function startTemporalServer(opts: TemporalServerOptions): Promise<TemporalServer> {
  const bins = temporalServerBinaries();
  const pg = new URL(opts.postgresUrl);
  const database = `${opts.databasePrefix}_temporal`;
  const visibilityDatabase = `${opts.databasePrefix}_visibility`;
  const sqlArgs = (db: string) => [
    "--plugin",
    "postgres12",
    "--endpoint",
    pg.hostname,
    "--port",
    pg.port || "5432",
    "--user",
    decodeURIComponent(pg.username),
    "--database",
    db,
  ];
  // The password through the environment, never on a command line other processes can read.
  const sqlEnv = { ...process.env, SQL_PASSWORD: decodeURIComponent(pg.password) };
  const sql = (db: string, ...args: string[]) => execFileAsync(bins.sqlTool, [...sqlArgs(db), ...args], { env: sqlEnv });
  const dropDatabases = async () => {
    for (const db of [database, visibilityDatabase]) await sql(db, "drop-database", "--force").catch(() => undefined);
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-temporal-server-"));
  let child: ChildProcess | null = null;
  let log = "";
  try {
    for (const [db, schema] of [
      [database, "temporal"],
      [visibilityDatabase, "visibility"],
    ] as const) {
      await sql(db, "create-database");
      await sql(db, "setup-schema", "--version", "0.0");
      await sql(db, "update-schema", "--schema-dir", path.join(bins.schemaDir, schema, "versioned"));
    }

    const ports: Record<string, number> = {};
    for (const name of [
      "FRONTEND",
      "FRONTEND_MEMBERSHIP",
      "FRONTEND_HTTP",
      "HISTORY",
      "HISTORY_MEMBERSHIP",
      "MATCHING",
      "MATCHING_MEMBERSHIP",
      "WORKER",
      "WORKER_MEMBERSHIP",
    ]) {
      // Below 32768: the server stores membership ports in a smallint column.
      ports[`${name}_PORT`] = await freePortInRange(20_000, 32_000);
    }
    const dynamicConfig = path.join(dir, "dynamicconfig.yaml");
    // No outbound version check: these machines (and many CI runners) are offline.
    fs.writeFileSync(dynamicConfig, "frontend.enableServerVersionCheck:\n  - value: false\n");
    const values: Record<string, string | number> = {
      ...ports,
      DATABASE: database,
      VISIBILITY_DATABASE: visibilityDatabase,
      PG_HOST: pg.hostname,
      PG_PORT: pg.port || "5432",
      PG_USER: decodeURIComponent(pg.username),
      PG_PASSWORD: decodeURIComponent(pg.password),
      DYNAMIC_CONFIG: dynamicConfig,
    };
    const template = fs.readFileSync(path.join(here, "temporal-server.template.yaml"), "utf8");
    const config = template.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
      if (!(key in values)) throw new Error(`temporal-server.template.yaml: no value for {{${key}}}`);
      return String(values[key]);
    });
    fs.mkdirSync(path.join(dir, "config"));
    fs.writeFileSync(path.join(dir, "config", "production.yaml"), config, { mode: 0o600 });

    child = spawn(bins.server, ["--root", dir, "--config", "config", "--env", "production", "--allow-no-auth", "start"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (b) => (log += b));
    child.stderr!.on("data", (b) => (log += b));
    let exitCode: number | null = null;
    child.once("exit", (code) => (exitCode = code ?? -1));

    const address = `127.0.0.1:${ports.FRONTEND_PORT}`;
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
    const waitFor = async (what: string, probe: () => Promise<unknown>) => {
      for (;;) {
        if (exitCode !== null) throw new Error(`the Temporal server exited with code ${exitCode}:\n${log.slice(-4000)}`);
        try {
          return await probe();
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`Temporal server on ${address}: ${what}: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };
    const connection = await waitFor("not answering", async () => {
      const conn = await Connection.connect({ address, connectTimeout: 1_000 });
      await conn.workflowService.getSystemInfo({});
      return conn;
    });
    try {
      const cli = temporalCliPath();
      await waitFor("could not register the default namespace", () =>
        execFileAsync(cli, ["operator", "namespace", "create", "--namespace", "default", "--retention", "72h", "--address", address]).catch(
          (err: { stderr?: string }) => {
            if (!/already exists|AlreadyExists/i.test(String(err.stderr))) throw err;
          },
        ),
      );
      // The namespace registry refreshes periodically: wait until the namespace serves requests.
      await waitFor("the default namespace is not served", () =>
        (connection as Connection).workflowService.listWorkflowExecutions({ namespace: "default", pageSize: 1 }),
      );
    } finally {
      await (connection as Connection).close();
    }

    const proc = child;
    return {
      address,
      namespace: "default",
      output: () => log,
      async stop() {
        if (exitCode === null) {
          const exited = new Promise((r) => proc.once("exit", r));
          proc.kill("SIGTERM");
          const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
          await exited;
          clearTimeout(timer);
        }
        await dropDatabases();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    child?.kill("SIGKILL");
    await dropDatabases();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
