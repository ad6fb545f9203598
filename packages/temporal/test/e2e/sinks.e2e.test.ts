/**
 * Sink unit tests against a real temp directory and the real PostgreSQL: idempotent pages, edge records
 * landed once across windows, atomic publication, checkpoints.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monthWindows, type SmsRecord, splitWindow, type WindowCursor } from '@zcc-sms/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type BackfillSink,
  createNdjsonSink,
  createPostgresSink,
  SinkConfigError,
  type SinkWindow,
} from '../../src/index.ts';

const [jan, feb] = monthWindows('2025-01-01', '2025-02-28');
const edge = '2025-02-01T00:00:00Z';
// A plan's sub-windows of February: their shared edge is mid-month (core splitWindow).
const [feb1, feb2] = splitWindow(feb!, 2);
const subEdge = '2025-02-15T00:00:00Z';
const rec = (id: string, start: string): SmsRecord => ({
  engagement_id: id,
  start_time: start,
  end_time: start,
  direction: 'inbound',
});
const cursor = (windowId: string, pages: number): WindowCursor => ({
  windowId,
  from: '',
  to: '',
  pages,
  records: 0,
  nextPageToken: `t${pages}`,
  tokenIssuedAt: Date.now(),
  done: false,
});
const target = (window: typeof jan): SinkWindow => ({ backfillId: 'b1', window: window!, filters: {} });

/** Behaviour every sink must have; `landed` reads what a user would see. */
function sinkContract(
  name: string,
  make: () => Promise<{ sink: BackfillSink; landed: () => Promise<string[]> }>,
) {
  describe(name, () => {
    it('lands repeated pages and edge records exactly once, keeps checkpoints until commit', async () => {
      const { sink, landed } = await make();
      try {
        const a = target(jan);
        const b = target(feb);
        expect(await sink.open(a)).toEqual({});
        await sink.writePage(a, [rec('j1', '2025-01-05T10:00:00Z'), rec('edge', edge)], cursor(jan!.id, 1));
        // A retry writes the same page again; a restarted window repeats records.
        await sink.writePage(a, [rec('j1', '2025-01-05T10:00:00Z'), rec('edge', edge)], cursor(jan!.id, 1));
        await sink.writePage(
          a,
          [rec('j2', '2025-01-20T10:00:00Z'), rec('j1', '2025-01-05T10:00:00Z')],
          cursor(jan!.id, 2),
        );
        expect((await sink.open(a)).checkpoint).toMatchObject({ windowId: jan!.id, pages: 2 });
        expect(await sink.commitWindow(a)).toEqual({ records: 3 });
        expect((await sink.open(a)).checkpoint).toBeUndefined();
        // The neighbour returns the edge record too (inclusive `to`): it must not land twice.
        await sink.open(b);
        await sink.writePage(b, [rec('edge', edge), rec('f1', '2025-02-10T10:00:00Z')], cursor(feb!.id, 1));
        expect(await sink.commitWindow(b)).toEqual({ records: 1 });
        // Re-running a committed window adds nothing and loses nothing.
        await sink.writePage(a, [rec('j2', '2025-01-20T10:00:00Z')], cursor(jan!.id, 1));
        expect(await sink.commitWindow(a)).toEqual({ records: 3 });
        const ids = await landed();
        expect(ids.sort()).toEqual(['edge', 'f1', 'j1', 'j2']);
      } finally {
        await sink.close();
      }
    });

    it('lands a record on a sub-window edge once (both halves return it under an inclusive `to`)', async () => {
      const { sink, landed } = await make();
      try {
        expect(feb1!.sharedEdges).toContain(Date.parse(subEdge));
        const a = target(feb1);
        const b = target(feb2);
        await sink.open(a);
        await sink.open(b);
        await sink.writePage(
          b,
          [rec('sub', subEdge), rec('late', '2025-02-20T00:00:00Z')],
          cursor(feb2!.id, 1),
        );
        await sink.writePage(
          a,
          [rec('early', '2025-02-02T00:00:00Z'), rec('sub', subEdge)],
          cursor(feb1!.id, 1),
        );
        const counts = [(await sink.commitWindow(a)).records, (await sink.commitWindow(b)).records];
        expect(counts[0]! + counts[1]!).toBe(3);
        expect((await landed()).sort()).toEqual(['early', 'late', 'sub']);
      } finally {
        await sink.close();
      }
    });
  });
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

sinkContract('NDJSON sink', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zcc-sink-'));
  dirs.push(dir);
  return {
    sink: createNdjsonSink({ dir }),
    landed: async () => {
      const ids: string[] = [];
      for (const name of (await readdir(dir)).filter((n) => n.endsWith('.ndjson'))) {
        for (const line of (await readFile(join(dir, name), 'utf8')).split('\n').filter(Boolean)) {
          ids.push((JSON.parse(line) as SmsRecord).engagement_id);
        }
      }
      return ids;
    },
  };
});

