/**
 * The demo's fixed choices: the last 12 complete UTC months, and reading back the landed engagement ids
 * to check them against the sandbox's ground truth.
 */
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseWindowFileName } from '@zcc-sms/temporal/names';

/** `[first day of the month 12 months ago, last day of last month]`, as `yyyy-mm-dd`. */
export function lastTwelveMonths(now: number): { from: string; to: string } {
  const d = new Date(now);
  const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 12, 1));
  const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

/** Every engagement id in the published `.ndjson` files of `dir` (duplicates kept, to be counted). */
export async function landedIds(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of (await readdir(dir)).filter((n) => parseWindowFileName(n) !== undefined).sort()) {
    const lines = createInterface({
      input: createReadStream(join(dir, name)),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines)
      if (line !== '') ids.push((JSON.parse(line) as { engagement_id: string }).engagement_id);
  }
  return ids;
}
