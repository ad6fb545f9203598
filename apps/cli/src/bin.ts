#!/usr/bin/env node
/**
 * The `zcc-sms` executable. Node 24 runs this TypeScript file directly (type stripping).
 */
import { processIo } from './io.ts';
import { main } from './main.ts';

/**
 * Resolves once the stream handed everything written to it to the OS. Writes to a pipe are queued when the
 * pipe is full — below the high-water mark Node does not ask the writer to wait — and `process.exit` drops
 * the queue: a slow reader of `export | …` lost the last page once. A write's callback runs after every
 * earlier write, so an empty write marks the end of the queue.
 */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0 || stream.destroyed) resolve();
    else stream.write('', () => resolve());
  });
}

const code = await main(process.argv.slice(2), processIo());
process.exitCode = code;
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
