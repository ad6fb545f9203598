/**
 * The embedded default's worker: the temporal package's backfill worker, in this process, against the
 * embedded Temporal. Zoom credentials and PostgreSQL URLs stay in this process (worker configuration,
 * never workflow input).
 */
import type { Logger } from '@zcc-sms/core';
import type { ZoomAccounts } from '@zcc-sms/temporal';
import type { ZoomConfig } from '../config.ts';
import type { LogFunction } from '../stderr-logger.ts';
import type { CliTelemetry } from '../telemetry/cli-telemetry.ts';
import type { TemporalTarget } from './temporal-target.ts';
import { installWorkerRuntime } from './worker-runtime.ts';

export interface InProcessWorker {
  /** Settles when the worker stops; rejects when it fails (e.g. lost connection). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

interface InProcessWorkerOptions {
  readonly target: TemporalTarget;
  /** The single account (`ZOOM_*`); absent when only `accounts` are served. */
  readonly zoom?: ZoomConfig | undefined;
  /** Named accounts (`--accounts FILE`). */
  readonly accounts?: ZoomAccounts | undefined;
  readonly postgres: Readonly<Record<string, string>>;
  /** Windows run at once. */
  readonly windows: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger | undefined;
  readonly taskQueue?: string | undefined;
  /** Where the SDK's own log events go (the command's stderr path). */
  readonly log: LogFunction;
  readonly debug: boolean;
  /** `--metrics-port` and `OTEL_*` tracing (telemetry/embedded-telemetry.ts); served once the worker exists. */
  readonly telemetry?: CliTelemetry | undefined;
}

/** What `backfill` (one account or `--accounts`) and `demo` pass on to the worker they may run in process. */
export interface EmbeddedRunOptions extends Omit<InProcessWorkerOptions, 'taskQueue'> {
  readonly say: (text: string) => void;
}

/** The in-process worker when the target is the embedded Temporal, else none (your workers run it). */
export async function embeddedWorker(options: EmbeddedRunOptions): Promise<InProcessWorker | undefined> {
  if (!options.target.embedded) return undefined;
  if (!options.zoom && !options.accounts) throw new Error('the embedded worker needs Zoom credentials');
  options.say('Starting the in-process worker (bundling the workflow code takes a few seconds)…');
  return await startInProcessWorker(options);
}

async function startInProcessWorker(options: InProcessWorkerOptions): Promise<InProcessWorker> {
  const temporal = await import('@zcc-sms/temporal');
  const { telemetry, zoom } = options;
  await installWorkerRuntime(options.log, options.debug, telemetry?.runtimeOptions?.telemetryOptions);
  // `--sub-account`: the twin read through the credential's account, served by the entry of that name.
  const accounts =
    options.accounts ??
    (zoom?.subAccountId
      ? temporal.parseZoomAccounts(
          {
            accounts: {
              'credential-account': {
                accountId: zoom.accountId,
                clientId: zoom.clientId,
                clientSecret: zoom.clientSecret,
              },
              [zoom.subAccountId]: { master: 'credential-account', subAccountId: zoom.subAccountId },
            },
          },
          '--sub-account',
        )
      : undefined);
  const worker = await temporal.createBackfillWorker({
    temporal: { connection: options.target.workerConnection, namespace: options.target.namespace },
    taskQueue: options.taskQueue ?? temporal.DEFAULT_TASK_QUEUE,
    zoom: zoom
      ? {
          auth: {
            accountId: zoom.accountId,
            clientId: zoom.clientId,
            clientSecret: zoom.clientSecret,
            tokenUrl: zoom.tokenUrl,
          },
          baseUrl: zoom.baseUrl,
          tokenUrl: zoom.tokenUrl,
          accountId: zoom.accountId,
        }
      : {
          baseUrl: options.env.ZOOM_API_BASE_URL?.trim(),
          tokenUrl: options.env.ZOOM_OAUTH_TOKEN_URL?.trim(),
        },
    accounts,
    postgres: options.postgres,
    s3: temporal.objectStoreSettingsFromEnv(options.env),
    // This worker serves only the embedded Temporal (loopback, this project's .zcc-sms/), where workflow
    // input comes from this user's own commands: any directory they name is theirs to write.
    // ZCC_NDJSON_ROOT confines it like a standalone worker.
    ndjsonRoot: options.env.ZCC_NDJSON_ROOT?.trim() || '/',
    codec: temporal.codecFromEnv(options.env),
    workerShare: 1,
    maxConcurrentWindows: options.windows,
    logger: options.logger,
    metrics: telemetry?.metrics,
    tracing: telemetry?.tracing,
  });
  await telemetry?.serve();
  const done = worker.run();
  // Observed here so a failure before anyone awaits `done` is not an unhandled rejection.
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      if (worker.worker.getState() === 'RUNNING') worker.shutdown();
      await done.catch(() => undefined);
    },
  };
}
