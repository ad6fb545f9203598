/**
 * The object-storage sink against a real S3-compatible server (moto, started here): pages and edge
 * records land once, a re-commit and concurrent commits neither lose nor duplicate, the manifest lists
 * every window with its count and checksum, Parquet reads back in DuckDB with every field, and a failing
 * store's error carries no secret.
 */
import { createHash } from 'node:crypto';
import { monthWindows, type SmsRecord, splitWindow, type WindowCursor } from '@zcc-sms/core';
import { type S3Server, startS3Server } from '@zcc-sms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SinkConfigError, type SinkWindow } from '../../src/index.ts';
import type { ObjectFormat } from '../../src/sinks/object-format.ts';
import type { Manifest } from '../../src/sinks/object-manifest.ts';
import { createObjectSink } from '../../src/sinks/object-sink.ts';
import { createObjectSinkFromSpec } from '../../src/sinks/object-spec.ts';
import { createObjectStore, type ObjectStore } from '../../src/sinks/object-store.ts';
import { createBucket, landedRecords, queryParquet, s3Settings, TEST_KEYS } from '../support/object-store.ts';

const [jan, feb] = monthWindows('2025-01-01', '2025-02-28');
const edge = '2025-02-01T00:00:00Z';
const [feb1, feb2] = splitWindow(feb!, 2);
const subEdge = '2025-02-15T00:00:00Z';

