/**
 * One busy month under `favor: 'quota'` (issue #13): the plan spends no split probes, and the window
 * activity splits the month by records among several cursors while the worker's rate has room — thieves
 * take the part below the busiest cursor's last record. Exact set, about a page per split; a worker
 * SIGKILLed mid-split leaves a checkpoint with every unfinished part, and the next worker resumes them all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgress, startBackfill } from '../../src/index.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  type Harness,
  ndjsonIds,
  startHarness,
  waitFor,
} from '../support/helpers.ts';
import { workerProcesses } from '../support/worker-process.ts';

const MONTH = { from: '2025-01-01', to: '2025-01-31' } as const;
const PAGE = 50;
// 40 requests/s at a 100 ms round trip: four cursors keep the rate busy, one alone reaches a quarter of it.
const OPTIONS = {
  rate: { perSecond: 40 },
  pageSize: PAGE,
  favor: 'quota',
  heartbeatTimeoutMs: 5_000,
} as const;

/** The List SMS answers, and the chains that started below the month's `to`: the thieves' first pages. */
function requests(sandbox: Sandbox) {
  const log = sandbox.control.requestLog(10_000).filter((e) => e.path.endsWith('/contact_center/sms'));
  const pages = log.filter((e) => e.status === 200 && e.query.page_size === String(PAGE));
  const monthTo = pages.find((e) => e.query.next_page_token === undefined)?.query.to;
  const thieves = pages.filter((e) => e.query.next_page_token === undefined && e.query.to !== monthTo);
  return { pages: pages.length, thieves: thieves.length };
}

describe('a busy month split inside its window activity', () => {
  let h: Harness;
  let dir: string;
  const workers = workerProcesses(() => h);
  beforeAll(async () => {
    h = await startHarness({
      ...DEFAULT_SANDBOX,
      latencyMs: 100,
      dataset: { from: MONTH.from, to: MONTH.to, records: 3_000, lateFraction: 0 },
      requestLogSize: 10_000,
    });
    dir = await mkdtemp(join(tmpdir(), 'zcc-busy-month-'));
  });
  afterAll(async () => {
    workers.killAll();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('splits by records with no probe beyond the count, exact set, about a page per split', async () => {
    await h.startWorker();
    h.sandbox.control.resetStats();
    const out = join(dir, 'in-process');
    const truth = h.sandbox.groundTruth(MONTH);
    const { handle } = await startBackfill(
      h.client,
      { ...MONTH, sink: { type: 'ndjson', dir: out }, options: OPTIONS },
      { taskQueue: h.taskQueue },
    );
    const result = await handle.result();
    expectExactSet(await ndjsonIds(out), truth);
    expect(result.windows).toBe(1);
    const made = requests(h.sandbox);
    expect(made.thieves).toBeGreaterThanOrEqual(3);
    expect(made.pages - Math.ceil(truth.length / PAGE)).toBeLessThanOrEqual(made.thieves + 1);
    // The plan counts what the splits will cost (bench/REPORT.md measures how close it comes; the number of
    // splits moves with the machine's load, so the bound here is loose).
    expect(result.plannedRequests).toBeGreaterThan(Math.ceil(truth.length / PAGE));
    expect(Math.abs(result.plannedRequests! - result.requests)).toBeLessThanOrEqual(0.1 * result.requests);
    await h.stopWorkers();
  });

  it('a worker SIGKILLed mid-split: the next one resumes every unfinished part', async () => {
    h.sandbox.control.resetStats();
    const out = join(dir, 'killed');
    const truth = h.sandbox.groundTruth(MONTH);
    const { handle } = await startBackfill(
      h.client,
      { ...MONTH, sink: { type: 'ndjson', dir: out }, options: OPTIONS },
      { taskQueue: h.taskQueue },
    );
    const first = workers.spawn({ ZCC_NDJSON_ROOT: dir });
    await waitFor(
      () => {
        const made = requests(h.sandbox);
        return made.thieves >= 2 && made.pages >= 20 ? made : undefined;
      },
      'the window to split and land pages',
      90_000,
    );
    await workers.kill(first);
    const killedAt = requests(h.sandbox);
    workers.spawn({ ZCC_NDJSON_ROOT: dir });
    await handle.result();
    expectExactSet(await ndjsonIds(out), truth);
    const made = requests(h.sandbox);
    // Fetched again: the pages in flight at the kill (one per cursor at most) and about a page per split.
    expect(made.pages - Math.ceil(truth.length / PAGE)).toBeLessThanOrEqual(made.thieves + 8 + 1);
    // The resume went on from the parts: it did not start the month over.
    expect(made.pages - killedAt.pages).toBeLessThan(Math.ceil(truth.length / PAGE));
  });
});

describe('a split month over a day’s quota', () => {
  let h: Harness;
  let dir: string;
  const DAILY = 40;
  beforeAll(async () => {
    h = await startHarness({
      seed: 17,
      // Twenty sandbox seconds before the daily reset; sandbox time flows at wall speed.
      clock: { mode: 'accelerated', factor: 1, start: '2025-03-01T23:59:40Z' },
      latencyMs: 100,
      dataset: { from: MONTH.from, to: MONTH.to, records: 3_000, lateFraction: 0 },
      rateLimit: { perSecond: null, daily: DAILY },
      requestLogSize: 10_000,
    });
    dir = await mkdtemp(join(tmpdir(), 'zcc-busy-quota-'));
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('goes on part by part after the wait, each part narrowed below its oldest landed record', async () => {
    const truth = h.sandbox.groundTruth(MONTH);
    const minimum = Math.ceil(truth.length / PAGE);
    expect(minimum).toBeGreaterThan(DAILY);
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...MONTH, sink: { type: 'ndjson', dir }, options: { ...OPTIONS, quotaMarginMs: 200 } },
      { taskQueue: h.taskQueue },
    );
    await waitFor(async () => {
      const p = await getProgress(h.client, workflowId);
      return p.state === 'waiting-for-quota' ? p : undefined;
    }, 'the quota wait');
    const before = requests(h.sandbox);
    expect(before.thieves, 'the month split before the quota ran out').toBeGreaterThanOrEqual(2);
    // The wait outlives every page token in the sink's checkpoint.
    h.sandbox.control.clock.advance(20 * 60_000);
    await handle.result();
    expectExactSet(await ndjsonIds(dir), truth);
    const log = h.sandbox.control.requestLog(10_000).filter((e) => e.path.endsWith('/contact_center/sms'));
    const pages = log.filter((e) => e.status === 200 && e.query.page_size === String(PAGE));
    const monthTo = pages.find((e) => e.query.next_page_token === undefined)?.query.to;
    const after = pages.slice(before.pages);
    // No part started the month over: every chain after the wait asked for a narrowed or split range.
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((e) => e.query.next_page_token === undefined && e.query.to === monthTo)).toEqual([]);
    const made = requests(h.sandbox);
    // About a page per split, and at most about a page per part after the wait.
    expect(made.pages - minimum).toBeLessThanOrEqual(2 * made.thieves + 2);
  });
});
