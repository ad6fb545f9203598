/**
 * Resuming without re-reading (issue #13): a window whose page token dies restarts with `to` narrowed to the
 * oldest record delivered, over real HTTP against the sandbox. Every test compares the exact id set with the
 * sandbox's ground truth and counts, from the sandbox's request log, the pages fetched more than once.
 */
import { boundaryVariants, type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogFields } from '../src/logger.ts';
import type { WindowCursor } from '../src/window-pages.ts';
import { monthWindows } from '../src/windows.ts';
import { sandboxClient } from './support/sandbox-client.ts';

const MONTH = { from: '2025-03-01', to: '2025-03-31' };
const PAGE = 100;

function clientFor(sandbox: Sandbox, warnings: string[] = []) {
  return sandboxClient(sandbox, {
    logger: {
      debug() {},
      info() {},
      warn: (message: string, _fields?: LogFields) => warnings.push(message),
      error() {},
    },
  });
}

/** Page requests answered 200 and page tokens rejected, from the sandbox's request log. */
function pageRequests(sandbox: Sandbox): { ok: number; rejected: number } {
  const log = sandbox.control.requestLog(100_000).filter((e) => e.path.endsWith('/contact_center/sms'));
  return {
    ok: log.filter((e) => e.status === 200).length,
    rejected: log.filter((e) => e.status === 400 && e.query.next_page_token !== undefined).length,
  };
}

function expectExactly(ids: readonly string[], truth: readonly string[]) {
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...truth].sort());
}

describe('narrowing resume', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 13,
      clock: { mode: 'manual', start: '2025-05-01T00:00:00Z' },
      dataset: { from: '2025-02-01', to: '2025-04-30', records: 9000, seed: 13 },
      requestLogSize: 100_000,
    });
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => {
    sandbox.control.setFaults({});
    sandbox.control.setVariants({ recordOrder: 'newest_first' });
    sandbox.control.resetStats();
  });

  for (const variant of boundaryVariants()) {
    it(`tokens expiring mid-window re-fetch at most one page per restart: ${JSON.stringify(variant)}`, async () => {
      sandbox.control.setVariants(variant);
      const truth = sandbox.groundTruth(MONTH);
      expect(truth.length).toBeGreaterThan(20 * PAGE);
      // Every fifth request carrying a token is told the token expired.
      sandbox.control.setFaults({ pageTokenExpired: { everyNth: 5 } });
      const { client, close } = clientFor(sandbox);
      try {
        const ids: string[] = [];
        for await (const r of client.sms.records(MONTH, { concurrency: 1, pageSize: PAGE }))
          ids.push(r.engagement_id);
        expectExactly(ids, truth);
        const { ok, rejected } = pageRequests(sandbox);
        expect(rejected).toBeGreaterThan(3);
        expect(ok - Math.ceil(truth.length / PAGE)).toBeLessThanOrEqual(rejected);
      } finally {
        await close();
      }
    });
  }

  it('a checkpoint whose token died resumes below its oldest record: one page again, exact set', async () => {
    sandbox.control.setVariants({ boundField: 'end_time', toInclusive: false, overMonth: 'error' });
    const truth = sandbox.groundTruth(MONTH);
    const [window] = monthWindows(MONTH.from, MONTH.to);
    const { client, close } = clientFor(sandbox);
    try {
      const ids: string[] = [];
      let saved: WindowCursor | undefined;
      for await (const page of client.sms.windowPages(window!, {}, { pageSize: PAGE })) {
        ids.push(...page.records.map((r) => r.engagement_id));
        saved = page.cursor;
        if (page.cursor.pages === 7) break;
      }
      sandbox.control.clock.advance(20 * 60_000); // the token is dead
      sandbox.control.resetStats();
      const before = pageRequests(sandbox).ok;
      // Another process: no seen set, only the checkpoint; the repeats it lands are what a sink drops.
      const resumed: string[] = [];
      for await (const page of client.sms.windowPages(window!, {}, { pageSize: PAGE, cursor: saved })) {
        resumed.push(...page.records.map((r) => r.engagement_id));
      }
      const spent = pageRequests(sandbox).ok - before;
      expect(spent).toBeLessThanOrEqual(Math.ceil((truth.length - ids.length) / PAGE) + 1);
      expectExactly([...new Set([...ids, ...resumed])], truth);
      // Repeats beyond one page's worth would mean a re-read.
      expect(ids.length + resumed.length - truth.length).toBeLessThanOrEqual(PAGE);
    } finally {
      await close();
    }
  });

  it('records out of order: re-reads the window with full dedupe, warns once, loses nothing', async () => {
    sandbox.control.setVariants({ recordOrder: 'shuffled' });
    sandbox.control.setFaults({ pageTokenExpired: { everyNth: 40 } });
    const truth = sandbox.groundTruth({ from: '2025-02-01', to: '2025-04-30' });
    const warnings: string[] = [];
    const { client, close } = clientFor(sandbox, warnings);
    try {
      const ids: string[] = [];
      for await (const r of client.sms.records(
        { from: '2025-02-01', to: '2025-04-30' },
        { concurrency: 3, pageSize: PAGE },
      ))
        ids.push(r.engagement_id);
      expectExactly(ids, truth);
      expect(warnings.filter((w) => w.includes('newest first'))).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("a month larger than a day's quota finishes over several days, each day going on where it stopped", async () => {
    sandbox.control.setVariants({ boundField: 'start_time', toInclusive: true, overMonth: 'error' });
    sandbox.control.setRateLimit({ perSecond: 1000, daily: 12 });
    const truth = sandbox.groundTruth(MONTH);
    const pages = Math.ceil(truth.length / PAGE);
    expect(pages).toBeGreaterThan(2 * 12);
    const { client, close } = sandboxClient(sandbox, {
      budget: { perSecond: 1000, daily: 12, onDailyQuota: 'wait' },
    });
    try {
      const start = sandbox.control.clock.now();
      const ids: string[] = [];
      for await (const r of client.sms.records(MONTH, { pageSize: PAGE })) ids.push(r.engagement_id);
      expectExactly(ids, truth);
      const days = Math.ceil((sandbox.control.clock.now() - start) / 86_400_000);
      expect(days).toBeGreaterThanOrEqual(3);
      // One page again at most per day's resume (plus rejected tokens, which cost quota but no page).
      const { ok } = pageRequests(sandbox);
      expect(ok - pages).toBeLessThanOrEqual(days);
    } finally {
      sandbox.control.setRateLimit({ perSecond: 1000, daily: 1_000_000 });
      await close();
    }
  });
});
