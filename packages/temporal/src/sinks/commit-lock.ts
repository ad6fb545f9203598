/**
 * The per-window commit lock of the NDJSON sink: a directory (`mkdir` is atomic) holding an owner token.
 *
 * - While held, the lock's mtime is refreshed every `staleMs / 4`, so a commit that runs longer than
 *   `staleMs` (a large window on a slow disk) is never mistaken for a dead one.
 * - A lock whose mtime is older than `staleMs` belongs to an attempt that died (process killed, machine
 *   lost): it is moved aside with `rename` (atomic, so only one waiter takes it over) and deleted.
 * - Before publishing, the holder checks that the lock still holds its token (`assertHeld`): an attempt
 *   that was frozen past `staleMs` (SIGSTOP, a suspended VM) and lost its lock fails instead of
 *   overwriting what the new holder published. The activity then runs again and merges anew.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface CommitLockOptions {
  /** A lock not refreshed for this long is taken over. */
  readonly staleMs: number;
  /** Waiting for a live holder re-checks this often. Default 100 ms. */
  readonly pollMs?: number | undefined;
  /** Wall clock (ms). Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

export interface CommitLock {
  /** Throws when another attempt took the lock over (this one was frozen longer than `staleMs`). */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
}

/** Thrown by `assertHeld` when the lock was lost: retryable, nothing was published. */
export class CommitLockLostError extends Error {
  override readonly name = 'CommitLockLostError';
}

const OWNER = 'owner';

export async function acquireCommitLock(path: string, options: CommitLockOptions): Promise<CommitLock> {
  const now = options.now ?? Date.now;
  const token = randomBytes(12).toString('hex');
  for (;;) {
    try {
      await mkdir(path);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const mtime = (await stat(path).catch(() => undefined))?.mtimeMs;
      if (mtime !== undefined && now() - mtime > options.staleMs) await takeOver(path);
      else await delay(options.pollMs ?? 100);
    }
  }
  try {
    await writeFile(join(path, OWNER), token);
  } catch (error) {
    await rm(path, { recursive: true, force: true });
    throw error;
  }
  const refresh = setInterval(
    () => {
      const at = new Date(now());
      utimes(path, at, at).catch(() => undefined);
    },
    Math.max(10, Math.floor(options.staleMs / 4)),
  );
  refresh.unref();
  const held = async () => (await readFile(join(path, OWNER), 'utf8').catch(() => '')) === token;
  return {
    async assertHeld() {
      if (!(await held())) {
        throw new CommitLockLostError(
          `commit lock ${path} was taken over by another attempt while this one was stalled for more than ${options.staleMs} ms; this attempt published nothing and will run again`,
        );
      }
    },
    async release() {
      clearInterval(refresh);
      if (await held()) await rm(path, { recursive: true, force: true });
    },
  };
}

async function takeOver(path: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // Another waiter took it over first (or its holder just released it): try again.
  }
  await rm(aside, { recursive: true, force: true });
}
