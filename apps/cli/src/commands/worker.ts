/**
 * `zcc-sms worker`: a long-running backfill worker. Against your Temporal (`--temporal-address`), run one
 * or more next to it; without an address it serves the embedded Temporal of ./.zcc-sms/ (finishing
 * backfills that were detached there). Stops gracefully on Ctrl-C / SIGTERM.
 */

import { resolve } from 'node:path';
import { readAccountsFile } from '../accounts-file.ts';
import { positiveNumber } from '../budget-flags.ts';
import { flagError, UsageError } from '../cli-error.ts';
import { boolFlag, type Command, type CommandContext, stringFlag } from '../command.ts';
import { loadEnv, ZOOM_FLAGS, zoomConfig } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import { contextLog, stderrLogger } from '../stderr-logger.ts';
import { prepareCliTelemetry } from '../telemetry/cli-telemetry.ts';
import { METRICS_FLAGS, metricsPort } from '../telemetry/telemetry-flags.ts';
import { TEMPORAL_FLAGS } from '../temporal/temporal-flags.ts';
import { connectTemporal } from '../temporal/temporal-target.ts';
import { installWorkerRuntime } from '../temporal/worker-runtime.ts';

const FLAGS = {
  'task-queue': {
    type: 'string',
    value: 'NAME',
    description: 'Task queue (ZCC_TASK_QUEUE, default zcc-sms)',
    group: 'Worker',
  },
  share: {
    type: 'string',
    value: 'F',
    description:
      "The part of the account's limits all our workers together may use, (0, 1] (ZCC_RATE_SHARE; default 1; lower it only when apps outside zcc-sms spend the same account)",
    group: 'Worker',
  },
  windows: {
    type: 'string',
    value: 'N',
    description: 'Windows this worker runs at once (ZCC_WORKER_WINDOWS, default 8)',
    group: 'Worker',
  },
  'pg-url': {
    type: 'string',
    value: 'URL',
    description: 'PostgreSQL for postgres sinks (ZCC_PG_URL; named ones: ZCC_PG_URL_<NAME>)',
    group: 'Worker',
  },
  accounts: {
    type: 'string',
    value: 'FILE',
    description:
      'Hold the credentials of every account in FILE (ZOOM_ACCOUNTS_FILE): serves multi-account backfills; ZOOM_* becomes optional',
    group: 'Worker',
  },
  verbose: { type: 'boolean', description: 'Log every window (info level)', group: 'Worker' },
  ...METRICS_FLAGS,
  ...TEMPORAL_FLAGS,
  ...ZOOM_FLAGS,
} as const;

