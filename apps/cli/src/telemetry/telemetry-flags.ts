/**
 * `--metrics-port`: where `worker`, `export` and an embedded `backfill` serve Prometheus metrics. Checked before anything starts,
 * like every flag (a bad value is a clear error, never a server on some other port).
 */
import { flagError } from '../cli-error.ts';
import { type FlagValues, stringFlag } from '../command.ts';

export const METRICS_FLAGS = {
  'metrics-port': {
    type: 'string',
    value: 'PORT',
    description:
      'Serve Prometheus metrics at http://HOST:PORT/metrics (ZCC_METRICS_PORT; 0 picks a free port and prints it)',
    group: 'Observability',
  },
} as const;

/** The metrics port asked for (flag, else `ZCC_METRICS_PORT`), or `undefined` when metrics are off. */
export function metricsPort(
  flags: FlagValues,
  env: Readonly<Record<string, string | undefined>>,
): number | undefined {
  const fromFlag = stringFlag(flags, 'metrics-port');
  const text = fromFlag ?? env.ZCC_METRICS_PORT;
  if (text === undefined || (fromFlag === undefined && text.trim() === '')) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(port) || port > 65_535) {
    throw flagError(
      fromFlag !== undefined ? '--metrics-port' : 'ZCC_METRICS_PORT',
      text,
      'is not a TCP port',
      'use a number from 1 to 65535, or 0 to pick a free port',
    );
  }
  return port;
}
