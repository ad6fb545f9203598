/**
 * The Temporal a command talks to: a remote one (`--temporal-address` or `TEMPORAL_ADDRESS`, with
 * Temporal's standard environment configuration for TLS and API keys) or the embedded default.
 */
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { CliError, UsageError } from '../cli-error.ts';
import { type FlagValues, stringFlag } from '../command.ts';
import type { Env } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import type { EmbeddedTemporal } from './embedded-server.ts';

export interface TemporalTarget {
  readonly client: Client;
  readonly address: string;
  readonly namespace: string;
  /** Options for a worker's `NativeConnection` to the same server. */
  readonly workerConnection: NativeConnectionOptions;
  /** Set in embedded mode. */
  readonly embedded?: EmbeddedTemporal | undefined;
  close(): Promise<void>;
}

export interface TargetOptions {
  readonly flags: FlagValues;
  readonly env: Env;
  readonly cwd: string;
  readonly say: (text: string) => void;
}

/** True when the user named a Temporal server (flag or environment). */
export function isRemote(flags: FlagValues, env: Env): boolean {
  return stringFlag(flags, 'temporal-address') !== undefined || Boolean(env.TEMPORAL_ADDRESS?.trim());
}

export function stateDir(flags: FlagValues, cwd: string): string {
  return resolve(cwd, stringFlag(flags, 'state-dir') ?? '.zcc-sms');
}

/** Connects to the remote Temporal, or starts (or reuses) the embedded one. */
export async function connectTemporal(options: TargetOptions): Promise<TemporalTarget> {
  const { flags, env } = options;
  // Loaded on use: the Temporal SDK is large and only these commands need it.
  const [{ Client, Connection }, temporal] = await Promise.all([
    import('@temporalio/client'),
    import('@zcc-sms/temporal'),
  ]);
  // The codec configuration is checked before anything starts: a bad key is the user's to fix (exit 2).
  const dataConverter = temporal.encryptedDataConverter(temporal.codecFromEnv(env));
  let embedded: EmbeddedTemporal | undefined;
  const vars: Record<string, string | undefined> = { ...env };
  const address = stringFlag(flags, 'temporal-address');
  if (address !== undefined) vars.TEMPORAL_ADDRESS = address;
  const namespace = stringFlag(flags, 'namespace');
  if (namespace !== undefined) vars.TEMPORAL_NAMESPACE = namespace;
  if (!isRemote(flags, env)) {
    const { startEmbeddedTemporal } = await import('./embedded-server.ts');
    embedded = await startEmbeddedTemporal({ dir: stateDir(flags, options.cwd), env, say: options.say });
    vars.TEMPORAL_ADDRESS = embedded.address;
    vars.TEMPORAL_NAMESPACE = namespace ?? embedded.namespace;
    for (const key of Object.keys(vars))
      if (key.startsWith('TEMPORAL_TLS') || key === 'TEMPORAL_API_KEY') delete vars[key];
  }
  const config = temporal.temporalConfigFromEnv(vars);
  const { address: target, tls, apiKey, metadata } = config.connection;
  try {
    const connection = await Connection.connect({
      address: target,
      ...(tls !== undefined ? { tls } : {}),
      ...(apiKey !== undefined && typeof apiKey === 'string' ? { apiKey } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
      connectTimeout: '10 seconds',
    });
    try {
      await waitForNamespace(connection, config.namespace, embedded !== undefined);
    } catch (error) {
      await connection.close();
      if ((error as { code?: number }).code === 5 /* gRPC NOT_FOUND */) {
        throw new UsageError(
          `--namespace ${JSON.stringify(config.namespace)} does not exist on Temporal at ${target}; create it (temporal operator namespace create) or pick another`,
        );
      }
      throw error;
    }
    const client = new Client({
      connection,
      namespace: config.namespace,
      dataConverter,
    });
    return {
      client,
      address: target ?? 'localhost:7233',
      namespace: config.namespace,
      workerConnection: config.connection,
      embedded,
      async close() {
        await connection.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    if (error instanceof UsageError) throw error;
    throw new CliError(
      `Could not reach Temporal at ${target ?? 'localhost:7233'} (${(error as Error).message}). Check --temporal-address / TEMPORAL_ADDRESS, or leave both unset for the embedded Temporal.`,
      EXIT.unreachable,
      { cause: error },
    );
  }
}

/** A fresh dev server accepts connections before its namespace is registered: wait for it (embedded only). */
async function waitForNamespace(
  connection: { workflowService: { describeNamespace(req: { namespace: string }): Promise<unknown> } },
  namespace: string,
  patient: boolean,
): Promise<void> {
  const deadline = Date.now() + (patient ? 30_000 : 0);
  for (;;) {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
