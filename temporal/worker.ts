// The leadsync worker process: runs syncLeadWorkflow, resyncLeadsWorkflow and their activities.
// Usage: `npm run worker` (reads .env; the variables are listed in README and .env.example).
import { NativeConnection } from "@temporalio/worker";
import { createPrismaClient } from "../web/src/lib/db";
import { Client, Connection } from "@temporalio/client";
import { createLeadsyncWorker } from "./create-worker";
import { startInboundDrain } from "./inbound-drain";
import { dataConverterFor } from "../web/src/lib/temporal/codec";
import { loadDotEnv, workerConfigFromEnv } from "./env";
import { MISSING_ATTIO_KEY_MESSAGE } from "../web/src/lib/config";
import { startTracing } from "../web/src/lib/tracing";

async function main() {
  loadDotEnv();
  const config = workerConfigFromEnv();
  const { temporal } = config;
  // The spec wants this surfaced in the UI, so the worker still starts: each sync fails with this message.
  if (!config.attio.apiKey) console.warn(`leadsync worker: ${MISSING_ATTIO_KEY_MESSAGE}`);
  // Off (nothing installed) unless OTEL_EXPORTER_OTLP_ENDPOINT is set; createLeadsyncWorker picks it up.
  const tracing = startTracing(config.traces, { serviceName: "leadsync-worker" });
  const prisma = createPrismaClient();
  const connection = await NativeConnection.connect({ address: temporal.address });
  const worker = await createLeadsyncWorker({ connection, prisma, config });
  // Inbound Attio events the web app stored but could not signal (Temporal was down) go out from here.
  const client = new Client({
    connection: await Connection.connect({ address: temporal.address }),
    namespace: temporal.namespace,
    dataConverter: (await dataConverterFor(config.payloadKeys)) ?? undefined,
  });
  const drain = startInboundDrain({
    prisma,
    client,
    taskQueue: temporal.taskQueue,
    onError: (err) => console.warn("leadsync worker: inbox drain:", err instanceof Error ? err.message : err),
  });
  console.log(`leadsync worker: polling task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace})`);
  // Worker.run() resolves after SIGINT/SIGTERM once in-flight tasks are drained.
  await worker.run();
  await drain.stop();
  await client.connection.close();
  await connection.close();
  await prisma.$disconnect();
  await tracing?.shutdown();
}

main().catch((err) => {
  console.error("leadsync worker failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
