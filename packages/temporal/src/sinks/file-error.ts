/**
 * File-system failures of a sink, made readable: Node's `ENOSPC: no space left on device, write` names
 * neither the file nor what to do. The error keeps the errno `code` and the original as `cause`; it stays
 * retryable (the activity runs again from its checkpoint once the user freed space), unlike a
 * `SinkConfigError`.
 */

const FIXES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device; free space on that file system and the window resumes from its last page',
  EDQUOT: 'disk quota exceeded; free space or raise the quota and the window resumes from its last page',
  EROFS: 'the file system is read-only; point the sink at a writable directory',
  EACCES: 'permission denied; give the worker write access to the directory',
};

export class SinkFileError extends Error {
  override readonly name = 'SinkFileError';
  readonly code: string | undefined;
  readonly path: string;

  constructor(action: string, path: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const reason = code ? `${code} (${FIXES[code] ?? (cause as Error).message})` : String(cause);
    super(`NDJSON sink cannot ${action} ${path}: ${reason}`, { cause });
    this.code = code;
    this.path = path;
  }
}

/** Runs a file operation; an errno failure becomes a `SinkFileError` naming `path`. */
export async function onFile<T>(action: string, path: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof SinkFileError || (error as NodeJS.ErrnoException)?.code === undefined) throw error;
    throw new SinkFileError(action, path, error);
  }
}
