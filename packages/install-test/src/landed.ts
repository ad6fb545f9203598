/**
 * What landed, compared with the sandbox's ground truth: nothing lost, nothing duplicated.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';

export function ndjsonIds(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { engagement_id: string }).engagement_id);
}

/** Every engagement id in the published `<windowId>.ndjson` files of a backfill directory. */
export async function ndjsonDirIds(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.ndjson'))) {
    ids.push(...ndjsonIds(await readFile(join(dir, name), 'utf8')));
  }
  return ids;
}

export function expectExactlyOnce(ids: readonly string[], truth: readonly string[]): void {
  expect(truth.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...truth].sort());
}
