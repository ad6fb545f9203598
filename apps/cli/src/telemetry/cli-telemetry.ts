/**
 * Metrics and tracing for `zcc-sms worker` and `zcc-sms export`: our Prometheus series (plus, for the
 * worker, the Temporal SDK's, appended from its loopback endpoint) on `--metrics-port`, and OpenTelemetry
 * tracing when the standard `OTEL_*` environment turns it on. Everything is checked and started before
 * the first request, and torn down (spans flushed) when the command ends.
 */
import type { RequestObserver } from '@zcc-sms/core';
import type { BackfillMetrics, Tracing } from '@zcc-sms/temporal';

export interface CliTelemetryOptions {
  /** `--metrics-port` (undefined: no metrics server). */
  readonly port: number | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Also serve the Temporal SDK's metrics (a worker runs here). */
  readonly temporalSdk: boolean;
  readonly say: (line: string) => void;
}

export interface CliTelemetry {
  readonly metrics: BackfillMetrics | undefined;
  readonly tracing: Tracing | undefined;
  /** Metrics and tracing observers as the Zoom client's one `observer`. */
  readonly observer: RequestObserver | undefined;
  /** For `Runtime.install` (the SDK's Prometheus endpoint), when the SDK's metrics are served. */
  readonly runtimeTelemetry: object | undefined;
  /** Starts serving `/metrics` (after the runtime is installed, so the SDK's scrape is there). */
  serve(): Promise<void>;
  /** Flushes spans and stops the metrics server. */
  close(): Promise<void>;
}

/** Validates the `OTEL_*` environment and prepares metrics; nothing is listening until `serve()`. */
export async function prepareCliTelemetry(options: CliTelemetryOptions): Promise<CliTelemetry> {
  const temporal = await import('@zcc-sms/temporal');
  const tracing = temporal.tracingFromEnv(options.env);
  const metrics =
    options.port === undefined ? undefined : temporal.createBackfillMetrics({ windows: options.temporalSdk });
  const sdk = metrics && options.temporalSdk ? await temporal.temporalSdkMetrics() : undefined;
  let server: Awaited<ReturnType<typeof temporal.startMetricsServer>> | undefined;
  return {
    metrics,
    tracing,
    observer: temporal.combineObservers(metrics?.observer, tracing?.observer),
    runtimeTelemetry: sdk?.telemetryOptions,
    async serve() {
      if (tracing) {
        const shown = new URL(tracing.endpoint);
        shown.username = '';
        shown.password = '';
        options.say(`Tracing: sending spans to ${shown.href} (OTLP/HTTP).`);
      }
      if (!metrics || options.port === undefined) return;
      server = await temporal.startMetricsServer({ port: options.port, metrics, sdkMetricsUrl: sdk?.url });
      options.say(
        `Metrics: serving Prometheus metrics at http://0.0.0.0:${server.port}/metrics (port ${server.port}).`,
      );
    },
    async close() {
      await Promise.allSettled([server?.close(), tracing?.shutdown()]);
    },
  };
}
