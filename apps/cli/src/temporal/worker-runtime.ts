/**
 * The Temporal SDK's process-wide runtime, installed once before any worker connection:
 * - no shutdown signals: by default the SDK stops every worker on SIGINT, but zcc-sms asks first on
 *   Ctrl-C (backfill) or shuts its worker down itself (worker command);
 * - its logs go through our stderr path (redacted), warnings and errors only unless `--debug`;
 * - `telemetryOptions` when asked (`--metrics-port`: the SDK's Prometheus endpoint, cli-telemetry.ts).
 */
export async function installWorkerRuntime(
  say: (line: string) => void,
  debug: boolean,
  telemetryOptions?: object,
): Promise<void> {
  const { DefaultLogger, Runtime } = await import('@temporalio/worker');
  if (Runtime._instance !== undefined) return;
  Runtime.install({
    shutdownSignals: [],
    ...(telemetryOptions ? { telemetryOptions } : {}),
    logger: new DefaultLogger(debug ? 'DEBUG' : 'WARN', (entry) =>
      say(`temporal ${entry.level.toLowerCase()}: ${entry.message}`),
    ),
  });
}
