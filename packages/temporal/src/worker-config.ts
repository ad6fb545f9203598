/**
 * Worker configuration from the environment. Temporal settings follow Temporal's standard environment
 * configuration (`@temporalio/envconfig`: `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`,
 * `TEMPORAL_TLS_CLIENT_CERT_PATH`/`…_KEY_PATH`, `TEMPORAL_PROFILE` with `~/.config/temporalio/temporal.toml`);
 * `TEMPORAL_TLS_CERT`/`TEMPORAL_TLS_KEY` are accepted as short aliases. Zoom credentials come from the
 * core's `ZOOM_*` variables and stay in this process: they are never workflow input.
 */

import { readFileSync } from 'node:fs';
import type { PayloadCodec } from '@temporalio/common';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import {
  type Clock,
  type Logger,
  type Sleep,
  type Transport,
  type ZoomAuth,
  ZoomInputError,
} from '@zcc-sms/core';
import { configFromEnv } from '@zcc-sms/core/node';
import { codecFromEnv } from './codec.ts';
import { type ObjectStoreSettings, objectStoreSettingsFromEnv } from './sinks/object-settings.ts';
import type { SinkFactory } from './sinks/sink.ts';
import type { BackfillMetrics } from './telemetry/backfill-metrics.ts';
import type { Tracing } from './telemetry/tracing.ts';
import { DEFAULT_TASK_QUEUE } from './types.ts';
import { parseZoomAccounts, type ZoomAccounts } from './zoom-accounts.ts';

/** Where to reach Temporal: connection options and namespace. */
export interface TemporalConnectConfig {
  /** Address, TLS and API key of the Temporal server. */
  readonly connection: NativeConnectionOptions;
  /** Temporal namespace. */
  readonly namespace: string;
}

/** Everything a worker needs: Temporal, task queue, Zoom credentials, sinks, codec and rate share. */
export interface WorkerConfig {
  /** Where to reach Temporal. */
  readonly temporal: TemporalConnectConfig;
  /** Default `zcc-sms`. Every worker on this queue cooperates on the same backfills. */
  readonly taskQueue: string;
  /** Zoom credentials, base URL and account; effects injected in tests. */
  readonly zoom: {
    /** The single account's credentials; absent when the worker serves only `accounts`. */
    readonly auth?: ZoomAuth | undefined;
    /** Token URL for `accounts` (the single account's is in `auth`). */
    readonly tokenUrl?: string | undefined;
    readonly baseUrl?: string | undefined;
    /** Backfills started for another account are refused. */
    readonly accountId?: string | undefined;
    /** Injected API clock/sleep/transport (tests). */
    readonly clock?: Clock | undefined;
    readonly sleep?: Sleep | undefined;
    readonly transport?: Transport | undefined;
  };
  /**
   * Several accounts by name (`ZOOM_ACCOUNTS_FILE`): backfills name their account, the worker holds the
   * credentials. Usable beside the single `ZOOM_*` account.
   */
  readonly accounts?: ZoomAccounts | undefined;
  /** PostgreSQL connection strings by name (`default` from `ZCC_PG_URL`). */
  readonly postgres: Readonly<Record<string, string>>;
  /**
   * NDJSON sinks write only inside this directory (`ZCC_NDJSON_ROOT`; default the worker's working
   * directory): workflow input names the `dir`, and anyone who can start a workflow writes that input.
   */
  readonly ndjsonRoot?: string | undefined;
  /** The object store of `s3` sinks (`AWS_*`, `ZCC_S3_*`; sinks/object-settings.ts). */
  readonly s3?: ObjectStoreSettings | undefined;
  /** Extra sink types (your own implementations), by `type`. */
  readonly sinkFactories?: Readonly<Record<string, SinkFactory>> | undefined;
  /** Payload codec (`codecFromEnv`); without one, payloads are stored in clear. */
  readonly codec?: PayloadCodec | undefined;
  /** This worker's share of the account's rate limit (`ZCC_RATE_SHARE`, default 1). */
  readonly workerShare: number;
  /** Windows this worker runs at once (`ZCC_WORKER_WINDOWS`, default 8). */
  readonly maxConcurrentWindows: number;
  /** Where the worker logs; default silent. */
  readonly logger?: Logger | undefined;
  /** A window with no page for this long is retried from its checkpoint (ms). Default 5 minutes. */
  readonly stallTimeoutMs?: number | undefined;
  /** Wall-clock wait for an API-clock quota reset (tests with an accelerated sandbox clock). */
  readonly quotaWaitMs?: ((resetAt: number, now: number) => number) | undefined;
  /** Prometheus series this worker feeds (`createBackfillMetrics`); serve them with `startMetricsServer`. */
  readonly metrics?: BackfillMetrics | undefined;
  /** OpenTelemetry tracing (`tracingFromEnv`): workflow, activity and Zoom request spans. */
  readonly tracing?: Tracing | undefined;
}

