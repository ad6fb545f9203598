/**
 * Where the `temporal` CLI is: `TEMPORAL_CLI_PATH`, else `temporal` on PATH (scripts/bootstrap installs
 * it). `undefined` when neither exists — the caller then falls back to the SDK's download and says so.
 */
import { ZoomInputError } from '@zcc-sms/core';
import { findTemporalCli as findCli } from '@zcc-sms/temporal/dev-server';
import { CliError, UsageError } from '../cli-error.ts';
import type { Env } from '../config.ts';
import { EXIT } from '../exit-codes.ts';

/** The shared lookup (`@zcc-sms/temporal/dev-server`), with a wrong TEMPORAL_CLI_PATH as a usage error. */
export function findTemporalCli(env: Env): string | undefined {
  try {
    return findCli(env);
  } catch (error) {
    if (!(error instanceof ZoomInputError)) throw error;
    throw new UsageError(`TEMPORAL_CLI_PATH ${JSON.stringify(error.value)} ${error.problem}; ${error.fix}`);
  }
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
