/**
 * The backfill worker: workflows and the window activity on one task queue. Run as many as you like on as
 * many machines: they share the queue, so one backfill's windows spread across them, and they share the
 * account's limits through its coordinator workflow (budget-lease.ts), with no share to set by hand.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { silentLogger, ZoomInputError } from '@zcc-sms/core';
import { systemClock, timerSleep } from '@zcc-sms/core/node';
import { createZoomAccountPools } from './account-pools.ts';
import { createActivities } from './activities.ts';
import { type BudgetLease, createBudgetLease, type Holding, holdingLease } from './budget-lease.ts';
import type { LeaseLimits } from './budget-leases.ts';
import { encryptedDataConverter } from './codec.ts';
import { temporalLeaseCoordinator } from './lease-coordinator.ts';
import { sibling } from './module-path.ts';
import { createSinkRegistry } from './sinks/registry.ts';
import { combineObservers } from './telemetry/observers.ts';
import { tracingWorkflowModule } from './telemetry/tracing.ts';
import type { WorkerConfig } from './worker-config.ts';
import { createZoomClientPool } from './zoom-clients.ts';

/**
 * Path of the workflow module (`.ts` in the workspace, compiled `.js` in the published package).
 *
 * @example
 * const worker = await Worker.create({ connection, taskQueue: DEFAULT_TASK_QUEUE, workflowsPath, activities });
 */
export const workflowsPath = sibling('./workflows/index', import.meta.url);
const failureConverterPath = sibling('./failure-converter', import.meta.url);

/**
 * Bundles the workflow code once (e.g. at build time, or once per test run) for `workflowBundle`. A
 * worker with `tracing` needs a bundle made with `{ tracing: true }` (the workflow interceptors are
 * compiled into the bundle; a worker that bundles at start adds them itself).
 *
 * @example
 * const workflowBundle = await bundleBackfillWorkflows({ tracing: true });
 * const worker = await createBackfillWorker(config, { workflowBundle });
 */
export async function bundleBackfillWorkflows(
  options: { tracing?: boolean } = {},
): Promise<{ code: string }> {
  return await bundleWorkflowCode({
    workflowsPath,
    failureConverterPath,
    logger: quietBundlerLogger,
    ...(options.tracing ? { workflowInterceptorModules: [tracingWorkflowModule] } : {}),
  });
}

/** A configured worker: run it until shutdown, or shut it down. */
export interface BackfillWorker {
  /** Temporal's worker. */
  readonly worker: Worker;
  /** Runs until shutdown (SIGINT/SIGTERM, or `shutdown()`), then closes clients, sinks and the connection. */
  run(): Promise<void>;
  /** Starts a graceful shutdown; `run()` resolves once done. */
  shutdown(): void;
}

/** Options of `createBackfillWorker`: a pre-built workflow bundle. */
export interface CreateWorkerOptions {
  /** A pre-built bundle (`bundleBackfillWorkflows`) or its file, instead of bundling at start. */
  readonly workflowBundle?: { code: string } | { codePath: string } | undefined;
}

/**
 * A worker for the backfill workflows and activities, with its Zoom clients, sinks and codec from `config`.
 *
 * @example
 * const { run } = await createBackfillWorker(workerConfigFromEnv(process.env));
 * await run(); // until SIGINT/SIGTERM
 */
