/**
 * Where exported text goes: stdout, or a file written atomically (a temporary file in the same directory,
 * fsync'd, then renamed over the target — so a reader never sees half a file and an interrupted export
 * leaves the previous file intact). A target that exists and is not a regular file (`/dev/null`, a FIFO, a
 * terminal) is written in place: renaming over it would replace the device node itself — as root, `/dev/null`
 * became a plain file. Writes respect backpressure.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { access, constants, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError } from '../cli-error.ts';

export interface TextSink {
  /** Where the data goes, for messages: `stdout` or the absolute path. */
  readonly target: string;
  write(text: string): Promise<void>;
  /** Makes the output final (renames the temporary file into place). */
  commit(): Promise<void>;
  /** Drops the output (removes the temporary file); the target keeps its previous content. */
  abort(): Promise<void>;
}

async function writeWithBackpressure(stream: Writable, text: string): Promise<void> {
  if (text === '') return;
  if (stream.write(text)) return;
  await new Promise<void>((resolvePromise, reject) => {
    const onDrain = (): void => {
      stream.off('error', onError);
      resolvePromise();
    };
    const onError = (error: Error): void => {
      stream.off('drain', onDrain);
      reject(error);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

export function stdoutSink(stdout: Writable): TextSink {
  return {
    target: 'stdout',
    write: (text) => writeWithBackpressure(stdout, text),
    async commit() {},
    async abort() {},
  };
}

/** Checks, before any request, that the file can be created where the user asked. */
export async function checkOutputPath(path: string, cwd: string): Promise<string> {
  const target = resolve(cwd, path);
  const dir = dirname(target);
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new Error('not a directory');
    await access(dir, constants.W_OK);
  } catch {
    throw new UsageError(
      `--output ${JSON.stringify(path)}: the directory ${dir} does not exist or is not writable; create it or pick another path`,
    );
  }
  try {
    if ((await stat(target)).isDirectory()) {
      throw new UsageError(
        `--output ${JSON.stringify(path)} is a directory; name a file inside it, e.g. ${join(path, 'sms.ndjson')}`,
      );
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  return target;
}

/** The sink for `--output`: in place for a device or FIFO, else an atomic file. */
export async function fileSink(target: string): Promise<TextSink> {
  const info = await stat(target).catch(() => undefined);
  return info !== undefined && !info.isFile() ? inPlaceSink(target) : atomicFileSink(target);
}

/**
 * An open write stream, its first late error kept (a stream without an 'error' listener would crash the
 * process on, say, EPIPE from a FIFO whose reader left), and a close that ends it once.
 */
interface OpenStream {
  readonly stream: WriteStream;
  /** Throws the stream's error, if it had one. */
  check(): void;
  close(): Promise<void>;
}

async function openStream(path: string, options: { flags: string; mode?: number }): Promise<OpenStream> {
  const stream = createWriteStream(path, options);
  await new Promise<void>((resolvePromise, reject) => {
    stream.once('open', () => resolvePromise());
    stream.once('error', reject);
  });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  return {
    stream,
    check() {
      if (failure) throw failure;
    },
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        if (stream.closed) resolvePromise();
        else stream.end((error?: Error | null) => (error ? reject(error) : resolvePromise()));
      }),
  };
}

async function inPlaceSink(target: string): Promise<TextSink> {
  const out = await openStream(target, { flags: 'a' });
  return {
    target,
    async write(text) {
      out.check();
      await writeWithBackpressure(out.stream, text);
    },
    async commit() {
      await out.close();
      out.check();
    },
    abort: () => out.close().catch(() => undefined),
  };
}

async function atomicFileSink(target: string): Promise<TextSink> {
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const out = await openStream(temp, { flags: 'wx', mode: 0o644 });
  return {
    target,
    async write(text) {
      out.check();
      await writeWithBackpressure(out.stream, text);
    },
    async commit() {
      await out.close();
      out.check();
      // fsync before rename: after a crash the new name must not point at unwritten blocks.
      const handle = await open(temp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    },
    async abort() {
      await out.close().catch(() => undefined);
      await rm(temp, { force: true });
    },
  };
}
