#!/usr/bin/env node
/**
 * `node packages/temporal/src/worker-main.ts`: a backfill worker configured from the environment
 * (see worker-config.ts and the README). `ZCC_WORKFLOW_BUNDLE` may name a pre-built workflow bundle;
 * `ZCC_METRICS_PORT` serves Prometheus metrics, `OTEL_EXPORTER_OTLP_ENDPOINT` turns tracing on.
 */
import { Runtime } from '@temporalio/worker';
import { consoleLogger } from './console-logger.ts';
import { metricsPortFromEnv, prepareTelemetry } from './telemetry/process-telemetry.ts';
import { runWorker } from './worker.ts';
import { workerConfigFromEnv } from './worker-config.ts';

try {
  const telemetry = await prepareTelemetry({
    metricsPort: metricsPortFromEnv(process.env),
    env: process.env,
  });
  if (telemetry.runtimeOptions) Runtime.install(telemetry.runtimeOptions);
  const config = {
    ...workerConfigFromEnv(process.env),
    logger: consoleLogger(process.env.ZCC_LOG_LEVEL, process.env.ZCC_LOG_FORMAT),
    metrics: telemetry.metrics,
    tracing: telemetry.tracing,
  };
  const bundle = process.env.ZCC_WORKFLOW_BUNDLE;
  console.error(`zcc-sms worker: task queue ${config.taskQueue}, namespace ${config.temporal.namespace}`);
  const port = await telemetry.serve();
  if (port !== undefined) console.error(`zcc-sms worker: Prometheus metrics on port ${port} (/metrics)`);
  if (telemetry.tracing) console.error('zcc-sms worker: OpenTelemetry tracing on (OTLP/HTTP)');
  try {
    await runWorker(config, bundle ? { workflowBundle: { codePath: bundle } } : {});
  } finally {
    await telemetry.close();
  }
} catch (error) {
  console.error(`zcc-sms worker: ${(error as Error).message}`);
  process.exitCode = 1;
}