/** Every documented field, plus fields Zoom may add (nested and scalar) that must not be dropped. */
const rec = (id: string, start: string): SmsRecord => ({
  engagement_id: id,
  direction: 'inbound',
  contact_center_number: '+15550100',
  start_time: start,
  end_time: start,
  consumer_number: '+15550199',
  consumer_display_name: 'Ada Ω',
  queues: [{ queue_id: 'q1', cc_queue_id: 'cq1', queue_name: 'Sales' }],
  agents: [{ user_id: 'u1', display_name: 'Agent' }],
  country_name: 'United States',
  sms_types: ['sms', 'mms'],
  total_sent_messages: 3,
  total_received_messages: 4,
  total_sent_files: 0,
  total_received_files: 1,
  future_field: { nested: [1, { deep: true }] },
  future_scalar: 'kept',
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
const target = (window: typeof jan, backfillId = 'b1'): SinkWindow => ({
  backfillId,
  window: window!,
  filters: {},
});

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

async function makeSink(format: ObjectFormat, prefix = 'zoom/sms', conditionalWrites = true) {
  const settings = { ...s3Settings(s3.endpoint), conditionalWrites };
  const bucket = await createBucket(s3.endpoint);
  const sink = createObjectSinkFromSpec({ type: 's3', bucket, prefix, format }, settings);
  const ids = async () =>
    (await landedRecords(settings, bucket, `${prefix}/`, format)).map((r) => r.engagement_id).sort();
  return { sink, settings, bucket, ids };
}

for (const [format, conditionalWrites] of [
  ['ndjson', true],
  ['parquet', true],
  ['ndjson', false],
] as const) {
  describe(`object sink (${format}, ${conditionalWrites ? 'conditional writes' : 'HEAD before PUT'})`, () => {
    it('lands repeated pages and edge records exactly once; a re-commit adds nothing and loses nothing', async () => {
      const { sink, ids } = await makeSink(format, 'zoom/sms', conditionalWrites);
      try {
        const a = target(jan);
        const b = target(feb);
        expect(await sink.open(a)).toEqual({});
        await sink.writePage(a, [rec('j1', '2025-01-05T10:00:00Z'), rec('edge', edge)], cursor(jan!.id, 1));
        await sink.writePage(a, [rec('j1', '2025-01-05T10:00:00Z'), rec('edge', edge)], cursor(jan!.id, 1));
        await sink.writePage(
          a,
          [rec('j2', '2025-01-20T10:00:00Z'), rec('j1', '2025-01-05T10:00:00Z')],
          cursor(jan!.id, 2),
        );
        expect((await sink.open(a)).checkpoint).toMatchObject({ windowId: jan!.id, pages: 2 });
        // Another backfill's checkpoint is not this one's.
        expect((await sink.open(target(jan, 'b2'))).checkpoint).toBeUndefined();
        expect(await ids()).toEqual([]);
        expect(await sink.commitWindow(a)).toEqual({ records: 3 });
        expect((await sink.open(a)).checkpoint).toBeUndefined();
        await sink.open(b);
        await sink.writePage(b, [rec('edge', edge), rec('f1', '2025-02-10T10:00:00Z')], cursor(feb!.id, 1));
        expect(await sink.commitWindow(b)).toEqual({ records: 1 });
        // A crash after the object was written but before the staged pages were deleted, or a late zombie.
        await sink.writePage(a, [rec('j2', '2025-01-20T10:00:00Z')], cursor(jan!.id, 1));
        expect(await sink.commitWindow(a)).toEqual({ records: 3 });
        // A re-run that finds a record completed since (it lands) and repeats the others (they do not).
        await sink.writePage(
          a,
          [rec('j3', '2025-01-25T10:00:00Z'), rec('j1', '2025-01-05T10:00:00Z')],
          cursor(jan!.id, 1),
        );
        expect(await sink.commitWindow(a)).toEqual({ records: 4 });
        expect(await ids()).toEqual(['edge', 'f1', 'j1', 'j2', 'j3']);
      } finally {
        await sink.close();
      }
    });

    it('publishes an empty window as an empty object (a month without engagements is done, not missing)', async () => {
      const { sink, settings, bucket } = await makeSink(format, 'empty', conditionalWrites);
      try {
        await sink.open(target(jan));
        expect(await sink.commitWindow(target(jan))).toEqual({ records: 0 });
        const store = createObjectStore(bucket, settings);
        try {
          const keys = (await store.list('empty/', { topLevel: true })).filter((k) => k.includes(jan!.id));
          expect(keys).toHaveLength(1);
        } finally {
          store.close();
        }
        expect(await landedRecords(settings, bucket, 'empty/', format)).toEqual([]);
      } finally {
        await sink.close();
      }
    });

    it('lands a sub-window edge record once and survives concurrent commits of one window', async () => {
      const { sink, ids, settings, bucket } = await makeSink(format, 'p', conditionalWrites);
      try {
        for (const [w, id] of [
          [feb1, 'a'],
          [feb2, 'b'],
        ] as const) {
          await sink.open(target(w));
          await sink.writePage(target(w), [rec('sub-edge', subEdge), rec(id, w!.from)], cursor(w!.id, 1));
        }
        // Two attempts of one window commit at once (a zombie past its timeout and its retry).
        const results = await Promise.all([sink.commitWindow(target(feb1)), sink.commitWindow(target(feb1))]);
        expect(results).toEqual([{ records: 2 }, { records: 2 }]);
        expect(await sink.commitWindow(target(feb2))).toEqual({ records: 1 });
        expect(await ids()).toEqual(['a', 'b', 'sub-edge']);

        const store = createObjectStore(bucket, settings);
        try {
          const manifest = JSON.parse(
            (await store.get('p/_zcc-sms/manifests/b1.json'))!.body.toString('utf8'),
          ) as Manifest;
          expect(manifest).toMatchObject({ version: 1, backfillId: 'b1', format });
          expect(Object.keys(manifest.windows)).toEqual([feb1!.id, feb2!.id]);
          for (const entry of Object.values(manifest.windows)) {
            const object = (await store.get(entry.key))!;
            expect(entry.bytes).toBe(object.body.byteLength);
            expect(entry.sha256).toBe(createHash('sha256').update(object.body).digest('hex'));
          }
          expect(manifest.windows[feb1!.id]!.records).toBe(2);
          // Nothing staged is left once every window committed.
          expect((await store.list('p/_zcc-sms/staging/')).length).toBe(0);
        } finally {
          store.close();
        }
      } finally {
        await sink.close();
      }
    });
  });
}

describe('object sink specifics', () => {
  it('Parquet reads back in DuckDB with every field: typed columns and the whole record', async () => {
    const { sink, settings, bucket } = await makeSink('parquet', 'duck');
    const records = [
      rec('x1', '2025-01-02T03:04:05Z'),
      { engagement_id: 'x2', start_time: '2025-01-09T00:00:00Z' },
    ];
    try {
      await sink.open(target(jan));
      await sink.writePage(target(jan), records, cursor(jan!.id, 1));
      await sink.commitWindow(target(jan));
      const rows = await queryParquet(
        settings,
        bucket,
        'duck/',
        (src) =>
          `SELECT engagement_id, direction, consumer_display_name, total_received_messages, sms_types, CAST(record AS VARCHAR) AS record FROM ${src} ORDER BY engagement_id`,
      );
      expect(rows.map((r) => r.engagement_id)).toEqual(['x1', 'x2']);
      expect(rows[0]).toMatchObject({
        direction: 'inbound',
        consumer_display_name: 'Ada Ω',
        total_received_messages: '4',
      });
      expect(rows[1]).toMatchObject({ direction: null, total_received_messages: null });
      expect(rows.map((r) => JSON.parse(String(r.record)))).toEqual(records);
    } finally {
      await sink.close();
    }
  });

  it('a commit racing another commit of its window returns the full count and leaves a true manifest', async () => {
    const settings = s3Settings(s3.endpoint);
    const bucket = await createBucket(s3.endpoint);
    const real = createObjectStore(bucket, settings);
    const other = createObjectSink({
      store: createObjectStore(bucket, settings),
      prefix: 'r/',
      format: 'ndjson',
    });
    let interleaved = false;
    // The real store, with the other commit run to completion just before this one reads its first page.
    const store: ObjectStore = {
      ...real,
      bucket,
      async get(key) {
        if (!interleaved && key.includes('/staging/')) {
          interleaved = true;
          await other.commitWindow(target(jan));
        }
        return await real.get(key);
      },
    };
    const sink = createObjectSink({ store, prefix: 'r/', format: 'ndjson' });
    try {
      await sink.open(target(jan));
      await sink.writePage(target(jan), [rec('r1', '2025-01-03T00:00:00Z')], cursor(jan!.id, 1));
      expect(await sink.commitWindow(target(jan))).toEqual({ records: 1 });
      await sink.writePage(target(jan), [rec('r2', '2025-01-04T00:00:00Z')], cursor(jan!.id, 2));
      interleaved = false;
      expect(await sink.commitWindow(target(jan))).toEqual({ records: 2 });
      const manifest = JSON.parse(
        (await real.get('r/_zcc-sms/manifests/b1.json'))!.body.toString('utf8'),
      ) as Manifest;
      const object = (await real.get(manifest.windows[jan!.id]!.key))!;
      expect(manifest.windows[jan!.id]).toMatchObject({
        records: 2,
        sha256: createHash('sha256').update(object.body).digest('hex'),
      });
    } finally {
      await sink.close();
      await other.close();
    }
  });

  it('refuses a prefix that holds another format or other filters', async () => {
    const { sink, settings, bucket } = await makeSink('ndjson', 'mixed');
    try {
      await sink.open(target(jan));
      const other = createObjectSinkFromSpec(
        { type: 's3', bucket, prefix: 'mixed', format: 'parquet' },
        settings,
      );
      await expect(other.open(target(jan))).rejects.toThrow(
        /sink.prefix: .*use one prefix per filter set and format/,
      );
      // The same sink (the registry shares one per spec) serving a backfill with other filters.
      await expect(sink.open({ ...target(feb), filters: { direction: 'inbound' } })).rejects.toThrow(
        SinkConfigError,
      );
      await other.close();
    } finally {
      await sink.close();
    }
  });

  it('rejects an endpoint or a bad bucket in the spec, naming the field and the fix', () => {
    const settings = s3Settings(s3.endpoint);
    expect(() =>
      createObjectSinkFromSpec({ type: 's3', bucket: 'b-1', endpoint: 'http://evil' }, settings),
    ).toThrow(/sink.endpoint: .*ZCC_S3_ENDPOINT/);
    expect(() => createObjectSinkFromSpec({ type: 's3', bucket: 'Bad_Bucket' }, settings)).toThrow(
      /sink.bucket: "Bad_Bucket" is not a bucket name; use/,
    );
    expect(() => createObjectSinkFromSpec({ type: 's3', bucket: 'b-1', format: 'csv' }, settings)).toThrow(
      /sink.format: "csv" .* use ndjson or parquet/,
    );
    expect(() => createObjectSinkFromSpec({ type: 's3', bucket: 'b-1' }, undefined)).toThrow(
      /AWS_ACCESS_KEY_ID/,
    );
  });

  it("a failing write stops with the store's reason and no secret", async () => {
    const sink = createObjectSinkFromSpec(
      { type: 's3', bucket: 'no-such-bucket-here' },
      s3Settings(s3.endpoint),
    );
    try {
      const error = await sink.open(target(jan)).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(SinkConfigError);
      expect(error!.message).toMatch(/NoSuchBucket \(HTTP 404\).*create the bucket/);
      const seen = JSON.stringify({ message: error!.message, stack: error!.stack, cause: error!.cause });
      for (const secret of Object.values(TEST_KEYS)) expect(seen).not.toContain(secret);
    } finally {
      await sink.close();
    }
  });
});
