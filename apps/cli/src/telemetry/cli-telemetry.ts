/**
 * Metrics and tracing for `zcc-sms worker`, `zcc-sms export` and an embedded `backfill` (the temporal package's
 * `prepareTelemetry`), with the lines that tell the user where they go.
 */
import type { ProcessTelemetry } from '@zcc-sms/temporal';
import type { Redactor } from '../redactor.ts';

export interface CliTelemetryOptions {
  /** `--metrics-port` (undefined: no metrics server). */
  readonly port: number | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A worker runs here: serve the Temporal SDK's metrics too. */
  readonly temporalSdk: boolean;
  readonly say: (line: string) => void;
  /** Collector header values (API keys) are secrets: never printed. */
  readonly redactor: Redactor;
}

export interface CliTelemetry extends Omit<ProcessTelemetry, 'serve'> {
  /** Starts `/metrics` (after the runtime is installed) and says where metrics and spans go. */
  serve(): Promise<void>;
}

/** Validates the `OTEL_*` environment and prepares metrics; nothing listens until `serve()`. */
export async function prepareCliTelemetry(options: CliTelemetryOptions): Promise<CliTelemetry> {
  const temporal = await import('@zcc-sms/temporal');
  for (const value of Object.values(temporal.otlpHeaders(options.env)))
    options.redactor.add(value || undefined);
  const telemetry = await temporal.prepareTelemetry({
    metricsPort: options.port,
    env: options.env,
    temporalSdk: options.temporalSdk,
  });
  return {
    ...telemetry,
    async serve() {
      if (telemetry.tracing) {
        const shown = new URL(telemetry.tracing.endpoint);
        shown.username = '';
        shown.password = '';
        options.say(`Tracing: sending spans to ${shown.href} (OTLP/HTTP).`);
      }
      const port = await telemetry.serve();
      if (port !== undefined)
        options.say(`Metrics: serving Prometheus metrics at http://0.0.0.0:${port}/metrics (port ${port}).`);
    },
  };
}
