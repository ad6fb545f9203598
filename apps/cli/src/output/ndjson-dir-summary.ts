/**
 * Records per month of an NDJSON backfill directory: the sink publishes one `<windowId>.ndjson` per
 * month window (`20250301T000000Z-20250401T000000Z.ndjson`, `parseWindowFileName`), one record per line.
 */
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWindowFileName } from '@zcc-sms/temporal/names';

export interface MonthCount {
  readonly month: string;
  readonly records: number;
  readonly file: string;
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lines += 1;
  }
  return lines;
}

export async function monthCounts(dir: string): Promise<MonthCount[]> {
  const out: MonthCount[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const window = parseWindowFileName(name);
    if (window === undefined) continue;
    out.push({ month: window.month, records: await countLines(join(dir, name)), file: name });
  }
  return out;
}
