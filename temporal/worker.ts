// The leadsync worker process: runs syncLeadWorkflow, resyncLeadsWorkflow and their activities.
// Usage: `npm run worker` (reads .env; the variables are listed in README and .env.example).
import { NativeConnection, Runtime } from "@temporalio/worker";
import { createPrismaClient } from "../web/src/lib/db";
import { Client, Connection } from "@temporalio/client";
import { createLeadsyncWorker } from "./create-worker";
import { startInboundDrain } from "./inbound-drain";
import { dataConverterFor } from "../web/src/lib/temporal/codec";
import { loadDotEnv, workerConfigFromEnv } from "./env";
import { MISSING_ATTIO_KEY_MESSAGE } from "../web/src/lib/config";
import { startMetricsListener } from "../web/src/lib/metrics/listener";
import { createWorkerMetrics, temporalMetricsTelemetry } from "./worker-metrics";

async function main() {
  loadDotEnv();
  const config = workerConfigFromEnv();
  const { temporal } = config;
  // The spec wants this surfaced in the UI, so the worker still starts: each sync fails with this message.
  if (!config.attio.apiKey) console.warn(`leadsync worker: ${MISSING_ATTIO_KEY_MESSAGE}`);
  const prisma = createPrismaClient();
  // Metrics (docs/operations.md): the SDK's exporter needs the runtime installed before any connection.
  const telemetryOptions = temporalMetricsTelemetry(config.metrics);
  if (telemetryOptions) Runtime.install({ telemetryOptions });
  const metrics = config.metrics.workerPort ? createWorkerMetrics(prisma) : undefined;
  const metricsListener = metrics && (await startMetricsListener(metrics.registry, config.metrics.host, config.metrics.workerPort!));
  if (metricsListener) console.log(`leadsync worker: metrics on ${metricsListener.url}`);
  if (telemetryOptions)
    console.log(`leadsync worker: Temporal SDK metrics on http://${config.metrics.host}:${config.metrics.temporalPort}/metrics`);
  const connection = await NativeConnection.connect({ address: temporal.address });
  const worker = await createLeadsyncWorker({ connection, prisma, config, metrics });
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
  await metricsListener?.close();
  await client.connection.close();
  await connection.close();
  await prisma.$disconnect();
}

main().catch((err) => {
  console.error("leadsync worker failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