let table = 0;
sinkContract('PostgreSQL sink', async () => {
  const url = inject('zccPostgresUrl');
  const name = `sink_contract_${++table}_${process.pid}`;
  return {
    sink: createPostgresSink({ connectionString: url, table: name }),
    landed: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const rows = await client.query<{ engagement_id: string }>(`SELECT engagement_id FROM "${name}"`);
      await client.end();
      return rows.rows.map((r) => r.engagement_id);
    },
  };
});

describe('NDJSON specifics', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zcc-sink-'));
    dirs.push(dir);
  });

  it('writes the API field names one record per line, and nothing half-written is visible', async () => {
    const sink = createNdjsonSink({ dir });
    const a = target(jan);
    await sink.open(a);
    await sink.writePage(a, [rec('x1', '2025-01-02T00:00:00Z')], cursor(jan!.id, 1));
    expect((await readdir(dir)).filter((n) => n.endsWith('.ndjson'))).toEqual([]);
    await sink.commitWindow(a);
    const text = await readFile(join(dir, `${jan!.id}.ndjson`), 'utf8');
    expect(text).toBe(`${JSON.stringify(rec('x1', '2025-01-02T00:00:00Z'))}\n`);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('a backfill started again with another split adds nothing twice (sub-windows over a month file)', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'zcc-sink-'));
    dirs.push(fresh);
    const sink = createNdjsonSink({ dir: fresh });
    const records = [
      rec('m1', '2025-02-03T00:00:00Z'),
      rec('sub', subEdge),
      rec('m2', '2025-02-25T00:00:00Z'),
    ];
    // First run: February unsplit, published.
    await sink.open(target(feb));
    await sink.writePage(target(feb), records, cursor(feb!.id, 1));
    await sink.commitWindow(target(feb));
    // Second run (favor: 'time' measured other counts): February in two halves, plus one new record.
    await sink.open(target(feb1));
    await sink.writePage(
      target(feb1),
      [...records.slice(0, 2), rec('new', '2025-02-05T00:00:00Z')],
      cursor(feb1!.id, 1),
    );
    await sink.commitWindow(target(feb1));
    await sink.open(target(feb2));
    await sink.writePage(target(feb2), records.slice(1), cursor(feb2!.id, 1));
    await sink.commitWindow(target(feb2));
    expect((await ndjsonIdsIn(fresh)).sort()).toEqual(['m1', 'm2', 'new', 'sub']);
  });

  it("an edge claim of a cancelled run's sub-window does not lose the record when split otherwise", async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'zcc-sink-'));
    dirs.push(fresh);
    const sink = createNdjsonSink({ dir: fresh });
    // Cancelled run: the second half claimed the sub-edge record, then never committed.
    await sink.open(target(feb2));
    await sink.writePage(target(feb2), [rec('sub', subEdge)], cursor(feb2!.id, 1));
    // Started again, split at the same edge and once more: both windows at the edge see the old claim.
    const [left, right] = [feb1, splitWindow(feb2!, 2)[0]];
    for (const w of [left, right]) {
      await sink.open(target(w));
      await sink.writePage(target(w), [rec('sub', subEdge)], cursor(w!.id, 1));
      await sink.commitWindow(target(w));
    }
    expect(await ndjsonIdsIn(fresh)).toEqual(['sub']);
  });

  it('refuses a directory that holds records for other filters', async () => {
    const sink = createNdjsonSink({ dir });
    await expect(sink.open({ ...target(jan), filters: { direction: 'outbound' } })).rejects.toBeInstanceOf(
      SinkConfigError,
    );
  });
});

async function ndjsonIdsIn(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.ndjson'))) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n').filter(Boolean)) {
      ids.push((JSON.parse(line) as SmsRecord).engagement_id);
    }
  }
  return ids;
}

describe('PostgreSQL specifics', () => {
  it('rejects a table name that is not a plain identifier, naming the field and the fix', () => {
    expect(() =>
      createPostgresSink({ connectionString: 'postgres://x@127.0.0.1/db', table: 'x; DROP TABLE y' }),
    ).toThrow(/sink\.table: .* use lower-case letters/);
  });

  it('stores typed columns beside the jsonb record', async () => {
    const url = inject('zccPostgresUrl');
    const sink = createPostgresSink({ connectionString: url, table: 'sink_typed' });
    await sink.open(target(jan));
    await sink.writePage(target(jan), [rec('t1', '2025-01-03T04:05:06Z')], cursor(jan!.id, 1));
    await sink.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const row = (await client.query('SELECT start_time, direction, record FROM sink_typed')).rows[0];
    await client.end();
    expect(row.start_time.toISOString()).toBe('2025-01-03T04:05:06.000Z');
    expect(row.direction).toBe('inbound');
    expect(row.record.engagement_id).toBe('t1');
  });
});