async function run(ctx: CommandContext): Promise<number> {
  const { io, flags } = ctx;
  const env = loadEnv(ctx);
  const accountsFile = stringFlag(flags, 'accounts') ?? env.ZOOM_ACCOUNTS_FILE?.trim();
  const single = stringFlag(flags, 'account-id') ?? env.ZOOM_ACCOUNT_ID?.trim();
  // With an accounts file the single ZOOM_* account is optional.
  const zoom = accountsFile && !single ? undefined : zoomConfig(env, flags, ctx.redactor);
  if (accountsFile) await readAccountsFile('--accounts', accountsFile, io.cwd, ctx.redactor);
  if (zoom?.subAccountId !== undefined)
    throw new UsageError(
      '--sub-account (ZOOM_SUB_ACCOUNT_ID) is for one-off commands; a worker holds sub-accounts in its --accounts file: {"accounts": {"<sub-account id>": {"master": "<entry with the master\'s app>", "subAccountId": "<sub-account id>"}}}',
    );
  const share = stringFlag(flags, 'share') ?? env.ZCC_RATE_SHARE;
  if (share !== undefined && !(Number(share) > 0 && Number(share) <= 1)) {
    throw flagError(
      '--share',
      share,
      'is not a fraction in (0, 1]',
      'use e.g. 0.5 to leave half of the account to other apps',
    );
  }
  const windows = positiveNumber(flags, 'windows', { integer: true, max: 256 });
  const pgUrl = stringFlag(flags, 'pg-url');
  if (pgUrl !== undefined) {
    if (!URL.canParse(pgUrl))
      throw flagError('--pg-url', 'postgres:…', 'is not a URL', 'use postgres://user:password@host:5432/db');
    ctx.redactor.add(decodeURIComponent(new URL(pgUrl).password) || undefined);
  }
  const vars: Record<string, string | undefined> = {
    ...env,
    ...(zoom
      ? {
          ZOOM_ACCOUNT_ID: zoom.accountId,
          ZOOM_CLIENT_ID: zoom.clientId,
          ZOOM_CLIENT_SECRET: zoom.clientSecret,
          ZOOM_API_BASE_URL: zoom.baseUrl,
          ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl,
        }
      : {}),
    ...(accountsFile ? { ZOOM_ACCOUNTS_FILE: resolve(io.cwd, accountsFile) } : {}),
    ...(share !== undefined ? { ZCC_RATE_SHARE: share } : {}),
    ...(windows !== undefined ? { ZCC_WORKER_WINDOWS: String(windows) } : {}),
    ...(pgUrl ? { ZCC_PG_URL: pgUrl } : {}),
    ...(stringFlag(flags, 'task-queue') ? { ZCC_TASK_QUEUE: stringFlag(flags, 'task-queue') } : {}),
  };
  const port = metricsPort(flags, env);
  const temporal = await import('@zcc-sms/temporal');
  const base = temporal.workerConfigFromEnv(vars);
  const telemetry = await prepareCliTelemetry({
    port,
    env,
    temporalSdk: true,
    say: ctx.message,
    redactor: ctx.redactor,
  });
  const target = await connectTemporal({ flags, env, cwd: io.cwd, say: ctx.message });
  try {
    await installWorkerRuntime(contextLog(ctx), ctx.debug, telemetry.runtimeOptions?.telemetryOptions);
    await telemetry.serve();
    const logger = stderrLogger(contextLog(ctx), true);
    const worker = await temporal.createBackfillWorker({
      ...base,
      temporal: { connection: target.workerConnection, namespace: target.namespace },
      logger: ctx.debug || boolFlag(flags, 'verbose') ? logger : undefined,
      metrics: telemetry.metrics,
      tracing: telemetry.tracing,
    });
    const restore = io.interrupt.intercept(() => {
      ctx.message('Stopping: windows in flight stop at a page boundary and keep their checkpoints…');
      worker.shutdown();
    });
    ctx.message(
      `Worker running on ${target.address} (namespace ${target.namespace}, task queue ${base.taskQueue}, ${base.maxConcurrentWindows} windows at once, share ${base.workerShare}). Ctrl-C stops it.`,
    );
    try {
      await worker.run();
    } finally {
      restore();
    }
    ctx.message('Worker stopped.');
    return EXIT.ok;
  } finally {
    await telemetry.close();
    await target.close();
  }
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run a long-lived backfill worker for your Temporal (or the embedded one)',
  usage: 'worker [--temporal-address HOST:PORT] [--namespace NS] [--share F] [--windows N]',
  description: `
Polls the task queue and runs backfill windows. Zoom credentials (ZOOM_*) and PostgreSQL URLs stay in
the worker; backfills only name them. Any number of workers can serve one account: they lease its limits
from a small per-account workflow and re-balance as windows start and end, with nothing to set; a killed
worker's windows resume on the others after about 10 s. --share is for apps outside zcc-sms that spend the
same account: 0.5 leaves them half.
Temporal's standard environment applies (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_PROFILE). --metrics-port serves
Prometheus metrics (ours and the Temporal SDK's); OTEL_EXPORTER_OTLP_ENDPOINT turns on OpenTelemetry
tracing (docs/cli.md, Observability). s3:// sinks use this worker's AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION and, for MinIO, R2 or GCS, ZCC_S3_ENDPOINT and
ZCC_S3_FORCE_PATH_STYLE.`,
  flags: FLAGS,
  examples: [
    'zcc-sms worker --temporal-address temporal.internal:7233 --namespace zoom',
    'ZCC_PG_URL=postgres://etl@db/zoom zcc-sms worker --temporal-address localhost:7233 --share 0.5',
    'OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 zcc-sms worker --metrics-port 9464',
    'zcc-sms worker --temporal-address temporal.internal:7233 --accounts /etc/zcc-sms/accounts.json',
  ],
  run,
};