export async function createBackfillWorker(
  config: WorkerConfig,
  options: CreateWorkerOptions = {},
): Promise<BackfillWorker> {
  if (!config.zoom.auth && !config.accounts)
    throw new ZoomInputError(
      'ZOOM_ACCOUNT_ID',
      '',
      'is not set and there is no ZOOM_ACCOUNTS_FILE',
      'give the worker one account (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET) or several (ZOOM_ACCOUNTS_FILE)',
    );
  const connection = await NativeConnection.connect(config.temporal.connection);
  const dataConverter = encryptedDataConverter(config.codec);
  const logger = config.logger ?? silentLogger;
  const effects = {
    baseUrl: config.zoom.baseUrl,
    workerShare: config.workerShare,
    clock: config.zoom.clock,
    sleep: config.zoom.sleep,
    transport: config.zoom.transport,
    logger: config.logger,
    observer: combineObservers(config.metrics?.observer, config.tracing?.observer),
  };
  const { auth } = config.zoom;
  // Every account's limits are shared with the other workers through that account's coordinator workflow
  // (budget-leases.ts): the single account's, and each paying account's of a worker holding several.
  const holder = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const leaseClient = new Client({ connection, namespace: config.temporal.namespace, dataConverter });
  const leaseOn = (account: string, limits: () => LeaseLimits): BudgetLease =>
    createBudgetLease({
      coordinator: temporalLeaseCoordinator(leaseClient, account, config.taskQueue),
      holder,
      limits,
      apiClock: config.zoom.clock ?? systemClock,
      sleep: timerSleep,
      logger,
    });
  const lease: BudgetLease | undefined = auth
    ? // Workers with a bare access token name no account: they share one coordinator per task queue.
      leaseOn(
        config.zoom.accountId ?? ('accountId' in auth ? auth.accountId : 'default'),
        (): LeaseLimits => clients?.accountLimits() ?? { perSecond: 0, daily: 0 },
      )
    : undefined;
  const clients = auth ? createZoomClientPool({ ...effects, gate: lease?.gate, auth }) : undefined;
  if (clients) config.metrics?.watchBudget(() => clients.budgetState());
  const accounts = config.accounts
    ? createZoomAccountPools({
        ...effects,
        accounts: config.accounts,
        tokenUrl: config.zoom.tokenUrl,
        lease: leaseOn,
      })
    : undefined;
  const sinks = createSinkRegistry({
    postgres: config.postgres,
    ndjsonRoot: config.ndjsonRoot,
    factories: config.sinkFactories,
    s3: config.s3,
  });
  // Set when shutdown begins (SIGINT/SIGTERM or `shutdown()`): windows land their page in flight and stop.
  const stopping = new AbortController();
  const windowActivities = createActivities({
    clients,
    accounts,
    sinks,
    stopping: stopping.signal,
    accountId: config.zoom.accountId,
    logger,
    quotaWaitMs: config.quotaWaitMs,
    stallTimeoutMs: config.stallTimeoutMs,
    metrics: config.metrics,
  });
  // A task runs on the named account's pool when the worker holds that name (account-clients.ts), else
  // on the single account's: it holds the leases of the same.
  const activities = holdingLease(windowActivities, (task): Holding => {
    const account = (task as { account?: string } | undefined)?.account;
    if (accounts && account !== undefined && accounts.names().includes(account))
      return (work) => accounts.hold(account, work);
    return lease ? (work) => lease.hold(work) : (work) => work();
  });
  let worker: Worker;
  try {
    worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.taskQueue,
      ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
      activities,
      dataConverter,
      maxConcurrentActivityTaskExecutions: config.maxConcurrentWindows,
      // Windows in flight stop at a page boundary; their checkpoints are in the sink.
      shutdownGraceTime: '10 seconds',
      ...tracingOptions(config, options),
      // A dead worker's cached workflows (the account's coordinator among them) move to another worker
      // after this long instead of 10 s: the others' budget leases wait on it.
      stickyQueueScheduleToStartTimeout: '3 seconds',
    });
  } catch (error) {
    await Promise.allSettled([
      lease?.close(),
      clients?.close(),
      accounts?.close(),
      sinks.close(),
      connection.close(),
    ]);
    throw error;
  }
  return {
    worker,
    shutdown: () => {
      stopping.abort();
      if (worker.getState() === 'RUNNING') worker.shutdown();
    },
    async run() {
      try {
        await worker.run();
      } finally {
        await Promise.allSettled([lease?.close(), clients?.close(), accounts?.close(), sinks.close()]);
        await connection.close();
      }
    },
  };
}

/**
 * Starts a worker and runs it until SIGINT/SIGTERM (Temporal's runtime installs those handlers and
 * shuts workers down gracefully; ours also tells the windows at once, so they stop at the next page
 * boundary instead of being cancelled mid-request when the grace time is over).
 *
 * @example
 * await runWorker(workerConfigFromEnv(process.env)); // returns after SIGINT/SIGTERM
 */
export async function runWorker(config: WorkerConfig, options: CreateWorkerOptions = {}): Promise<void> {
  const worker = await createBackfillWorker(config, options);
  const onSignal = () => worker.shutdown();
  for (const signal of SHUTDOWN_SIGNALS) process.once(signal, onSignal);
  try {
    await worker.run();
  } finally {
    for (const signal of SHUTDOWN_SIGNALS) process.off(signal, onSignal);
  }
}

/** The signals Temporal's runtime shuts workers down on by default (`Runtime` `shutdownSignals`). */
const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2'];

/** The tracing worker options; a pre-built bundle already holds (or lacks) the workflow interceptors. */
function tracingOptions(config: WorkerConfig, options: CreateWorkerOptions) {
  const traced = config.tracing?.workerOptions();
  if (!traced || !options.workflowBundle) return traced;
  return { ...traced, interceptors: { ...traced.interceptors, workflowModules: [] } };
}

const quietBundlerLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error(message: string, meta?: Record<string, unknown>) {
    console.error(message, meta ?? '');
  },
};
