/**
 * Non-empty lines of an NDJSON file, streamed.
 *
 * - Lines end at `\n` only. `node:readline` also ends a line at U+2028 and U+2029, which `JSON.stringify`
 *   leaves unescaped inside strings: a record whose text holds one would be cut in two and never parse.
 * - The file handle is closed however the consumer stops — at the end, on `break`, or when it throws (a
 *   corrupt line): the stream is destroyed explicitly.
 * - A missing file has no lines.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export async function* readLines(path: string): AsyncGenerator<string> {
  const exists = await stat(path).catch(() => undefined);
  if (!exists) return;
  const input = createReadStream(path);
  // Decodes UTF-8 across chunk boundaries (a character split between two reads).
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of input) {
      const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') yield line;
    }
    const last = rest + decoder.end();
    if (last.trim() !== '') yield last;
  } finally {
    input.destroy();
  }
}
