/**
 * A backfill into NDJSON on a file system that fills up (a small tmpfs mounted by the test; tests and CI
 * run as root). The user sees why it stopped (ENOSPC and the path, a final failure of each window that could
 * not be written), failed writes never leave temp files that keep the disk full, windows published before
 * the disk filled stay exactly as they were, and once there is space again the same backfill, started
 * again, lands the exact set.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBackfill } from '../../src/index.ts';
import {
  expectExactSet,
  FAST,
  type Harness,
  ndjsonIds,
  RANGE,
  startHarness,
  waitFor,
} from '../support/helpers.ts';

let h: Harness | undefined;
let dir: string;
let mounted = false;
let mountError = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zcc-full-disk-'));
  try {
    // Room for a few months of the 13, not for all of them.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', dir], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    mountError = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    return;
  }
  h = await startHarness();
  await h.startWorker();
});

afterAll(async () => {
  await h?.close();
  if (mounted) execFileSync('umount', ['-l', dir]);
  await rm(dir, { recursive: true, force: true });
});

/** Files named like a temp file, and unpublished parts, anywhere under `dir`. */
async function leftovers(root: string): Promise<{ temps: string[]; parts: string[] }> {
  const names = (await readdir(root, { recursive: true })) as string[];
  return { temps: names.filter((n) => n.includes('.tmp-')), parts: names.filter((n) => n.endsWith('.part')) };
}

async function published(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(root)).filter((n) => n.endsWith('.ndjson')))
    files.set(name, await readFile(join(root, name), 'utf8'));
  return files;
}

it('stops with ENOSPC and the path, leaves no temp files, keeps what was committed, and a re-run finishes once space returns', async (ctx) => {
  if (!mounted) {
    console.warn(`skipped: cannot mount a tmpfs (${mountError}); this test needs root`);
    ctx.skip();
  }
  const harness = h!;
  const truth = harness.sandbox.groundTruth(RANGE);
  const { handle } = await startBackfill(
    harness.client,
    // One window at a time: the first months are published before the disk fills.
    { ...RANGE, sink: { type: 'ndjson', dir }, options: { ...FAST, windowConcurrency: 1 } },
    { taskQueue: harness.taskQueue },
  );

  // A full disk is final for the window (retrying cannot make space): the backfill lands what fits,
  // then fails naming each window that could not be written, with ENOSPC and the path.
  const error = await handle.result().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('FailedWindows');
  const failure = `${cause.message}\n${JSON.stringify(cause.details ?? [])}`;
  expect(failure).toContain('ENOSPC');
  expect(failure).toContain(dir);
  expect(failure).toMatch(/no space left on device/);
  // Every failed write removed its temp file: retries do not keep the disk full.
  await waitFor(async () => (await leftovers(dir)).temps.length === 0, 'no temp files', 30_000);
  const before = await published(dir);
  expect(before.size, 'windows committed before the disk filled').toBeGreaterThan(0);
  const committed = [...before.values()].flatMap((text) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { engagement_id: string }).engagement_id),
  );
  expect(committed.length - new Set(committed).size).toBe(0);
  expect(committed.every((id) => truth.includes(id))).toBe(true);
  expect(committed.length).toBeLessThan(truth.length);

  // Space returns; the same backfill, started again, finishes only what is missing.
  execFileSync('mount', ['-o', 'remount,size=64m', dir]);
  const again = await startBackfill(
    harness.client,
    { ...RANGE, sink: { type: 'ndjson', dir }, options: { ...FAST, windowConcurrency: 1 } },
    { taskQueue: harness.taskQueue },
  );
  await again.handle.result();
  expectExactSet(await ndjsonIds(dir), truth);
  // What was committed before the disk filled is untouched.
  const after = await published(dir);
  for (const [name, text] of before) expect(after.get(name), name).toBe(text);
  expect(await leftovers(dir)).toEqual({ temps: [], parts: [] });
});
