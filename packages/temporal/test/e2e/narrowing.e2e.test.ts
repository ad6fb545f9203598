/**
 * A month larger than a day's quota (issue #13): the window activity stops on the daily quota, its page
 * token dies during the wait, and the next attempt goes on from the sink's checkpoint with `to` narrowed to
 * the oldest record landed — not from the window's first page. Exact set, and at most one page fetched again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgress, startBackfill } from '../../src/index.ts';
import { expectExactSet, FAST, type Harness, ndjsonIds, startHarness, waitFor } from '../support/helpers.ts';

const MONTH = { from: '2025-01-01', to: '2025-01-31' } as const;
const DAILY = 25;

describe('resume by narrowing', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness({
      seed: 13,
      // Twenty sandbox seconds before the daily reset; sandbox time flows at wall speed.
      clock: { mode: 'accelerated', factor: 1, start: '2025-03-01T23:59:40Z' },
      dataset: { from: MONTH.from, to: MONTH.to, records: 2_000, lateFraction: 0 },
      rateLimit: { perSecond: null, daily: DAILY },
      requestLogSize: 10_000,
    });
    dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-'));
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a month over a day’s quota goes on below its oldest landed record after the wait', async () => {
    const truth = h.sandbox.groundTruth(MONTH);
    const pages = Math.ceil(truth.length / FAST.pageSize);
    expect(pages).toBeGreaterThan(DAILY);
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...MONTH, sink: { type: 'ndjson', dir }, options: FAST },
      { taskQueue: h.taskQueue },
    );
    await waitFor(async () => {
      const p = await getProgress(h.client, workflowId);
      return p.state === 'waiting-for-quota' ? p : undefined;
    }, 'the quota wait');
    // The wait outlives the page token in the sink's checkpoint.
    h.sandbox.control.clock.advance(20 * 60_000);
    await handle.result();
    expectExactSet(await ndjsonIds(dir), truth);
    const log = h.sandbox.control.requestLog(10_000).filter((e) => e.path.endsWith('/contact_center/sms'));
    const answered = log.filter((e) => e.status === 200);
    const firstPages = answered.filter((e) => e.query.next_page_token === undefined);
    // After the wait the window went on with a narrowed `to`, not from its first page.
    expect(firstPages.at(-1)?.query.to).not.toBe(MONTH.to);
    expect(firstPages.filter((e) => e.query.to === MONTH.to && e.query.page_size !== '1')).toHaveLength(1);
    const probes = answered.filter((e) => e.query.page_size === '1').length;
    // Each chain that began below the month's `to` — a narrowed resume, or a cursor that split the window
    // off (how many moves with the machine's load) — fetches at most about one page again.
    const chainsBelow = firstPages.filter((e) => e.query.to !== MONTH.to && e.query.page_size !== '1').length;
    expect(answered.length - probes).toBeLessThanOrEqual(pages + chainsBelow + 1);
  });
});
