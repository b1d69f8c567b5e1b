/**
 * `npm run attio:fake`: runs the fake Attio API in the foreground so a person can point the app at
 * it without an Attio account.
 *
 *   npm run attio:fake -- --port 4010 --latency 50
 *   FAKE_ATTIO_PORT=4010 npm run attio:fake
 *
 * Options: --port <n> (or FAKE_ATTIO_PORT; default 4010), --host <addr> (default 127.0.0.1),
 * --latency <ms>, --no-rate-limit, --auto-company (emulate company auto-creation from email domains),
 * --allow-http-targets (or FAKE_ATTIO_ALLOW_HTTP_TARGETS=1: webhooks may target http://127.0.0.1 /
 * localhost; real Attio accepts https only).
 */
import { FAKE_ATTIO_MEMBER_TOKEN, FAKE_ATTIO_SCOPELESS_TOKEN, startFakeAttio } from "./server";

function argValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

function toInt(label: string, raw: string | undefined, dflt: number): number {
  if (raw === undefined || raw === "") return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`fake-attio: invalid ${label} "${raw}"`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      "Usage: tsx fake-attio/main.ts [--port 4010] [--host 127.0.0.1] [--latency ms] [--no-rate-limit] [--auto-company] [--allow-http-targets]",
    );
    return;
  }
  const port = toInt("port", argValue(args, "--port") ?? process.env.FAKE_ATTIO_PORT, 4010);
  const latencyMs = toInt("latency", argValue(args, "--latency"), 0);
  const fake = await startFakeAttio({
    host: argValue(args, "--host") ?? "127.0.0.1",
    port,
    latencyMs,
    rateLimit: args.includes("--no-rate-limit") ? false : undefined,
    autoCreateCompanyFromEmail: args.includes("--auto-company"),
    allowHttpTargets: args.includes("--allow-http-targets") || process.env.FAKE_ATTIO_ALLOW_HTTP_TARGETS === "1",
  });

  console.log(`Fake Attio API listening: ${fake.baseUrl}`);
  console.log(`Token (full scopes):      ${fake.token}`);
  console.log(`Token (no scopes, 403s):  ${FAKE_ATTIO_SCOPELESS_TOKEN}`);
  console.log(`Token (acts as member):   ${FAKE_ATTIO_MEMBER_TOKEN}`);
  console.log(
    `Control endpoints:        ${fake.origin}/__fake/{stats,requests,reset,faults,latency,rate-limit,clock,webhooks,deliveries,echoes,actors}`,
  );
  console.log("");
  console.log("Put these two lines into .env:");
  console.log(`ATTIO_BASE_URL=${fake.baseUrl}`);
  console.log(`ATTIO_API_KEY=${fake.token}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, stopping fake Attio.`);
    fake.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err) => {
  console.error("fake-attio failed to start:", err);
  process.exit(1);
});
