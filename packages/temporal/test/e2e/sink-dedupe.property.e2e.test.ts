/**
 * Property: whatever the API hands a sink — records repeated across pages, a page replayed after a retry,
 * a window restarted or re-run after its commit, records on a shared month edge returned by one or both
 * neighbours, windows in any order, ids full of unicode, quotes, newlines and `\u0000` — what lands is
 * the set of distinct engagement ids, each exactly once. Checked for the NDJSON sink (edge claims, and
 * `dedupe: 'all'` with ids repeated across any windows) and for PostgreSQL.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatInstant,
  monthWindows,
  type SmsRecord,
  type TimeWindow,
  type WindowCursor,
} from '@zcc-sms/core';
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { type BackfillSink, createNdjsonSink, createPostgresSink, type SinkWindow } from '../../src/index.ts';

const WINDOWS = monthWindows('2025-01-01', '2025-03-31');
const DAY = 86_400_000;

/**
 * Ids a careless sink would mangle: unicode (astral, combining, RTL, the U+2028/U+2029 line separators that
 * JSON leaves unescaped, unpaired surrogates), JSON/CSV/SQL metacharacters, NUL.
 */
const hostileId = fc.oneof(
  fc.uuid(),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '"',
    "'; DROP TABLE x; --",
    '\\',
    '\n',
    '\r\n',
    'a\u2028b',
    '\u2029',
    // Unpaired surrogates: all three encode to the same UTF-8 (U+FFFD).
    '\ud800',
    '\ud801',
    '\udc00',
    '💬',
    'e\u0301',
    '\u202e',
  ),
);

/** Where a record is in time: inside a window, or exactly on the edge between two neighbours. */
const placement = fc.oneof(
  fc.record({ window: fc.nat({ max: WINDOWS.length - 1 }), offsetDays: fc.integer({ min: 1, max: 27 }) }),
  fc.record({
    edge: fc.nat({ max: WINDOWS.length - 2 }),
    returnedBy: fc.constantFrom('both', 'left', 'right'),
  }),
);

interface Delivery {
  /** Pages per window as the API returned them (ids), in the order the windows ran. */
  readonly runs: ReadonlyArray<{ window: number; pages: string[][]; replay: number[] }>;
  readonly records: ReadonlyMap<string, SmsRecord>;
}

function at(ms: number): string {
  return formatInstant(ms);
}

/** The API's answers for one history of retries and re-runs, consistent with the records' times. */
const deliveryOf = (id: fc.Arbitrary<string>): fc.Arbitrary<Delivery> =>
  fc
    .uniqueArray(fc.tuple(id, placement), { minLength: 1, maxLength: 40, selector: ([id]) => id })
    .chain((placed) => {
      const records = new Map<string, SmsRecord>();
      const returned: string[][] = WINDOWS.map(() => []);
      for (const [id, p] of placed) {
        if ('window' in p) {
          const start = Date.parse(WINDOWS[p.window]!.from) + p.offsetDays * DAY;
          records.set(id, { engagement_id: id, start_time: at(start), end_time: at(start + 60_000) });
          returned[p.window]!.push(id);
        } else {
          const edge = Date.parse(WINDOWS[p.edge + 1]!.from);
          records.set(id, { engagement_id: id, start_time: at(edge), end_time: at(edge) });
          if (p.returnedBy !== 'right') returned[p.edge]!.push(id);
          if (p.returnedBy !== 'left') returned[p.edge + 1]!.push(id);
        }
      }
      const run = (window: number) =>
        fc
          .tuple(
            fc.shuffledSubarray(returned[window]!, { minLength: returned[window]!.length }),
            fc.integer({ min: 1, max: 4 }),
            // Records the API repeats on a later page (data shifting under the cursor).
            fc.subarray(returned[window]!),
            fc.array(fc.nat({ max: 5 }), { maxLength: 3 }),
          )
          .map(([ids, perPage, repeated, replay]) => {
            const pages: string[][] = [];
            for (let i = 0; i < ids.length; i += perPage) pages.push(ids.slice(i, i + perPage));
            if (pages.length === 0) pages.push([]);
            if (repeated.length > 0) pages.push(repeated);
            return { window, pages, replay: replay.filter((n) => n < pages.length) };
          });
      // Every window runs at least once, in any order; some run again after their commit.
      return fc
        .tuple(
          fc.shuffledSubarray(
            WINDOWS.map((_, i) => i),
            { minLength: WINDOWS.length },
          ),
          fc.array(fc.nat({ max: WINDOWS.length - 1 }), { maxLength: 2 }),
        )
        .chain(([order, again]) => fc.tuple(...[...order, ...again].map(run)))
        .map((runs) => ({ runs, records }));
    });

