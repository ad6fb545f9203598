/**
 * The one launcher of `temporal server start-dev` (Node only: `@zcc-sms/temporal/dev-server`). The CLI's
 * embedded Temporal and the repository's tests (packages/testkit) both start their server here, so both run
 * the same arguments, environment and readiness checks. Nothing is downloaded: the caller finds the binary
 * with `findTemporalCli` and decides what a missing one means.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ZoomInputError } from '@zcc-sms/core';
import { waitForPort } from './dev-server-ports.ts';
import { stopProcessGroup } from './process-group.ts';

export { canConnect, freePort, portIsFree, waitForPort } from './dev-server-ports.ts';
export { processAlive, signalProcessGroup, stopProcessGroup } from './process-group.ts';

const execFileAsync = promisify(execFile);

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the `temporal` CLI is: `TEMPORAL_CLI_PATH`, else `temporal` on PATH; `undefined` when neither
 * exists. A `TEMPORAL_CLI_PATH` that is not an executable file is a mistake, not a fallback.
 *
 * @example
 * const binary = findTemporalCli(process.env) ?? fail('install the temporal CLI');
 */
export function findTemporalCli(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const explicit = env.TEMPORAL_CLI_PATH?.trim();
  if (explicit) {
    if (!existsSync(explicit) || !executable(explicit)) {
      throw new ZoomInputError(
        'TEMPORAL_CLI_PATH',
        explicit,
        'is not an executable file',
        'point it at the temporal CLI (scripts/bootstrap installs one) or unset it',
      );
    }
    return explicit;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'temporal');
    if (existsSync(candidate) && executable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * What the dev server needs from the environment to run (paths, locale, time zone, temp dir), by name.
 * Nothing else passes: a caller's environment may hold secrets (Zoom client secret, PostgreSQL URLs, codec
 * keys) that the server has no use for, and `TEMPORAL_*` settings are for clients, not the server.
 */
const SERVER_ENV = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'TMP',
  'TEMP',
  'TZ',
  'LANG',
  'SYSTEMROOT',
]);

/** The server's environment: only the allow-listed variables, plus the locale (`LC_*`) and XDG dirs. */
export function devServerEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (SERVER_ENV.has(key) || key.startsWith('LC_') || key.startsWith('XDG_')) out[key] = value;
  }
  return out;
}

/** How to start a Temporal dev server: the binary, its port and its SQLite file. */
export interface DevServerOptions {
  /** The `temporal` CLI (see `findTemporalCli`). */
  readonly executable: string;
  /** Loopback port of the frontend (see `freePort`). */
  readonly port: number;
  /** SQLite file that keeps workflows, task queues and timers across restarts. */
  readonly dbFilename: string;
  /** Serve the Web UI on this port (default: headless). */
  readonly uiPort?: number | undefined;
  /** Extra namespaces to create at launch (`default` always exists). */
  readonly namespaces?: readonly string[] | undefined;
  /** Extra `--dynamic-config-value KEY=VALUE` pairs. */
  readonly dynamicConfig?: Readonly<Record<string, string | number | boolean>> | undefined;
  /** The caller's environment, passed through `devServerEnv`. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** How long to wait for the `default` namespace to be served (default 60 s). */
  readonly startTimeoutMs?: number | undefined;
  /** Called with the server's pid right after the spawn, before readiness (e.g. to record it). */
  readonly onSpawn?: ((pid: number) => Promise<void> | void) | undefined;
  /** The error for a server that exits before it is ready; `output` is the tail of its stderr. */
  readonly exitError?: ((detail: string, output: string) => Error) | undefined;
}

/** A running Temporal dev server: where to connect, and how to stop it. */
export interface DevServer {
  /** `127.0.0.1:PORT`, for `Connection.connect({ address })` / `NativeConnection.connect({ address })`. */
  readonly address: string;
  /** Its frontend port on the loopback interface. */
  readonly port: number;
  /** Leader of the server's own process group. */
  readonly pid: number;
  /** The server process (its output, its exit). */
  readonly child: ChildProcess;
  /** Stops the server's process group: SIGTERM, SIGKILL after `graceMs` (default 5 s). */
  stop(graceMs?: number): Promise<void>;
}

/** `temporal server start-dev` arguments: loopback only, quiet, no version check that would phone home. */
export function devServerArgs(options: DevServerOptions): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    '--db-filename',
    options.dbFilename,
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
}

/**
 * Spawns `temporal server start-dev` in its own process group (so a terminal's Ctrl-C reaches the caller,
 * not the server, and `stop()` kills it with all it started) and resolves once it serves the `default`
 * namespace — the frontend listens before that namespace is registered. A server that exits or does not
 * get ready in time is killed and its cause thrown.
 *
 * @example
 * const server = await startDevServer({ executable, port: await freePort(), dbFilename: '/tmp/t.db' });
 * const connection = await Connection.connect({ address: server.address });
 * await server.stop();
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const env = devServerEnv(options.env ?? process.env);
  const child = spawn(options.executable, devServerArgs(options), {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exitError =
    options.exitError ??
    ((detail, output) => new Error(`temporal server start-dev ${detail}: ${output || 'no output'}`));
  let exited: Error | undefined;
  child.once('exit', (code, signal) => {
    exited = exitError(`exited early (code ${code}, signal ${signal})`, stderr.trim());
  });
  child.once('error', (error) => {
    exited = exitError(`could not start (${error.message})`, '');
  });
  const pid = child.pid ?? 0;
  const address = `127.0.0.1:${options.port}`;
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  try {
    await options.onSpawn?.(pid);
    await waitForPort('127.0.0.1', options.port, { timeoutMs, failed: () => exited });
    await waitForNamespace(options.executable, address, env, timeoutMs, () => exited);
  } catch (error) {
    if (pid > 0) await stopProcessGroup(pid);
    throw error;
  }
  return { address, port: options.port, pid, child, stop: (graceMs) => stopProcessGroup(pid, graceMs) };
}

async function waitForNamespace(
  executable: string,
  address: string,
  env: NodeJS.ProcessEnv,
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
        { env, timeout: 10_000 },
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
