/**
 * A 13-month backfill into NDJSON and into PostgreSQL lands exactly the sandbox's ground truth.
 * Also records the workflow history replayed by replay.test.ts (when the fixture is missing).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monthWindows } from '@zcc-sms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgress, startBackfill } from '../../src/index.ts';
import {
  expectExactSet,
  FAST,
  type Harness,
  ndjsonIds,
  pgIds,
  RANGE,
  recordHistory,
  startHarness,
} from '../support/helpers.ts';

describe('13-month backfill', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness();
    dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-'));
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lands the exact set in NDJSON, one file per window, with progress and history kept small', async () => {
    const truth = h.sandbox.groundTruth(RANGE);
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'ndjson', dir }, account: h.sandbox.credentials.accountId, options: FAST },
      { taskQueue: h.taskQueue },
    );
    const result = await handle.result();
    expectExactSet(await ndjsonIds(dir), truth);
    const windows = monthWindows(RANGE.from, RANGE.to);
    const files = (await readdir(dir)).filter((n) => n.endsWith('.ndjson')).sort();
    expect(files).toEqual(windows.map((w) => `${w.id}.ndjson`).sort());
    expect(result).toMatchObject({ windows: 13, records: truth.length });
    const progress = await getProgress(h.client, workflowId);
    expect(progress).toMatchObject({
      state: 'completed',
      windowsDone: 13,
      windowsTotal: 13,
      recordsWritten: truth.length,
    });
    // Records never travel through history: it stays far smaller than the data.
    const history = await handle.fetchHistory();
    expect(JSON.stringify(history).length).toBeLessThan(200_000);
    await recordHistory(handle, 'backfill-ndjson');
  });

  it('lands the exact set in PostgreSQL (upsert by engagement_id, edge records once)', async () => {
    const truth = h.sandbox.groundTruth(RANGE);
    const table = 'sms_backfill_test1';
    const { handle } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'postgres', table }, options: FAST },
      { taskQueue: h.taskQueue },
    );
    const result = await handle.result();
    expectExactSet(await pgIds(h.pgUrl, table), truth);
    expect(result.records).toBe(truth.length);
  });
});
