/**
 * Metrics and tracing of one worker (or export) process, prepared from its settings in one step: the
 * `OTEL_*` environment is checked and `/metrics` prepared before anything connects; the Temporal SDK's
 * Prometheus endpoint (when asked for) must go into `Runtime.install` before the first connection, and
 * `/metrics` is served after that, so its first scrape already holds the SDK's series.
 */
import type { RequestObserver } from '@zcc-sms/core';
import { ZoomInputError } from '@zcc-sms/core';
import { type BackfillMetrics, createBackfillMetrics } from './backfill-metrics.ts';
import { startMetricsServer, temporalSdkMetrics } from './metrics-server.ts';
import { combineObservers } from './observers.ts';
import { type Tracing, tracingFromEnv } from './tracing.ts';

/** Options of `prepareTelemetry`. */
export interface TelemetryOptions {
  /** Serve `/metrics` on this port (0: a free one); `undefined`: no metrics. */
  readonly metricsPort?: number | undefined;
  /** Interface for `/metrics`. Default `0.0.0.0`. */
  readonly metricsHost?: string | undefined;
  /** The `OTEL_*` variables (usually `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A Temporal worker runs in this process: serve the SDK's metrics too, and report windows. Default true. */
  readonly temporalSdk?: boolean | undefined;
}

/** Metrics and tracing of a process, from `prepareTelemetry`. */
export interface ProcessTelemetry {
  /** For `WorkerConfig.metrics`; `undefined` without a metrics port. */
  readonly metrics: BackfillMetrics | undefined;
  /** For `WorkerConfig.tracing`; `undefined` unless the environment turns tracing on. */
  readonly tracing: Tracing | undefined;
  /** Both as one Zoom client `observer` (for a client made outside a worker). */
  readonly observer: RequestObserver | undefined;
  /** Spread into `Runtime.install` options (the SDK's Prometheus endpoint), before any connection. */
  readonly runtimeOptions: { telemetryOptions: object } | undefined;
  /** Starts `/metrics`; resolves to its port, `undefined` without metrics. */
  serve(): Promise<number | undefined>;
  /** Exports buffered spans and stops `/metrics`. */
  close(): Promise<void>;
}

/**
 * `ZCC_METRICS_PORT` as a port, `undefined` when unset. Throws `ZoomInputError` for anything else.
 *
 * @example
 * const metricsPort = metricsPortFromEnv(process.env); // ZCC_METRICS_PORT=9464
 */
export function metricsPortFromEnv(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const text = env.ZCC_METRICS_PORT?.trim();
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new ZoomInputError(
      'ZCC_METRICS_PORT',
      text,
      'is not a TCP port',
      'use a number from 1 to 65535, or 0 to pick a free port',
    );
  }
  return port;
}

/**
 * Prepares metrics and tracing; throws `ZoomInputError` for an `OTEL_*` setting it cannot honour.
 *
 * @example
 * const telemetry = await prepareTelemetry({ metricsPort: 9464, env: process.env });
 * if (telemetry.runtimeOptions) Runtime.install({ ...telemetry.runtimeOptions });
 * await telemetry.serve();
 * const worker = await createBackfillWorker({ ...config, metrics: telemetry.metrics, tracing: telemetry.tracing });
 * try { await worker.run(); } finally { await telemetry.close(); }
 */
export async function prepareTelemetry(options: TelemetryOptions): Promise<ProcessTelemetry> {
  const temporalSdk = options.temporalSdk ?? true;
  const tracing = tracingFromEnv(options.env);
  const metrics =
    options.metricsPort === undefined ? undefined : createBackfillMetrics({ windows: temporalSdk });
  const sdk = metrics && temporalSdk ? await temporalSdkMetrics() : undefined;
  let server: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  return {
    metrics,
    tracing,
    observer: combineObservers(metrics?.observer, tracing?.observer),
    runtimeOptions: sdk && { telemetryOptions: sdk.telemetryOptions },
    async serve() {
      if (!metrics || options.metricsPort === undefined) return undefined;
      server ??= await startMetricsServer({
        port: options.metricsPort,
        host: options.metricsHost,
        metrics,
        sdkMetricsUrl: sdk?.url,
      });
      return server.port;
    },
    async close() {
      await Promise.allSettled([server?.close(), tracing?.shutdown()]);
    },
  };
}
