/**
 * Issue #10 part B, item 3: a permanently failing window is named with its cause (Zoom's message and
 * tracking id) while the backfill runs, the other windows land, the backfill fails at the end listing it,
 * and running it again after the fix completes the exact set. A transient failure shows its cause while
 * Temporal retries it (a dripping body: stall.test.ts). Poison values land in PostgreSQL; a directory outside the worker's root is refused.
 * All over real HTTP (a proxy in front of the sandbox), a real Temporal dev server and real PostgreSQL.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { monthWindows, type TimeWindow } from '@zcc-sms/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BackfillInput,
  backfillId,
  getProgress,
  startBackfill,
  type WindowFailure,
} from '../../src/index.ts';
import { postgresTargetId } from '../../src/sinks/postgres-target.ts';
import {
  expectExactSet,
  FAST,
  type Harness,
  pgIds,
  RANGE,
  recordHistory,
  startHarness,
  waitFor,
} from '../support/helpers.ts';
import { startZoomProxy, type ZoomProxy } from '../support/zoom-proxy.ts';

const WINDOWS = monthWindows(RANGE.from, RANGE.to);
const windowAt = (month: string): TimeWindow => WINDOWS.find((w) => w.id.startsWith(month)) as TimeWindow;
const inWindow = (url: URL, w: TimeWindow) => url.searchParams.get('from') === w.from;

describe('windows that fail', () => {
  let h: Harness;
  let proxy: ZoomProxy;
  beforeAll(async () => {
    h = await startHarness();
    proxy = await startZoomProxy(h.sandbox.baseUrl);
    await h.startWorker({ zoom: { ...h.workerConfig().zoom, baseUrl: proxy.baseUrl } });
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.stop();
  });

  /** The ground truth of every window but `failed` (records on a shared edge may come from a neighbour). */
  const truthWithout = (failed: TimeWindow) => [
    ...new Set(WINDOWS.filter((w) => w !== failed).flatMap((w) => h.sandbox.groundTruth(w))),
  ];

  it('names a window failing with a 400 and its cause, lands the others, and finishes on a re-run', async () => {
    const march = windowAt('20240301');
    proxy.set({
      answer: (url) =>
        inWindow(url, march)
          ? {
              status: 400,
              body: { code: 300, message: 'Invalid date range for this account.' },
              headers: { 'x-zm-trackingid': 'WEB_trk_march_400' },
            }
          : undefined,
    });
    const table = 'sms_failed_window';
    const input: BackfillInput = {
      ...RANGE,
      sink: { type: 'postgres', table },
      options: { ...FAST, plan: false },
    };
    const { handle, workflowId } = await startBackfill(h.client, input, { taskQueue: h.taskQueue });

    // While the others still run or just finished, progress already names the window and why.
    const failed = await waitFor(async () => {
      const p = await getProgress(h.client, workflowId).catch(() => undefined);
      return p?.windowsFailed?.[0];
    }, 'the failed window in progress');
    expect(failed).toMatchObject({ windowId: march.id, type: 'ZoomBadRequestError' });
    expect(failed.message).toContain('HTTP 400');
    expect(failed.message).toContain('Invalid date range for this account.');
    expect(failed.message).toContain('WEB_trk_march_400');

    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('FailedWindows');
    expect(cause?.message).toContain(`1 of 13 windows failed (the other 12 landed)`);
    expect(cause?.message).toContain(`${march.id}: ZoomBadRequestError: `);
    expect(cause?.message).toContain('WEB_trk_march_400');
    const listed = (cause as ApplicationFailure).details?.[0] as WindowFailure[];
    expect(listed.map((f) => f.windowId)).toEqual([march.id]);
    // Final means final: the 400 was asked once, not every minute.
    expect(proxy.answered()).toBe(1);
    expectExactSet(await pgIds(h.pgUrl, table), truthWithout(march));
    await recordHistory(handle, 'backfill-failed-window');

    proxy.set({});
    const again = await startBackfill(h.client, input, { taskQueue: h.taskQueue });
    await again.handle.result();
    expectExactSet(await pgIds(h.pgUrl, table), h.sandbox.groundTruth(RANGE));
  });

  it('shows the cause of a window Temporal is retrying, and completes once the fault passes', async () => {
    const july = windowAt('20240701');
    proxy.set({
      answer: (url) =>
        inWindow(url, july)
          ? {
              status: 503,
              body: { code: 503, message: 'Service Unavailable' },
              headers: { 'x-zm-trackingid': 'trk503' },
            }
          : undefined,
    });
    const table = 'sms_retried_window';
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'postgres', table }, options: { ...FAST, plan: false } },
      { taskQueue: h.taskQueue },
    );
    // The core retries the 503 (8 tries, backoff capped at 20 s), then Temporal's policy takes over.
    const retrying = await waitFor(
      async () => {
        const p = await getProgress(h.client, workflowId).catch(() => undefined);
        return p?.retrying.find((r) => r.windowId === july.id);
      },
      'the retried window and its cause',
      90_000,
    );
    expect(retrying.attempt).toBeGreaterThan(1);
    expect(retrying.lastFailure).toContain('ZoomServerError: Zoom answered HTTP 503');
    expect(retrying.lastFailure).toContain('trk503');
    proxy.set({});
    await handle.result();
    expectExactSet(await pgIds(h.pgUrl, table), h.sandbox.groundTruth(RANGE));
  });

  it('refuses a PostgreSQL target the worker does not serve, naming both databases', async () => {
    const before = h.sandbox.stats().apiRequests;
    const { handle, workflowId } = await startBackfill(
      h.client,
      {
        ...RANGE,
        sink: { type: 'postgres', table: 'sms_elsewhere', target: 'db.elsewhere:5432/zcc' },
        options: { ...FAST, plan: false },
      },
      { taskQueue: h.taskQueue },
    );
    expect(workflowId).not.toBe(backfillId({ ...RANGE, sink: { type: 'postgres', table: 'sms_elsewhere' } }));
    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    const cause = (error as WorkflowFailedError).cause?.cause as ApplicationFailure;
    expect(cause.type).toBe('SinkConfigError');
    expect(cause.message).toContain('"db.elsewhere:5432/zcc"');
    expect(cause.message).toContain(postgresTargetId(h.pgUrl));
    expect(h.sandbox.stats().apiRequests).toBe(before);
  });

  it('lands poison records in PostgreSQL: bad timestamps NULL in typed columns, U+0000 replaced', async () => {
    const may = windowAt('20240501');
    const poisoned = new Map<string, 'time' | 'nul'>();
    proxy.set({
      rewrite: (url, body) => {
        if (!inWindow(url, may) || !body.sms || body.sms.length < 4) return body;
        // From the middle of a page: never a record on a month edge, which the neighbour brings unpoisoned.
        const middle = Math.floor(body.sms.length / 2);
        const [a, b] = body.sms.slice(middle, middle + 2) as [
          Record<string, unknown>,
          Record<string, unknown>,
        ];
        a.start_time = 'not-a-time';
        poisoned.set(String(a.engagement_id), 'time');
        b.note = 'x\u0000y';
        b['k\u0000'] = { deeper: '\u0000' };
        poisoned.set(String(b.engagement_id), 'nul');
        return body;
      },
    });
    const table = 'sms_poison';
    const { handle } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'postgres', table }, options: { ...FAST, plan: false } },
      { taskQueue: h.taskQueue },
    );
    await handle.result();
    proxy.set({});
    expectExactSet(await pgIds(h.pgUrl, table), h.sandbox.groundTruth(RANGE));
    expect([...poisoned.values()]).toContain('time');
    expect([...poisoned.values()]).toContain('nul');
    const client = new pg.Client({ connectionString: h.pgUrl });
    await client.connect();
    try {
      const rows = await client.query<{
        id: string;
        start_time: Date | null;
        raw: string;
        note: string | null;
      }>(
        `SELECT engagement_id AS id, start_time, record->>'start_time' AS raw, record->>'note' AS note
         FROM "${table}" WHERE engagement_id = ANY($1)`,
        [[...poisoned.keys()]],
      );
      expect(rows.rows.length).toBe(poisoned.size);
      for (const row of rows.rows) {
        if (poisoned.get(row.id) === 'time') {
          expect(row.start_time).toBeNull();
          expect(row.raw).toBe('not-a-time');
        } else expect(row.note).toBe('x\uFFFDy');
      }
    } finally {
      await client.end();
    }
  });

  it('refuses an NDJSON directory outside the worker root, naming it, before any request', async () => {
    const before = h.sandbox.stats().apiRequests;
    const { handle } = await startBackfill(
      h.client,
      {
        ...RANGE,
        sink: { type: 'ndjson', dir: '/var/zcc-escape/../../etc/zcc' },
        options: { ...FAST, plan: false },
      },
      { taskQueue: h.taskQueue },
    );
    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    const cause = (error as WorkflowFailedError).cause?.cause as ApplicationFailure;
    expect(cause.type).toBe('SinkConfigError');
    expect(cause.message).toMatch(
      /^sink.dir: "\/var\/zcc-escape\/..\/..\/etc\/zcc" is outside this worker's NDJSON root/,
    );
    expect(h.sandbox.stats().apiRequests).toBe(before);
  });
});
