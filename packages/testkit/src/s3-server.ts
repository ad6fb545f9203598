/**
 * A real S3-compatible server for tests: moto's server (PyPI `moto[server]`, installed by
 * scripts/bootstrap into `~/.cache/zcc-sms/moto`), on a free loopback port, with its state in memory.
 * It speaks the S3 REST API over HTTP, so the object sink's tests run the same SDK calls they run against
 * AWS, MinIO or R2 — no mock of the SDK.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort, waitForPort } from './dev-server-launcher.ts';
import { killProcessGroup } from './process-group.ts';

export interface S3ServerOptions {
  /** The `moto_server` executable. Default: `ZCC_MOTO_SERVER`, else the bootstrap's venv, else `PATH`. */
  readonly bin?: string;
}

export interface S3Server {
  /** `http://127.0.0.1:PORT`: the endpoint for `ZCC_S3_ENDPOINT` (path-style addressing). */
  readonly endpoint: string;
  readonly port: number;
  /** Stops the server; its buckets are gone. */
  stop(): Promise<void>;
}

/**
 * Starts moto's S3 server. Any access key is accepted (moto does not check signatures), so tests pass
 * throw-away credentials that still travel through the SDK's SigV4 signing.
 *
 * @example
 * const s3 = await startS3Server();
 * // ZCC_S3_ENDPOINT=s3.endpoint, ZCC_S3_FORCE_PATH_STYLE=1
 * await s3.stop();
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const bin = resolveMotoServer(options.bin);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let exited: Error | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
    });
    child.once('error', (error) => {
      exited = new Error(`moto_server did not start: ${error.message}`);
    });
    child.once('exit', (code) => {
      exited = new Error(`moto_server exited with ${code} before listening: ${stderr.trim()}`);
    });
    try {
      await waitForPort('127.0.0.1', port, { timeoutMs: 60_000, failed: () => exited });
      return {
        endpoint: `http://127.0.0.1:${port}`,
        port,
        stop: () => killProcessGroup(child, 2_000),
      };
    } catch (error) {
      // Most likely the port was taken between freePort() and bind: try another one.
      lastError = error;
      await killProcessGroup(child, 1_000);
    }
  }
  throw lastError;
}

/** The `moto_server` executable, or a clear error naming how to install it. */
export function resolveMotoServer(explicit?: string): string {
  const candidate = explicit ?? process.env.ZCC_MOTO_SERVER;
  if (candidate) {
    if (!existsSync(candidate)) {
      throw new Error(`ZCC_MOTO_SERVER=${candidate} does not exist. Run scripts/bootstrap (installs moto).`);
    }
    return candidate;
  }
  const cache =
    process.env.ZCC_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'zcc-sms');
  const venv = join(cache, 'moto', 'bin', 'moto_server');
  if (existsSync(venv)) return venv;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, 'moto_server'))) return join(dir, 'moto_server');
  }
  throw new Error(
    'moto_server not found (no ZCC_MOTO_SERVER, no ~/.cache/zcc-sms/moto). Run scripts/bootstrap.',
  );
}
