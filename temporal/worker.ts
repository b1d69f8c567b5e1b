// The leadsync worker process: runs syncLeadWorkflow, resyncLeadsWorkflow and their activities.
// Usage: `npm run worker` (reads .env; the variables are listed in README and .env.example).
import { NativeConnection, Runtime, type Worker } from "@temporalio/worker";
import { createPrismaClient } from "../web/src/lib/db";
import { Client, Connection } from "@temporalio/client";
import { createLeadsyncWorker } from "./create-worker";
import { startInboundDrain } from "./inbound-drain";
import { dataConverterFor } from "../web/src/lib/temporal/codec";
import { loadDotEnv, workerConfigFromEnv } from "./env";
import { ConfigError, MISSING_ATTIO_KEY_MESSAGE } from "../web/src/lib/config";
import { errorFields, initLogger, logger } from "../web/src/lib/log";
import { runtimeLogOptions } from "./infra/runtime-logger";
import { type ReadinessServer, startReadinessServer, workerChecks } from "./infra/readiness-server";
import { startMetricsListener } from "../web/src/lib/metrics/listener";
import { createWorkerMetrics, temporalMetricsTelemetry } from "./worker-metrics";
import { startTracing } from "../web/src/lib/tracing";

async function main() {
  loadDotEnv();
  const config = workerConfigFromEnv();
  const log = initLogger("leadsync-worker", config);
  // One Runtime.install, before the first connection creates the runtime: the SDK's own logs go
  // through the same logger, and its Prometheus exporter starts when metrics are on (docs/operations.md).
  const logging = runtimeLogOptions(log);
  const telemetryOptions = temporalMetricsTelemetry(config.metrics);
  Runtime.install({ ...logging, telemetryOptions: { ...logging.telemetryOptions, ...telemetryOptions } });
  const { temporal } = config;
  // The spec wants this surfaced in the UI, so the worker still starts: each sync fails with this message.
  if (!config.attio.apiKey) log.warn(MISSING_ATTIO_KEY_MESSAGE);
  // Off (nothing installed) unless OTEL_EXPORTER_OTLP_ENDPOINT is set; createLeadsyncWorker picks it up.
  const tracing = startTracing(config.traces, { serviceName: "leadsync-worker" });
  const prisma = createPrismaClient();
  const metrics = config.metrics.workerPort ? createWorkerMetrics(prisma) : undefined;
  const metricsListener = metrics && (await startMetricsListener(metrics.registry, config.metrics.host, config.metrics.workerPort!));
  if (metricsListener) log.info({ url: metricsListener.url }, `metrics on ${metricsListener.url}`);
  if (telemetryOptions) log.info(`Temporal SDK metrics on http://${config.metrics.host}:${config.metrics.temporalPort}/metrics`);
  const connection = await NativeConnection.connect({ address: temporal.address });
  let worker: Worker | null = null;
  let readiness: ReadinessServer | null = null;
  if (config.health.workerPort) {
    readiness = await startReadinessServer(config.health.workerPort, {
      state: () => worker?.getState() ?? null,
      checks: workerChecks({ connection, prisma, cacheMs: config.health.cacheMs }),
    });
    log.info({ port: readiness.port }, `readiness on http://127.0.0.1:${readiness.port}/ready`);
  }
  worker = await createLeadsyncWorker({ connection, prisma, config, metrics });
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
    onError: (err) => log.warn({ error: errorFields(err) }, "inbox drain failed"),
  });
  log.info(
    { taskQueue: temporal.taskQueue, namespace: temporal.namespace },
    `polling task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace})`,
  );
  // Worker.run() resolves after SIGINT/SIGTERM once in-flight tasks are drained.
  await worker.run();
  await readiness?.close();
  await drain.stop();
  await metricsListener?.close();
  await client.connection.close();
  await connection.close();
  await prisma.$disconnect();
  await tracing?.shutdown();
}

main().catch((err) => {
  // Bad configuration is for the person starting the worker: one plain line per variable, as the web app prints it.
  if (err instanceof ConfigError) console.error(err.message);
  else logger().fatal({ error: errorFields(err) }, "leadsync worker failed");
  process.exit(1);
});
