/**
 * The embedded default: a local Temporal dev server whose data lives in `.zcc-sms/temporal.db` under the
 * working directory, so a backfill that was stopped resumes when the same command runs again.
 *
 * - The `temporal` CLI (TEMPORAL_CLI_PATH or PATH) runs `server start-dev` in its own process group, so
 *   Ctrl-C in the terminal reaches zcc-sms first (which asks what to do) instead of killing the server.
 * - The port is kept in `.zcc-sms/temporal.json` and reused on restart when free.
 * - A server already running for this directory is reused: owned by a live zcc-sms it is shared (not
 *   stopped by us); left behind by a crashed one it is adopted (and stopped by us).
 * - With no `temporal` CLI at all, the SDK downloads its dev server (needs internet), and we say so.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CliError } from '../cli-error.ts';
import type { Env } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import { alive, DB_FILE, readState, writeState } from './embedded-state.ts';
import { canConnect, freePort, portIsFree, waitForListening } from './ports.ts';
import { downloadOrExplain, findTemporalCli } from './temporal-binary.ts';

export interface EmbeddedTemporal {
  readonly address: string;
  readonly namespace: string;
  /** How the server was obtained, for messages. */
  readonly origin: 'started' | 'shared' | 'adopted' | 'downloaded';
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** `.zcc-sms` under the working directory. */
  readonly dir: string;
  readonly env: Env;
  readonly say: (text: string) => void;
  readonly startTimeoutMs?: number;
}

const NAMESPACE = 'default';

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

async function stopServer(pid: number, dir: string, port: number): Promise<void> {
  killGroup(pid, 'SIGTERM');
  for (let i = 0; i < 50 && alive(pid); i++) await delay(100);
  if (alive(pid)) killGroup(pid, 'SIGKILL');
  await writeState(dir, { port });
}

/**
 * What the dev server needs from the environment to run (paths, locale, time zone, temp dir), by name.
 * Nothing else passes: the CLI's environment holds `.env` secrets (Zoom client secret, PostgreSQL URLs,
 * codec keys) that a child process has no use for, and `TEMPORAL_*` settings are for clients, not the
 * server.
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
export function serverEnv(env: Env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (SERVER_ENV.has(key) || key.startsWith('LC_') || key.startsWith('XDG_')) out[key] = value;
  }
  return out;
}

async function launchCli(binary: string, options: EmbeddedOptions, port: number): Promise<EmbeddedTemporal> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--headless',
    '--db-filename',
    join(options.dir, DB_FILE),
    '--log-level',
    'error',
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
  ];
  const child: ChildProcess = spawn(binary, args, {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: serverEnv(options.env),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  let exited: Error | undefined;
  child.once('exit', (code, signal) => {
    exited = new CliError(
      `The embedded Temporal (${binary} server start-dev) exited (code ${code}, signal ${signal}): ${stderr.trim() || 'no output'}. Its data is in ${options.dir}; remove that directory to start afresh.`,
      EXIT.failure,
    );
  });
  child.once('error', (error) => {
    exited = new CliError(`Could not start ${binary}: ${error.message}`, EXIT.failure);
  });
  const pid = child.pid ?? 0;
  // Never leave the server behind if this process ends abruptly (uncaught error, process.exit).
  const onExit = (): void => killGroup(pid, 'SIGKILL');
  process.once('exit', onExit);
  await writeState(options.dir, { port, serverPid: pid, ownerPid: process.pid });
  try {
    await waitForListening(port, { timeoutMs: options.startTimeoutMs ?? 60_000, failed: () => exited });
  } catch (error) {
    process.off('exit', onExit);
    await stopServer(pid, options.dir, port);
    throw error;
  }
  child.unref();
  child.stderr?.destroy();
  return {
    address: `127.0.0.1:${port}`,
    namespace: NAMESPACE,
    origin: 'started',
    async stop() {
      process.off('exit', onExit);
      await stopServer(pid, options.dir, port);
    },
  };
}

async function launchDownloaded(options: EmbeddedOptions, port: number): Promise<EmbeddedTemporal> {
  options.say(
    "No `temporal` CLI found (TEMPORAL_CLI_PATH is unset and there is none on PATH): downloading Temporal's dev server through the SDK, which needs internet access. Install the temporal CLI (scripts/bootstrap does) to skip this.",
  );
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await downloadOrExplain(() =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        ip: '127.0.0.1',
        port,
        dbFilename: join(options.dir, DB_FILE),
        ui: false,
      },
    }),
  );
  await writeState(options.dir, { port });
  return { address: env.address, namespace: NAMESPACE, origin: 'downloaded', stop: () => env.teardown() };
}

/** Starts (or reuses) the embedded Temporal for `options.dir`. */
export async function startEmbeddedTemporal(options: EmbeddedOptions): Promise<EmbeddedTemporal> {
  await mkdir(options.dir, { recursive: true });
  const binary = findTemporalCli(options.env);
  const state = await readState(options.dir);
  if (state?.serverPid !== undefined && alive(state.serverPid) && (await canConnect(state.port))) {
    const address = `127.0.0.1:${state.port}`;
    if (state.ownerPid !== undefined && state.ownerPid !== process.pid && alive(state.ownerPid)) {
      return { address, namespace: NAMESPACE, origin: 'shared', stop: async () => {} };
    }
    const serverPid = state.serverPid;
    await writeState(options.dir, { ...state, ownerPid: process.pid });
    return {
      address,
      namespace: NAMESPACE,
      origin: 'adopted',
      stop: () => stopServer(serverPid, options.dir, state.port),
    };
  }
  const port = state !== undefined && (await portIsFree(state.port)) ? state.port : await freePort();
  return binary === undefined
    ? await launchDownloaded(options, port)
    : await launchCli(binary, options, port);
}
