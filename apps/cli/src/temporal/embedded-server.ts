/**
 * The embedded default: a local Temporal dev server whose data lives in `.zcc-sms/temporal.db` under the
 * working directory, so a backfill that was stopped resumes when the same command runs again.
 *
 * - The `temporal` CLI (TEMPORAL_CLI_PATH or PATH) runs `server start-dev` through the one launcher,
 *   `@zcc-sms/temporal/dev-server`, in its own process group, so Ctrl-C in the terminal reaches zcc-sms
 *   first (which asks what to do) instead of killing the server, and with an allow-listed environment.
 * - The port is kept in `.zcc-sms/temporal.json` and reused on restart when free.
 * - A server already running for this directory is reused: owned by a live zcc-sms it is shared (not
 *   stopped by us); left behind by a crashed one it is adopted (and stopped by us).
 * - With no `temporal` CLI at all, the SDK downloads its dev server (needs internet), and we say so.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  canConnect,
  type DevServer,
  freePort,
  portIsFree,
  processAlive,
  signalProcessGroup,
  startDevServer,
  stopProcessGroup,
} from '@zcc-sms/temporal/dev-server';
import { CliError } from '../cli-error.ts';
import type { Env } from '../config.ts';
import { EXIT } from '../exit-codes.ts';
import { DB_FILE, readState, writeState } from './embedded-state.ts';
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

async function stopServer(pid: number, dir: string, port: number): Promise<void> {
  await stopProcessGroup(pid);
  await writeState(dir, { port });
}

/** Starts the server through the shared launcher (`@zcc-sms/temporal/dev-server`) and records it. */
async function launchCli(binary: string, options: EmbeddedOptions, port: number): Promise<EmbeddedTemporal> {
  let onExit: (() => void) | undefined;
  let server: DevServer;
  try {
    server = await startDevServer({
      executable: binary,
      port,
      dbFilename: join(options.dir, DB_FILE),
      env: options.env,
      startTimeoutMs: options.startTimeoutMs,
      onSpawn: async (pid) => {
        // Never leave the server behind if this process ends abruptly (uncaught error, process.exit).
        onExit = () => signalProcessGroup(pid, 'SIGKILL');
        process.once('exit', onExit);
        await writeState(options.dir, { port, serverPid: pid, ownerPid: process.pid });
      },
      exitError: (detail, output) =>
        new CliError(
          `The embedded Temporal (${binary} server start-dev) ${detail}: ${output || 'no output'}. Its data is in ${options.dir}; remove that directory to start afresh.`,
          EXIT.failure,
        ),
    });
  } catch (error) {
    if (onExit) process.off('exit', onExit);
    await writeState(options.dir, { port });
    throw error;
  }
  // The server outlives no one but must not keep this process's event loop alive either.
  server.child.unref();
  server.child.stderr?.destroy();
  return {
    address: server.address,
    namespace: NAMESPACE,
    origin: 'started',
    async stop() {
      if (onExit) process.off('exit', onExit);
      await stopServer(server.pid, options.dir, port);
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
  if (state?.serverPid !== undefined && processAlive(state.serverPid) && (await canConnect(state.port))) {
    const address = `127.0.0.1:${state.port}`;
    if (state.ownerPid !== undefined && state.ownerPid !== process.pid && processAlive(state.ownerPid)) {
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