/**
 * Temporal connection settings from the standard environment configuration.
 *
 * @example
 * const { connection, namespace } = temporalConfigFromEnv(process.env); // TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, …
 */
export function temporalConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): TemporalConnectConfig {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[k] = v;
  if (vars.TEMPORAL_TLS_CERT && !vars.TEMPORAL_TLS_CLIENT_CERT_PATH)
    vars.TEMPORAL_TLS_CLIENT_CERT_PATH = vars.TEMPORAL_TLS_CERT;
  if (vars.TEMPORAL_TLS_KEY && !vars.TEMPORAL_TLS_CLIENT_KEY_PATH)
    vars.TEMPORAL_TLS_CLIENT_KEY_PATH = vars.TEMPORAL_TLS_KEY;
  const loaded = loadClientConnectConfig({ overrideEnvVars: vars });
  return {
    connection: {
      ...loaded.connectionOptions,
      address: loaded.connectionOptions.address ?? 'localhost:7233',
    },
    namespace: loaded.namespace ?? 'default',
  };
}

/**
 * A worker's configuration from the environment (`ZOOM_*`, `TEMPORAL_*`, `ZCC_*`); throws `ZoomInputError` naming the variable.
 *
 * @example
 * const config = workerConfigFromEnv(process.env);
 * await runWorker(config);
 */
export function workerConfigFromEnv(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const accounts = accountsFromEnv(env);
  // With an accounts file the single ZOOM_* account is optional.
  const single = accounts === undefined || env.ZOOM_ACCOUNT_ID?.trim() ? configFromEnv(env) : undefined;
  // The clients check both URLs (https, or http to localhost) when they are made.
  const url = (name: string): string | undefined => env[name]?.trim() || undefined;
  const postgres: Record<string, string> = {};
  if (env.ZCC_PG_URL) postgres.default = env.ZCC_PG_URL;
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('ZCC_PG_URL_') && v) postgres[k.slice('ZCC_PG_URL_'.length).toLowerCase()] = v;
  }
  return {
    temporal: temporalConfigFromEnv(env),
    taskQueue: env.ZCC_TASK_QUEUE?.trim() || DEFAULT_TASK_QUEUE,
    zoom: {
      auth: single?.auth,
      baseUrl: single?.baseUrl ?? url('ZOOM_API_BASE_URL'),
      tokenUrl: single?.auth.tokenUrl ?? url('ZOOM_OAUTH_TOKEN_URL'),
      accountId: single?.auth.accountId,
    },
    accounts,
    postgres,
    ndjsonRoot: env.ZCC_NDJSON_ROOT?.trim() || undefined,
    s3: objectStoreSettingsFromEnv(env),
    codec: codecFromEnv(env),
    workerShare: numberVar(
      env,
      'ZCC_RATE_SHARE',
      1,
      (n) => n > 0 && n <= 1,
      'a fraction in (0, 1], e.g. 0.5 for two workers',
    ),
    maxConcurrentWindows: numberVar(
      env,
      'ZCC_WORKER_WINDOWS',
      8,
      (n) => Number.isInteger(n) && n >= 1,
      'a whole number ≥ 1',
    ),
  };
}

function numberVar(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  valid: (n: number) => boolean,
  fix: string,
): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!valid(n)) throw new ZoomInputError(name, text, 'is not valid', `use ${fix}`);
  return n;
}

/** The accounts file named by `ZOOM_ACCOUNTS_FILE` (zoom-accounts.ts), or undefined. */
function accountsFromEnv(env: Readonly<Record<string, string | undefined>>): ZoomAccounts | undefined {
  const path = env.ZOOM_ACCOUNTS_FILE?.trim();
  if (!path) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ZoomInputError(
      'ZOOM_ACCOUNTS_FILE',
      path,
      `cannot be read as JSON (${(error as { code?: string }).code ?? (error as Error).name})`,
      'point it at a JSON file such as {"accounts": {"acme": {"accountId": …, "clientId": …, "clientSecret": …}}}',
    );
  }
  return parseZoomAccounts(json, `ZOOM_ACCOUNTS_FILE ${path}`);
}
