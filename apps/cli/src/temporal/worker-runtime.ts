/**
 * The Temporal SDK's process-wide runtime, installed once before any worker connection:
 * - no shutdown signals: by default the SDK stops every worker on SIGINT, but zcc-sms asks first on
 *   Ctrl-C (backfill) or shuts its worker down itself (worker command);
 * - its logs go through our stderr path (text or JSON, redacted), warnings and errors only unless
 *   `--debug`, with their context: the SDK puts the failed activity's error in `meta.error`, which is
 *   where the cause of a failing window (Zoom's message and tracking id) lives — kept, never dropped;
 * - the SDK core's own (Rust) logs too: unless told to forward them, the SDK prints them to stdout in its
 *   own colourised format, where a warning written while a backfill ran broke `--json` (seen on CI: stdout
 *   began with an escape code and a timestamp instead of the summary) and skipped our redaction;
 * - `telemetryOptions` when asked (`--metrics-port`: the SDK's Prometheus endpoint, cli-telemetry.ts).
 */
import type { LogExporterConfig } from '@temporalio/worker';
import type { LogFields, LogLevel } from '@zcc-sms/core';
import { causeFields } from '../error-report.ts';
import { createRedactor } from '../redactor.ts';
import type { LogFunction } from '../stderr-logger.ts';

const LEVELS: Readonly<Record<string, LogLevel>> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Fields of an SDK log entry: its scalar metadata (workflow id, activity type, attempt, task queue) and,
 * for an error or failure, the cause fields (name, tracking id, window, the chain's messages). Redaction
 * happens where the line is written (the command's formatter).
 */
export function sdkLogFields(meta: Readonly<Record<string, unknown>> | undefined, debug: boolean): LogFields {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      fields[key] = value;
    else if ((key === 'error' || key === 'failure') && value !== null && value !== undefined)
      Object.assign(fields, causeFields(value, { debug, redactor: createRedactor() }));
  }
  return fields;
}

/** Where the SDK core's logs go: forwarded to the runtime's logger (ours), never the SDK's stdout printer. */
function coreLogging(debug: boolean): LogExporterConfig {
  return { forward: {}, filter: { core: debug ? 'DEBUG' : 'WARN', other: 'ERROR' } };
}

export async function installWorkerRuntime(
  log: LogFunction,
  debug: boolean,
  telemetryOptions?: object,
): Promise<void> {
  const { DefaultLogger, Runtime } = await import('@temporalio/worker');
  if (Runtime._instance !== undefined) return;
  Runtime.install({
    shutdownSignals: [],
    telemetryOptions: { ...telemetryOptions, logging: coreLogging(debug) },
    logger: new DefaultLogger(debug ? 'DEBUG' : 'WARN', (entry) =>
      log(LEVELS[entry.level] ?? 'info', `temporal: ${entry.message}`, sdkLogFields(entry.meta, debug)),
    ),
  });
}
