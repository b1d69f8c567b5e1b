// `npm run dev`: the Temporal dev server (persistent, with its Web UI), the worker and Next.js in
// one terminal with prefixed logs. Ctrl-C stops all of them; each child runs in its own process
// group, so grandchildren (next's server, tsx's node) go too and nothing is left behind.
// `npm run dev -- --fake-attio` also starts the local fake Attio and points the app at it.
// Everything listens on 127.0.0.1 only; `npm run dev -- --listen-all` serves the app and the
// Temporal UI on every interface (scripts/lib/dev-listen.ts).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { loadDotEnv } from "../temporal/env";
import { temporalCliPath } from "./lib/temporal-dev-server";
import { waitForPort } from "./lib/ports";
import { devListen, LISTEN_ALL_FLAG } from "./lib/dev-listen";
import { loadConfig } from "../web/src/lib/config";

loadDotEnv();
const root = path.resolve(import.meta.dirname, "..");
const useFake = process.argv.includes("--fake-attio");
let listen: ReturnType<typeof devListen>;
try {
  listen = devListen(process.argv, { signInOn: loadConfig().signIn !== null });
} catch (err) {
  console.error(`leadsync dev: ${(err as Error).message}`);
  process.exit(1);
}
if (listen.host !== "127.0.0.1") console.warn("leadsync dev: the Temporal UI on every interface has no sign-in of its own.");
const temporalPort = Number(process.env.TEMPORAL_PORT || 7233);
const uiPort = Number(process.env.TEMPORAL_UI_PORT || 8233);
const webPort = Number(process.env.PORT || 3000);
const fakePort = Number(process.env.FAKE_ATTIO_PORT || 4010);
fs.mkdirSync(path.join(root, ".data"), { recursive: true });

const colors = { temporal: 35, worker: 36, web: 32, attio: 33, dev: 37 } as const;
type Name = keyof typeof colors;
const log = (name: Name, line: string) => process.stdout.write(`\x1b[${colors[name]}m${name.padEnd(8)}|\x1b[0m ${line}\n`);

const children: { name: Name; proc: ChildProcess }[] = [];
let stopping = false;

function run(name: Name, cmd: string, args: string[], env: Record<string, string | undefined> = {}) {
  const proc = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const pipe = (buf: Buffer) =>
    buf
      .toString()
      .split("\n")
      .filter((l) => l.trim())
      .forEach((l) => {
        log(name, l);
      });
  proc.stdout!.on("data", pipe);
  proc.stderr!.on("data", pipe);
  proc.on("exit", (code, signal) => {
    log(name, `exited (${signal ?? code})`);
    if (!stopping) void stop(code ?? 1);
  });
  children.push({ name, proc });
  return proc;
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  log("dev", "stopping…");
  const alive = children.filter((c) => c.proc.exitCode === null && c.proc.signalCode === null);
  // Worker and web first, so the worker drains before its server goes away.
  for (const c of [...alive].reverse()) signalGroup(c.proc, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (alive.some((c) => c.proc.exitCode === null && c.proc.signalCode === null) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const c of alive) signalGroup(c.proc, "SIGKILL");
  process.exit(code);
}

function signalGroup(proc: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (proc.pid) process.kill(-proc.pid, signal);
  } catch {
    /* already gone */
  }
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

async function main() {
  const env: Record<string, string | undefined> = {
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_UI_URL: `http://localhost:${uiPort}`,
    // The children's output is piped through the prefixes above, not a terminal: ask for readable lines.
    ...(loadConfig().log.format ? {} : { LEADSYNC_LOG_FORMAT: "pretty" }),
  };
  if (useFake) {
    run("attio", "npx", ["tsx", "fake-attio/main.ts", "--port", String(fakePort)]);
    await waitForPort(fakePort);
    env.ATTIO_BASE_URL = `http://127.0.0.1:${fakePort}/v2`;
    env.ATTIO_API_KEY = "fake-attio-token";
  }
  run(
    "temporal",
    temporalCliPath(),
    [
      "server",
      "start-dev",
      ...listen.temporalArgs,
      "--port",
      String(temporalPort),
      "--ui-port",
      String(uiPort),
      "--db-filename",
      path.join(root, ".data", "temporal.db"),
      "--dynamic-config-value",
      "frontend.enableServerVersionCheck=false",
      // With encrypted payloads, the UI decodes them through the app's codec endpoint (signed-in users).
      ...(process.env.LEADSYNC_PAYLOAD_KEY ? ["--ui-codec-endpoint", `http://localhost:${webPort}/api/codec`] : []),
    ],
    { TEMPORAL_VERSION_CHECK_DISABLED: "1" },
  );
  await waitForPort(temporalPort);
  run("worker", "npx", ["tsx", "temporal/worker.ts"], env);
  run("web", "npx", listen.nextArgs(webPort), { ...env, NEXT_TELEMETRY_DISABLED: "1" });
  await waitForPort(webPort, "127.0.0.1", 120_000).catch(() => undefined);
  log("dev", `web app:     http://localhost:${webPort}/leads`);
  log("dev", `Temporal UI: http://localhost:${uiPort}`);
  if (useFake) log("dev", `fake Attio:  http://127.0.0.1:${fakePort}/v2 (token fake-attio-token)`);
  log(
    "dev",
    `listening on ${listen.host}${listen.host === "127.0.0.1" ? ` (this machine only; ${LISTEN_ALL_FLAG} to serve the network)` : " (every interface)"}`,
  );
  log("dev", "Ctrl-C stops everything.");
}

main().catch((err) => {
  log("dev", `failed: ${err instanceof Error ? err.message : String(err)}`);
  void stop(1);
});
