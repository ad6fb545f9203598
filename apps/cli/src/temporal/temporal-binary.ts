/**
 * Where the `temporal` CLI is: `TEMPORAL_CLI_PATH`, else `temporal` on PATH (scripts/bootstrap installs
 * it). `undefined` when neither exists — the caller then falls back to the SDK's download and says so.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CliError, UsageError } from '../cli-error.ts';
import type { Env } from '../config.ts';
import { EXIT } from '../exit-codes.ts';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findTemporalCli(env: Env): string | undefined {
  const explicit = env.TEMPORAL_CLI_PATH?.trim();
  if (explicit) {
    if (!existsSync(explicit) || !executable(explicit)) {
      throw new UsageError(
        `TEMPORAL_CLI_PATH ${JSON.stringify(explicit)} is not an executable file; point it at the temporal CLI (scripts/bootstrap installs one) or unset it`,
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

/** What to do instead when there is no `temporal` CLI and the SDK cannot download its dev server. */
export const INSTALL_TEMPORAL_HINT =
  'install the temporal CLI (https://docs.temporal.io/cli) and put it on PATH or set TEMPORAL_CLI_PATH to it, or use a running Temporal with --temporal-address HOST:PORT';

/**
 * How long the SDK's dev-server download (~50 MB) may take. A network that drops packets instead of
 * refusing them would otherwise leave the command waiting with no word of why.
 */
export const DOWNLOAD_DEADLINE_MS = 300_000;

/**
 * Runs the SDK's download-and-start of the dev server under a deadline; any failure (no network, a proxy,
 * the deadline) becomes one error that says what to install. The SDK's own message is kept as the cause.
 */
export async function downloadOrExplain<T>(
  download: () => Promise<T>,
  deadlineMs: number = DOWNLOAD_DEADLINE_MS,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no dev server after ${Math.round(deadlineMs / 1000)} s`)),
      deadlineMs,
    );
    timer.unref();
  });
  try {
    return await Promise.race([download(), deadline]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(
      `No temporal CLI was found and Temporal's dev server could not be downloaded (${reason}); ${INSTALL_TEMPORAL_HINT}.`,
      EXIT.failure,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
