/**
 * The NDJSON sink's page parts on a real directory: the commit copies record bytes through using the ids
 * in each part's header, reads a part of an earlier worker version (no ids) the old way, and refuses a
 * part whose lines do not match its ids instead of publishing records under the wrong id.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monthWindows, type SmsRecord, type WindowCursor } from '@zcc-sms/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNdjsonSink, type SinkWindow } from '../src/index.ts';
import { CorruptPartError } from '../src/sinks/part-file.ts';

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
const record = (id: string, extra: Record<string, unknown> = {}): SmsRecord => ({
  engagement_id: id,
  start_time: '2025-01-05T00:00:00Z',
  ...extra,
});

let dir: string;
let parts: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-parts-'));
  parts = join(dir, '.zcc-sms', 'parts', jan!.id);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function published(): Promise<string[]> {
  const text = await readFile(join(dir, `${jan!.id}.ndjson`), 'utf8');
  return text.split('\n').filter((line) => line !== '');
}

/** A part as the worker before the id header wrote it: checkpoint line, then the records. */
async function writeOldPart(pages: number, records: readonly SmsRecord[]): Promise<void> {
  const content =
    `${JSON.stringify({ backfillId: 'b1', cursor: cursor(pages) })}\n` +
    records.map((r) => `${JSON.stringify(r)}\n`).join('');
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  await writeFile(join(parts, `${String(pages).padStart(9, '0')}-${hash}.part`), content);
}

describe('NDJSON page parts', () => {
  it('publishes every record byte for byte, each id once, across parts and a re-run', async () => {
    const sink = createNdjsonSink({ dir });
    await sink.open(target);
    // Non-ASCII text, unescaped line separators and unknown fields must come through unchanged.
    const first = [record('a', { consumer_display_name: 'Zoë 💬' }), record('b\u2028c', { extra: { n: 1 } })];
    const second = [record('a', { consumer_display_name: 'a repeat' }), record('d\u2029')];
    await sink.writePage(target, first, cursor(1));
    await sink.writePage(target, second, cursor(2));
    expect(await sink.commitWindow(target)).toEqual({ records: 3 });
    const expected = [first[0], first[1], second[1]].map((r) => JSON.stringify(r));
    expect(await published()).toEqual(expected);
    // A re-run only adds: the published ids are dropped, the new one lands.
    await sink.open(target);
    await sink.writePage(target, [record('d\u2029'), record('e')], cursor(1));
    expect(await sink.commitWindow(target)).toEqual({ records: 4 });
    expect(await published()).toEqual([...expected, JSON.stringify(record('e'))]);
    expect(await readdir(parts)).toEqual([]);
  });

  it('resumes from and commits parts an earlier worker version wrote (no ids in the header)', async () => {
    const sink = createNdjsonSink({ dir });
    await sink.open(target);
    await writeOldPart(1, [record('a'), record('b')]);
    await writeOldPart(2, [record('b'), record('c')]);
    expect(await sink.open(target)).toEqual({ checkpoint: cursor(2) });
    await sink.writePage(target, [record('c'), record('d')], cursor(3));
    expect(await sink.commitWindow(target)).toEqual({ records: 4 });
    const ids = (await published()).map((line) => (JSON.parse(line) as SmsRecord).engagement_id);
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses a part whose lines do not match the ids in its header, and publishes nothing', async () => {
    const sink = createNdjsonSink({ dir });
    await sink.open(target);
    await sink.writePage(target, [record('a')], cursor(1));
    const header = JSON.stringify({ backfillId: 'b1', cursor: cursor(2), ids: ['b', 'c'] });
    await writeFile(join(parts, '000000002-bad.part'), `${header}\n${JSON.stringify(record('b'))}\n`);
    await expect(sink.commitWindow(target)).rejects.toThrow(CorruptPartError);
    expect((await readdir(dir)).filter((n) => n.endsWith('.ndjson'))).toEqual([]);
    await rm(join(parts, '000000002-bad.part'));
    expect(await sink.commitWindow(target)).toEqual({ records: 1 });
  });
});
