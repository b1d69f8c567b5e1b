import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FAKE_ATTIO_DEFAULT_TOKEN, type FakeStats, type FaultConfig, type LoggedRequest } from "./types";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface FakeAttioProcess {
  baseUrl: string;
  token: string;
  stats(): Promise<FakeStats>;
  requests(): Promise<LoggedRequest[]>;
  setFaults(faults: FaultConfig): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `npm run attio:fake` in a child process (Attio's real limits), driven through its control
 * endpoints. Rate-limit measurements use this: in the test's own process, the worker's
 * synchronous work would stall the fake's clock and bunch requests it admitted a second apart.
 */
export async function startFakeAttioProcess(opts: { allowHttpTargets?: boolean } = {}): Promise<FakeAttioProcess> {
  // Port 0: the OS picks a free port, and the first line the fake prints names it.
  const args = ["fake-attio/main.ts", "--port", "0", ...(opts.allowHttpTargets ? ["--allow-http-targets"] : [])];
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), args, {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("fake Attio did not start within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`fake Attio exited with code ${code} before listening`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening: (http:\/\/[^/\s]+)\/v2/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.resume();
        resolve(m[1]);
      }
    });
  });
  const call = async <T>(p: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${origin}${p}`, init);
    if (!res.ok) throw new Error(`fake Attio ${p}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    baseUrl: `${origin}/v2`,
    token: FAKE_ATTIO_DEFAULT_TOKEN,
    stats: () => call<FakeStats>("/__fake/stats"),
    requests: () => call<LoggedRequest[]>("/__fake/requests"),
    async setFaults(faults) {
      await call("/__fake/faults", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
