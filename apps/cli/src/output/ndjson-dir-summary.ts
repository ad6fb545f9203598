/**
 * Records per month of an NDJSON backfill directory: the sink publishes one `<windowId>.ndjson` per
 * month window (`20250301T000000Z-20250401T000000Z.ndjson`), one record per line.
 */
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface MonthCount {
  readonly month: string;
  readonly records: number;
  readonly file: string;
}

const WINDOW_FILE = /^(\d{4})(\d{2})\d{2}T\d{6}Z-\d{8}T\d{6}Z\.ndjson$/;

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lines += 1;
  }
  return lines;
}

export async function monthCounts(dir: string): Promise<MonthCount[]> {
  const names = (await readdir(dir)).filter((n) => WINDOW_FILE.test(n)).sort();
  const out: MonthCount[] = [];
  for (const name of names) {
    const m = WINDOW_FILE.exec(name)!;
    out.push({ month: `${m[1]}-${m[2]}`, records: await countLines(join(dir, name)), file: name });
  }
  return out;
}
