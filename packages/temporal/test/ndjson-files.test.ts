/**
 * The NDJSON sink's file handling on a real directory: no file descriptor and no temp file outlives a
 * failed commit, and the commit lock is refreshed by a live holder but taken over from a dead one.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { monthWindows, type WindowCursor } from '@zcc-sms/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNdjsonSink, SinkConfigError, type SinkWindow } from '../src/index.ts';
import { acquireCommitLock, CommitLockLostError } from '../src/sinks/commit-lock.ts';
import { readLines } from '../src/sinks/read-lines.ts';

const [jan] = monthWindows('2025-01-01', '2025-01-31');
const target: SinkWindow = { backfillId: 'b1', window: jan!, filters: {} };
const cursor = (pages: number): WindowCursor => ({
  windowId: jan!.id,
  from: jan!.from,
  to: jan!.to,
  pages,
  records: 0,
  done: false,
});

async function openFds(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

/** Files named like a temp file anywhere under `dir`. */
async function tempFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir, { recursive: true })) as string[];
  return names.filter((n) => n.includes('.tmp-'));
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readLines', () => {
  it('closes its file when the consumer throws', async () => {
    const path = join(dir, 'lines.ndjson');
    // Large enough that the stream is still open when the consumer stops (a small file is read whole).
    await writeFile(path, `a\n${'b\n'.repeat(1_000_000)}`);
    const before = await openFds();
    for (let i = 0; i < 20; i++) {
      await expect(
        (async () => {
          for await (const line of readLines(path)) throw new Error(`consumer failed at ${line}`);
        })(),
      ).rejects.toThrow('consumer failed at a');
    }
    // Closing is asynchronous; a leak keeps 20 descriptors open for good.
    for (let i = 0; i < 50 && (await openFds()) > before; i++) await delay(20);
    expect(await openFds()).toBe(before);
  });

  it('ends lines at \\n only: a record holding U+2028 or U+2029 (unescaped by JSON.stringify) stays whole', async () => {
    const path = join(dir, 'separators.ndjson');
    const records = [{ engagement_id: 'a\u2028b' }, { engagement_id: '\u2029' }, { engagement_id: 'ü💬' }];
    await writeFile(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const lines: string[] = [];
    for await (const line of readLines(path)) lines.push(line);
    expect(lines.map((l) => JSON.parse(l))).toEqual(records);
  });
});

