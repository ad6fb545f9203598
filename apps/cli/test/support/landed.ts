/**
 * Reading what a backfill landed: every engagement id in the published NDJSON window files.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function ndjsonDirIds(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.ndjson'))) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      if (line !== '') ids.push((JSON.parse(line) as { engagement_id: string }).engagement_id);
    }
  }
  return ids.sort();
}

export function expectSameSet(
  ids: readonly string[],
  truth: readonly string[],
): { ok: boolean; detail: string } {
  const unique = new Set(ids);
  const missing = truth.filter((id) => !unique.has(id)).length;
  const extra = ids.length - unique.size;
  const ok = unique.size === ids.length && ids.length === truth.length && missing === 0;
  return {
    ok,
    detail: `${ids.length} landed, ${unique.size} distinct, ${truth.length} expected, ${missing} missing, ${extra} duplicated`,
  };
}
