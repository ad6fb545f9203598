import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevServer, findTemporalCli, freePort, startDevServer } from './dev-server-launcher.ts';

export interface TemporalDevServerOptions {
  /** Path of the `temporal` CLI. Default: `TEMPORAL_CLI_PATH`, else `temporal` on PATH. */
  executable?: string;
  /** Serve the Web UI on a free port (default: headless). */
  ui?: boolean;
  /** Extra namespaces to create at launch (`default` always exists). */
  namespaces?: string[];
  /** Extra `--dynamic-config-value KEY=VALUE` pairs. */
  dynamicConfig?: Record<string, string | number | boolean>;
  /** How long to wait for the frontend to accept connections (default 60 s). */
  startTimeoutMs?: number;
}

export interface TemporalDevServer {
  /** `127.0.0.1:PORT`, ready for `Connection.connect({ address })` / `NativeConnection.connect({ address })`. */
  address: string;
  namespace: 'default';
  /** `http://127.0.0.1:PORT` of the Web UI when `ui: true`. */
  uiUrl?: string;
  /**
   * Kills the server (SIGKILL: a crash, not a clean stop) and starts it again on the same port with the
   * same SQLite file (`--db-filename`), so workflows, task queues and timers survive — for fault tests.
   */
  restart(): Promise<void>;
  /** Kills the server's process group and removes its SQLite file. */
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` (the binary from `scripts/bootstrap`) on free loopback ports with a
 * throw-away SQLite file, through the launcher the CLI's embedded mode uses (`@zcc-sms/temporal`'s
 * `dev-server`). Nothing is ever downloaded: a missing binary is an error.
 *
 * Alternative with the TS SDK (same binary, no download):
 * `TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path } } })`.
 * This helper spawns the CLI directly instead, because it needs no native SDK bridge in the test
 * runner's process, and its process group is killed as a unit on `stop()`.
 *
 * @example
 * const server = await startTemporalDevServer();
 * const connection = await Connection.connect({ address: server.address });
 * // …
 * await server.stop();
 */
export async function startTemporalDevServer(
  options: TemporalDevServerOptions = {},
): Promise<TemporalDevServer> {
  const executable = resolveTemporalCli(options.executable);
  const dir = await mkdtemp(join(tmpdir(), 'zcc-temporal-'));
  let lastError: unknown;
  // The port is free when we ask, but another process can take it before the server binds: retry.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(executable, dir, options);
    } catch (error) {
      lastError = error;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

/** The `temporal` CLI to run, or a clear error telling how to get it. */
export function resolveTemporalCli(explicit?: string): string {
  const env = { ...process.env, TEMPORAL_CLI_PATH: explicit ?? process.env.TEMPORAL_CLI_PATH };
  const found = findTemporalCli(env);
  if (found === undefined) {
    throw new Error(
      'The temporal CLI was not found (TEMPORAL_CLI_PATH unset and no `temporal` on PATH). ' +
        'Run scripts/bootstrap, then `. scripts/env.sh` in this shell.',
    );
  }
  return found;
}

async function launch(
  executable: string,
  dir: string,
  options: TemporalDevServerOptions,
): Promise<TemporalDevServer> {
  const port = await freePort();
  const uiPort = options.ui ? await freePort() : undefined;
  const serverOptions = {
    executable,
    port,
    uiPort,
    dbFilename: join(dir, `temporal-${port}.db`),
    namespaces: options.namespaces,
    dynamicConfig: options.dynamicConfig,
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
  };
  let server: DevServer = await startDevServer(serverOptions);
  return {
    address: server.address,
    namespace: 'default',
    ...(uiPort ? { uiUrl: `http://127.0.0.1:${uiPort}` } : {}),
    async restart() {
      await server.stop(0);
      // The port was ours a moment ago; a restart that loses it to another process fails loudly.
      server = await startDevServer(serverOptions);
    },
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