describe('NDJSON commit failures', () => {
  it('a commit failing on a corrupt part leaves no temp file and no open descriptor, and publishes nothing', async () => {
    const sink = createNdjsonSink({ dir });
    await sink.open(target);
    await sink.writePage(target, [{ engagement_id: 'a', start_time: '2025-01-05T00:00:00Z' }], cursor(1));
    const parts = join(dir, '.zcc-sms', 'parts', jan!.id);
    // A corrupt line early in a large part: the commit fails while the part is still being read.
    const rest = `${JSON.stringify({ engagement_id: 'b' })}\n`.repeat(100_000);
    await writeFile(
      join(parts, '000000002-bad.part'),
      `${JSON.stringify({ backfillId: 'b1' })}\n{not json\n${rest}`,
    );
    const before = await openFds();
    for (let i = 0; i < 5; i++) await expect(sink.commitWindow(target)).rejects.toThrow(SyntaxError);
    for (let i = 0; i < 50 && (await openFds()) > before; i++) await delay(20);
    expect(await openFds()).toBe(before);
    expect(await tempFiles(dir)).toEqual([]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.ndjson'))).toEqual([]);
    // The lock was released: once the bad part is gone the commit goes through.
    await rm(join(parts, '000000002-bad.part'));
    expect(await sink.commitWindow(target)).toEqual({ records: 1 });
  });

  it('after a power loss resumes from the last intact part: a part emptied or cut, and every later one, is fetched again', async () => {
    const sink = createNdjsonSink({ dir });
    await sink.open(target);
    const record = (n: number) => ({ engagement_id: `r${n}`, start_time: '2025-01-05T00:00:00Z' });
    for (let page = 1; page <= 4; page++) await sink.writePage(target, [record(page)], cursor(page));
    const parts = join(dir, '.zcc-sms', 'parts', jan!.id);
    const names = (await readdir(parts)).sort();
    expect(names).toHaveLength(4);
    // Pages are not fsynced: the power loss left page 3's file (its rename was journaled) without its data.
    await writeFile(join(parts, names[2]!), '');
    expect(await sink.open(target)).toEqual({ checkpoint: cursor(2) });
    expect((await readdir(parts)).sort()).toEqual(names.slice(0, 2));
    // A part cut short fails its hash the same way.
    const cut = (await readFile(join(parts, names[1]!), 'utf8')).slice(0, -5);
    await writeFile(join(parts, names[1]!), cut);
    expect(await sink.open(target)).toEqual({ checkpoint: cursor(1) });
    // The window goes on from page 1: pages 2 to 4 land again and the commit holds each record once.
    for (let page = 2; page <= 4; page++) await sink.writePage(target, [record(page)], cursor(page));
    expect(await sink.commitWindow(target)).toEqual({ records: 4 });
  });

  it('removes the temp files a dead attempt left behind (a merge, a page)', async () => {
    const sink = createNdjsonSink({ dir });
    await sink.open(target);
    await writeFile(join(dir, '.zcc-sms', `${jan!.id}.ndjson.tmp-999999-1`), 'x'.repeat(1000));
    const parts = join(dir, '.zcc-sms', 'parts', jan!.id);
    await writeFile(join(parts, '000000001-abc.part.tmp-999999-beef'), 'x'.repeat(1000));
    await sink.writePage(target, [{ engagement_id: 'a', start_time: '2025-01-05T00:00:00Z' }], cursor(1));
    expect(await sink.commitWindow(target)).toEqual({ records: 1 });
    expect(await tempFiles(dir)).toEqual([]);
  });
});

describe('meta.json', () => {
  it('is checked once per filter set: the same sink and a new one both refuse other filters', async () => {
    const sink = createNdjsonSink({ dir });
    await sink.open(target);
    await sink.open(target);
    const other: SinkWindow = { ...target, filters: { direction: 'inbound' } };
    await expect(sink.open(other)).rejects.toThrow(SinkConfigError);
    await expect(sink.open(other)).rejects.toThrow(SinkConfigError);
    await expect(createNdjsonSink({ dir }).open(other)).rejects.toThrow(SinkConfigError);
    expect(await readFile(join(dir, '.zcc-sms', 'meta.json'), 'utf8')).toBe('{"filters":{}}\n');
  });
});

describe('commit lock', () => {
  it('a holder longer than the stale age keeps its lock; a second attempt waits until it is released', async () => {
    const path = join(dir, 'w.lock');
    const first = await acquireCommitLock(path, { staleMs: 200, pollMs: 10 });
    const acquiredAt = (await stat(path)).mtimeMs;
    let secondHeld = false;
    const second = acquireCommitLock(path, { staleMs: 200, pollMs: 10 }).then((lock) => {
      secondHeld = true;
      return lock;
    });
    // Five stale ages: without refreshing, the second attempt would have taken the lock over.
    await delay(1_000);
    expect(secondHeld).toBe(false);
    await first.assertHeld();
    expect((await stat(path)).mtimeMs).toBeGreaterThan(acquiredAt);
    await first.release();
    const lock = await second;
    await lock.assertHeld();
    await lock.release();
  });

  it('takes over the lock of a dead attempt (not refreshed for longer than the stale age)', async () => {
    const path = join(dir, 'w.lock');
    await mkdir(path);
    await writeFile(join(path, 'owner'), 'dead-attempt');
    const old = new Date(Date.now() - 10_000);
    await utimes(path, old, old);
    const lock = await acquireCommitLock(path, { staleMs: 5_000, pollMs: 10 });
    await lock.assertHeld();
    await lock.release();
    await expect(stat(path)).rejects.toThrow();
  });

  it('a holder that lost its lock (frozen past the stale age) refuses to publish', async () => {
    let now = Date.now();
    const clock = () => now;
    const path = join(dir, 'w.lock');
    const frozen = await acquireCommitLock(path, { staleMs: 60_000, pollMs: 10, now: clock });
    // The frozen holder's refresh never ran: from the next attempt's point of view it is an hour old.
    now += 3_600_000;
    const next = await acquireCommitLock(path, { staleMs: 60_000, pollMs: 10, now: clock });
    await expect(frozen.assertHeld()).rejects.toThrow(CommitLockLostError);
    await frozen.release();
    // Releasing a lost lock leaves the new holder's lock alone.
    await next.assertHeld();
    await next.release();
  });
});
