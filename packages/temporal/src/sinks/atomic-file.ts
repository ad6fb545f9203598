/**
 * Atomic file replacement: write a temp file beside the target, fsync it, rename over the target, fsync
 * the directory. POSIX `rename` is atomic within one file system, so a reader (or a crash) sees the old
 * file or the new one, never half of either. A failure (a full disk) removes the temp file and names the
 * target in a `SinkFileError`: retries on a full disk must not fill it further.
 */
import { randomBytes } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { onFile } from './file-error.ts';

function tempName(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

async function writeSynced(path: string, data: string, sync = true): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Persists a directory entry change (create, rename) — POSIX needs an fsync of the directory itself. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` atomically (and durably, unless the caller orders durability otherwise:
 * `sync: false` skips the file's fsync, for callers that can tell a file the power loss emptied).
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  options: { syncDirectory?: boolean; sync?: boolean } = {},
): Promise<void> {
  const temp = tempName(path);
  try {
    await onFile('write', path, async () => {
      await writeSynced(temp, data, options.sync !== false);
      await rename(temp, path);
      if (options.syncDirectory !== false) await syncDir(dirname(path));
    });
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Creates `path` with `data` only if it does not exist, atomically and complete (hard link of a synced
 * temp file: `link` fails with EEXIST instead of replacing). Returns false when it already existed.
 */
export async function createFileExclusive(path: string, data: string): Promise<boolean> {
  const temp = tempName(path);
  try {
    await onFile('create', path, async () => {
      await writeSynced(temp, data);
      await link(temp, path);
    });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}
