/**
 * The embedded Temporal's state file, `.zcc-sms/temporal.json`: the port it listens on (kept, so a
 * restarted backfill finds the same server and clients keep working) and which processes own it.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface EmbeddedState {
  readonly port: number;
  /** The `temporal server start-dev` process (leader of its own process group). */
  readonly serverPid?: number | undefined;
  /** The zcc-sms process that started it and stops it on exit. */
  readonly ownerPid?: number | undefined;
}

export const STATE_FILE = 'temporal.json';
export const DB_FILE = 'temporal.db';

export async function readState(dir: string): Promise<EmbeddedState | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as Partial<EmbeddedState>;
    return typeof parsed.port === 'number' ? (parsed as EmbeddedState) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeState(dir: string, state: EmbeddedState): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${STATE_FILE}.${process.pid}.tmp`);
  await writeFile(temp, `${JSON.stringify(state)}\n`);
  await rename(temp, join(dir, STATE_FILE));
}