const cursor = (window: TimeWindow, pages: number): WindowCursor => ({
  windowId: window.id,
  from: window.from,
  to: window.to,
  pages,
  records: 0,
  done: false,
});

async function play(sink: BackfillSink, d: Delivery): Promise<void> {
  for (const run of d.runs) {
    const target: SinkWindow = { backfillId: 'prop', window: WINDOWS[run.window]!, filters: {} };
    await sink.open(target);
    const write = (page: number) =>
      sink.writePage(
        target,
        run.pages[page]!.map((id) => d.records.get(id)!),
        cursor(target.window, page + 1),
      );
    for (let page = 0; page < run.pages.length; page++) {
      await write(page);
      // A retry or a restarted window writes an earlier page again.
      for (const again of run.replay) if (again <= page) await write(again);
    }
    await sink.commitWindow(target);
  }
}

function expectExactlyOnce(landed: readonly string[], d: Delivery): void {
  expect(landed.length - new Set(landed).size, 'ids landed twice').toBe(0);
  expect(new Set(landed)).toEqual(new Set(d.records.keys()));
}

async function ndjsonLanded(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.ndjson'))) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n').filter(Boolean))
      ids.push((JSON.parse(line) as SmsRecord).engagement_id);
  }
  return ids;
}

describe('sink dedupe (property-based)', () => {
  it('NDJSON: edge claims land every id exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(deliveryOf(hostileId), async (d) => {
        const dir = await mkdtemp(join(tmpdir(), 'zcc-prop-'));
        try {
          await play(createNdjsonSink({ dir }), d);
          expectExactlyOnce(await ndjsonLanded(dir), d);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 150 },
    );
  });

  it("NDJSON dedupe 'all': ids repeated across any windows land once", async () => {
    const anywhere = fc
      .tuple(
        fc.uniqueArray(hostileId, { minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(fc.nat({ max: WINDOWS.length - 1 }), fc.array(fc.nat(), { maxLength: 6 })), {
          maxLength: 8,
        }),
      )
      .map(([ids, raw]): Delivery => {
        const records = new Map(ids.map((id) => [id, { engagement_id: id } as SmsRecord]));
        // Every id is delivered at least once (first run of window 0), then anywhere, any number of times.
        const runs = [
          { window: 0, pages: [ids], replay: [] },
          ...raw.map(([window, picks]) => ({
            window,
            pages: [picks.map((n) => ids[n % ids.length]!)],
            replay: [0],
          })),
        ];
        return { runs, records };
      });
    await fc.assert(
      fc.asyncProperty(anywhere, async (d) => {
        const dir = await mkdtemp(join(tmpdir(), 'zcc-prop-all-'));
        try {
          await play(createNdjsonSink({ dir, dedupe: 'all' }), d);
          expectExactlyOnce(await ndjsonLanded(dir), d);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 100 },
    );
  });

  // PostgreSQL text cannot hold U+0000 nor an unpaired surrogate: such an id is refused loudly (below),
  // never dropped; every other id is in the property.
  const pgId = hostileId.filter(
    (id) => !id.includes('\u0000') && Buffer.from(id, 'utf8').toString('utf8') === id,
  );

  it('PostgreSQL: an id PostgreSQL cannot store fails the page instead of vanishing', async () => {
    const url = inject('zccPostgresUrl');
    const table = `prop_nul_${process.pid}`;
    const sink = createPostgresSink({ connectionString: url, table, maxConnections: 1 });
    const target: SinkWindow = { backfillId: 'prop', window: WINDOWS[0]!, filters: {} };
    try {
      await sink.open(target);
      await expect(
        sink.writePage(target, [{ engagement_id: 'a\u0000b' }], cursor(WINDOWS[0]!, 1)),
      ).rejects.toThrow();
    } finally {
      await sink.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP TABLE IF EXISTS "${table}"`);
      await client.end();
    }
  });

  it('PostgreSQL: the primary key lands every id exactly once', async () => {
    const url = inject('zccPostgresUrl');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(deliveryOf(pgId), async (d) => {
          const table = `prop_${process.pid}_${++run}`;
          const sink = createPostgresSink({ connectionString: url, table, maxConnections: 2 });
          try {
            await play(sink, d);
            const rows = await client.query<{ engagement_id: string }>(
              `SELECT engagement_id FROM "${table}"`,
            );
            expectExactlyOnce(
              rows.rows.map((r) => r.engagement_id),
              d,
            );
          } finally {
            await sink.close();
            await client.query(`DROP TABLE IF EXISTS "${table}"`);
          }
        }),
        { numRuns: 40 },
      );
    } finally {
      await client.end();
    }
  });
});
