/**
 * `@zcc-sms/temporal`: durable, exactly-once backfills of Zoom Contact Center SMS logs on Temporal.
 * Workflow code lives in `@zcc-sms/temporal/workflows`.
 */

export type { PayerLease, ZoomAccountPools, ZoomAccountPoolsOptions } from './account-pools.ts';
export { createZoomAccountPools } from './account-pools.ts';
export type { ActivityDeps } from './activities.ts';
export { createActivities } from './activities.ts';
export type { BackfillStatus, WindowInFlight, WindowRetrying } from './backfill-progress.ts';
export { getProgress } from './backfill-progress.ts';
export type { LeaseGate } from './budget-lease.ts';
export type { StartBackfillOptions, StartedBackfill } from './client.ts';
export {
  BackfillAlreadyRunningError,
  backfillId,
  backfillResult,
  cancelBackfill,
  pauseBackfill,
  resumeBackfill,
  startBackfill,
} from './client.ts';
export type { AesGcmCodecOptions } from './codec.ts';
export { CodecError, codecFromEnv, createAesGcmCodec, encryptedDataConverter } from './codec.ts';
export type { CodecServer, CodecServerOptions } from './codec-server.ts';
export { CodecServerConfigError, startCodecServer } from './codec-server.ts';
export { consoleLogger } from './console-logger.ts';
export type { AccountLiveProgress, MultiAccountLiveProgress } from './multi-account-client.ts';
export {
  checkMultiAccountInput,
  getMultiAccountProgress,
  multiAccountBackfillId,
  startMultiAccountBackfill,
} from './multi-account-client.ts';
export type {
  AccountBackfill,
  AccountBackfillStatus,
  MultiAccountBackfillInput,
  MultiAccountProgress,
  MultiAccountResult,
} from './multi-account-types.ts';
export type { IncrementalSyncScheduleOptions } from './schedule.ts';
export { createIncrementalSyncSchedule } from './schedule.ts';
export type { NdjsonSinkOptions } from './sinks/ndjson-sink.ts';
export { createNdjsonSink } from './sinks/ndjson-sink.ts';
export { probeObjectSink } from './sinks/object-probe.ts';
export type { ObjectStoreSettings } from './sinks/object-settings.ts';
export { objectStoreSettingsFromEnv } from './sinks/object-settings.ts';
export type { PostgresProbe, PostgresProbeOptions } from './sinks/postgres-probe.ts';
export { probePostgresSink } from './sinks/postgres-probe.ts';
export type { PostgresSinkOptions } from './sinks/postgres-sink.ts';
export { createPostgresSink } from './sinks/postgres-sink.ts';
export type { SinkRegistry, SinkRegistryOptions } from './sinks/registry.ts';
export { createSinkRegistry } from './sinks/registry.ts';
export type {
  BackfillSink,
  JsonValue,
  NdjsonSinkSpec,
  ObjectSinkSpec,
  PostgresSinkSpec,
  SinkFactory,
  SinkOpenResult,
  SinkSpec,
  SinkWindow,
} from './sinks/sink.ts';
export { SinkConfigError } from './sinks/sink.ts';
export type { BackfillMetrics, BackfillMetricsOptions } from './telemetry/backfill-metrics.ts';
export { createBackfillMetrics } from './telemetry/backfill-metrics.ts';
export type { MetricsServer, MetricsServerOptions } from './telemetry/metrics-server.ts';
export { startMetricsServer, temporalSdkMetrics } from './telemetry/metrics-server.ts';
export { combineObservers } from './telemetry/observers.ts';
export type { ProcessTelemetry, TelemetryOptions } from './telemetry/process-telemetry.ts';
export { metricsPortFromEnv, prepareTelemetry } from './telemetry/process-telemetry.ts';
export type { Tracing } from './telemetry/tracing.ts';
export { otlpHeaders, tracingFromEnv } from './telemetry/tracing.ts';
export type {
  BackfillInput,
  BackfillOptions,
  BackfillPlan,
  BackfillProgress,
  BackfillResult,
  BackfillState,
  CarriedState,
  DailyQuotaDetails,
  Favor,
  PlannedWindow,
  PlanTask,
  RateOptions,
  RateReport,
  WindowFailure,
  WindowHeartbeat,
  WindowResult,
  WindowTask,
} from './types.ts';
export {
  BACKFILL_WIDE_FAILURES,
  DEFAULT_TASK_QUEUE,
  FAILURE_TYPES,
  MAX_PLANNED_CONCURRENCY,
} from './types.ts';
export type { BackfillWorker, CreateWorkerOptions } from './worker.ts';
export { bundleBackfillWorkflows, createBackfillWorker, runWorker, workflowsPath } from './worker.ts';
export type { TemporalConnectConfig, WorkerConfig } from './worker-config.ts';
export { temporalConfigFromEnv, workerConfigFromEnv } from './worker-config.ts';
export type { IncrementalSyncInput } from './workflows/incremental.ts';
export type { MasterReadsCharge, OwnAppAccount, SubAccount, ZoomAccounts } from './zoom-accounts.ts';
export { checkAccountName, parseZoomAccounts, payerKeys } from './zoom-accounts.ts';
export type { ClientPoolSettings, ZoomClientPool, ZoomClientPoolOptions } from './zoom-clients.ts';
export { createZoomClientPool } from './zoom-clients.ts';
