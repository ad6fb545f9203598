/**
 * The daily quota runs out mid-run. The window activities stop with a typed `DailyQuota` failure
 * carrying the reset time, the workflow waits on a durable timer (progress says so and until when), and
 * after the reset (sandbox clock: 00:00 UTC a few seconds after the start) it continues by itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgress, startBackfill } from '../../src/index.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  FAST,
  type Harness,
  ndjsonIds,
  RANGE,
  recordHistory,
  startHarness,
  waitFor,
} from '../support/helpers.ts';

describe('daily quota', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness({
      ...DEFAULT_SANDBOX,
      // Eight sandbox seconds before the daily reset; sandbox time flows at wall speed.
      clock: { mode: 'accelerated', factor: 1, start: '2025-03-01T23:59:52Z' },
      rateLimit: { perSecond: null, daily: 40 },
    });
    dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-'));
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('waits for the reset with a timer and completes the exact set', async () => {
    const truth = h.sandbox.groundTruth(RANGE);
    const startedAt = Date.now();
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'ndjson', dir }, options: FAST },
      { taskQueue: h.taskQueue },
    );
    const waiting = await waitFor(async () => {
      const p = await getProgress(h.client, workflowId);
      return p.state === 'waiting-for-quota' ? p : undefined;
    }, 'the quota wait');
    // The wait ends at the sandbox's midnight (plus the margin), not hours later. Measured from the start, not
    // from when the poll saw the wait: on a loaded machine the poll may see it late.
    expect(waiting.waitingUntil).toBeGreaterThan(startedAt);
    expect(waiting.waitingUntil! - startedAt).toBeLessThan(20_000);
    expect(waiting.windowsDone).toBeLessThan(13);
    await handle.result();
    expectExactSet(await ndjsonIds(dir), truth);
    expect(h.sandbox.stats().rateLimited.daily).toBeGreaterThan(0);
    expect(new Date(h.sandbox.control.clock.now()).toISOString() >= '2025-03-02T00:00:00Z').toBe(true);
    // The wait is a timer in history, not a busy retry loop of activities.
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((e) => e.timerStartedEventAttributes)).toBe(true);
    await recordHistory(handle, 'backfill-daily-quota');
  });
});
