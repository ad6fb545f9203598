/**
 * Where the `temporal` CLI is: `TEMPORAL_CLI_PATH`, else `temporal` on PATH (scripts/bootstrap installs
 * it). `undefined` when neither exists — the caller then falls back to the SDK's download and says so.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UsageError } from '../cli-error.ts';
import type { Env } from '../config.ts';

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
