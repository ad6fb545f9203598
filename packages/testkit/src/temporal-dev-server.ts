import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';
import { killProcessGroup } from './process-group.ts';
import { waitForPort } from './wait-for-port.ts';

const execFileAsync = promisify(execFile);

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
 * throw-away SQLite file. Nothing is ever downloaded: a missing binary is an error.
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
  const candidate = explicit ?? process.env.TEMPORAL_CLI_PATH;
  if (candidate) {
    if (!existsSync(candidate)) {
      throw new Error(
        `TEMPORAL_CLI_PATH=${candidate} does not exist. Run scripts/bootstrap, then . scripts/env.sh`,
      );
    }
    return candidate;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, 'temporal');
    if (dir && existsSync(path)) return path;
  }
  throw new Error(
    'The temporal CLI was not found (TEMPORAL_CLI_PATH unset and no `temporal` on PATH). ' +
      'Run scripts/bootstrap, then `. scripts/env.sh` in this shell.',
  );
}

async function launch(
  executable: string,
  dir: string,
  options: TemporalDevServerOptions,
): Promise<TemporalDevServer> {
  const port = await freePort();
  const uiPort = options.ui ? await freePort() : undefined;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    ...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']),
    '--db-filename',
    join(dir, `temporal-${port}.db`),
    '--log-level',
    'error',
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => [
      '--dynamic-config-value',
      `${key}=${JSON.stringify(value)}`,
    ]),
    ...(options.namespaces ?? []).flatMap((ns) => ['--namespace', ns]),
  ];
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let child = await spawnReady(executable, args, port, timeoutMs);
  return {
    address: `127.0.0.1:${port}`,
    namespace: 'default',
    ...(uiPort ? { uiUrl: `http://127.0.0.1:${uiPort}` } : {}),
    async restart() {
      await killProcessGroup(child, 0);
      // The port was ours a moment ago; a restart that loses it to another process fails loudly.
      child = await spawnReady(executable, args, port, timeoutMs);
    },
    stop: () => stopServer(child, dir),
  };
}

/** Spawns the server and waits until it serves the `default` namespace. */
async function spawnReady(
  executable: string,
  args: readonly string[],
  port: number,
  timeoutMs: number,
): Promise<ChildProcess> {
  const child = spawn(executable, args, {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: serverEnv(),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  let exited: Error | undefined;
  child.once('exit', (code, signal) => {
    exited = new Error(
      `temporal server start-dev exited early (code ${code}, signal ${signal}): ${stderr.trim()}`,
    );
  });
  child.once('error', (error) => {
    exited = error;
  });
  try {
    await waitForPort('127.0.0.1', port, { timeoutMs, failed: () => exited });
    // The frontend listens before the `default` namespace is registered: wait until it is served.
    await waitForNamespace(executable, `127.0.0.1:${port}`, timeoutMs, () => exited);
  } catch (error) {
    await killProcessGroup(child);
    throw error;
  }
  return child;
}

async function waitForNamespace(
  executable: string,
  address: string,
  timeoutMs: number,
  failed: () => Error | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let lastError = '';
    try {
      await execFileAsync(
        executable,
        ['operator', 'namespace', 'describe', '--namespace', 'default', '--address', address, '-o', 'json'],
        { env: serverEnv(), timeout: 10_000 },
      );
      return;
    } catch (error) {
      lastError = (error as { stderr?: string }).stderr ?? String(error);
    }
    const failure = failed();
    if (failure) throw failure;
    if (Date.now() > deadline) {
      throw new Error(`Temporal at ${address} did not serve namespace "default" in time: ${lastError}`);
    }
    await delay(200);
  }
}

async function stopServer(child: ChildProcess, dir: string): Promise<void> {
  await killProcessGroup(child);
  await rm(dir, { recursive: true, force: true });
}

/** The CLI reads TEMPORAL_* client settings from the environment; none of them belongs to the server. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('TEMPORAL_')) env[key] = value;
  }
  return env;
}
