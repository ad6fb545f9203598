/**
 * `backfill --metrics-port` and `OTEL_*` tracing: the in-process worker of the embedded default serves what
 * `zcc-sms worker` serves (the worker's and the Temporal SDK's metrics, spans). With `--temporal-address`
 * the backfill command runs no worker — yours do — so the flag is a usage error, said before anything
 * starts (`ZCC_METRICS_PORT` in the environment is then meant for a worker, and left alone).
 */
import { UsageError } from '../cli-error.ts';
import { type FlagValues, stringFlag } from '../command.ts';
import type { Env } from '../config.ts';
import type { Redactor } from '../redactor.ts';
import { type CliTelemetry, prepareCliTelemetry } from './cli-telemetry.ts';
import { metricsPort } from './telemetry-flags.ts';

export async function embeddedTelemetry(options: {
  readonly flags: FlagValues;
  readonly env: Env;
  readonly remote: boolean;
  readonly say: (line: string) => void;
  readonly redactor: Redactor;
}): Promise<CliTelemetry | undefined> {
  if (options.remote) {
    if (stringFlag(options.flags, 'metrics-port') !== undefined) {
      throw new UsageError(
        '--metrics-port serves the in-process worker of the embedded Temporal; with --temporal-address your workers run the backfill: serve metrics there with `zcc-sms worker --metrics-port PORT`',
      );
    }
    return undefined;
  }
  return await prepareCliTelemetry({
    port: metricsPort(options.flags, options.env),
    env: options.env,
    temporalSdk: true,
    say: options.say,
    redactor: options.redactor,
  });
}
