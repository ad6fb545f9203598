/**
 * Non-empty lines of a text file, streamed. The file handle is closed however the consumer stops — at the
 * end, on `break`, or when it throws (a corrupt line in a part file): readline's `close()` does not close
 * its input stream, so the stream is destroyed explicitly. A missing file has no lines.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export async function* readLines(path: string): AsyncGenerator<string> {
  const exists = await stat(path).catch(() => undefined);
  if (!exists) return;
  const input = createReadStream(path, 'utf8');
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) if (line.trim() !== '') yield line;
  } finally {
    lines.close();
    input.destroy();
  }
}
