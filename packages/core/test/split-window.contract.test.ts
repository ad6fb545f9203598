/**
 * One window paged by several cursors, resumably (issue #13, the durable worker's path), over real HTTP
 * against the sandbox: exact sets under every boundary variant and a broken order; a checkpoint taken
 * with any page resumes exactly what is left — with young tokens and after they died — fetching again at
 * most about a page per unfinished part.
 */
import { boundaryVariants, type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WindowCursor } from '../src/window-cursor.ts';
import { monthWindows } from '../src/windows.ts';
import { answeredPages, sandboxClient } from './support/sandbox-client.ts';

const PAGE = 100;
const MONTH = monthWindows('2025-03-01', '2025-03-31')[0]!;

/** Pages the month from `cursor` with eight cursors; stops after `stopAfter` pages (a crash: the rest is never delivered). */
async function page(
  sandbox: Sandbox,
  cursor: WindowCursor | undefined,
  stopAfter = Number.POSITIVE_INFINITY,
) {
  const { client, close } = sandboxClient(sandbox);
  const ids: string[] = [];
  let last = cursor;
  try {
    for await (const result of client.sms.windowPages(
      MONTH,
      {},
      {
        cursor,
        cursors: 8,
        pageSize: PAGE,
        latencyMs: 1000,
      },
    )) {
      for (const r of result.records) ids.push(r.engagement_id);
      last = result.cursor;
      if (result.cursor.pages - (cursor?.pages ?? 0) >= stopAfter) break;
    }
    return { ids, cursor: last, steals: client.stats().steals };
  } finally {
    await close();
  }
}

describe('one window, several cursors', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 11,
      clock: { mode: 'manual', start: '2025-05-01T00:00:00Z' },
      // March holds a campaign day on top of ordinary traffic.
      dataset: { from: '2025-02-01', to: '2025-04-30', records: 6000, seed: 11 },
      requestLogSize: 100_000,
    });
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => {
    sandbox.control.setVariants({ recordOrder: 'newest_first' });
    sandbox.control.resetStats();
  });

  const variants = [...boundaryVariants(), { recordOrder: 'shuffled' as const }];
  for (const variant of variants) {
    it(`splits by records and lands the exact set: ${JSON.stringify(variant)}`, async () => {
      sandbox.control.setVariants(variant);
      const truth = sandbox.groundTruth(MONTH);
      const run = await page(sandbox, undefined);
      expect(new Set(run.ids).size).toBe(run.ids.length);
      expect([...run.ids].sort()).toEqual([...truth].sort());
      expect(run.cursor?.done).toBe(true);
      expect(run.cursor?.parts).toBeUndefined();
      expect(run.cursor?.records).toBe(truth.length);
      if (!('recordOrder' in variant)) {
        expect(run.steals).toBeGreaterThanOrEqual(3);
        expect(answeredPages(sandbox) - Math.ceil(truth.length / PAGE)).toBeLessThanOrEqual(run.steals + 1);
      }
    });
  }

  for (const tokens of ['young', 'dead'] as const) {
    for (const variant of [boundaryVariants()[0]!, boundaryVariants().at(-1)!]) {
      it(`a checkpoint mid-split resumes only what is left (${tokens} tokens): ${JSON.stringify(variant)}`, async () => {
        sandbox.control.setVariants(variant);
        const truth = sandbox.groundTruth(MONTH);
        const first = await page(sandbox, undefined, 12);
        const checkpoint = first.cursor!;
        const parts = checkpoint.parts ?? [];
        expect(checkpoint.done).toBe(false);
        expect(parts.length).toBeGreaterThanOrEqual(2);
        // The checkpoint travels as JSON (a sink row, a heartbeat): resume from its round trip.
        const saved = JSON.parse(JSON.stringify(checkpoint)) as WindowCursor;
        if (tokens === 'dead') sandbox.control.clock.advance(20 * 60_000);
        const second = await page(sandbox, saved);
        expect(second.cursor?.done).toBe(true);
        const landed = new Set([...first.ids, ...second.ids]);
        expect([...landed].sort()).toEqual([...truth].sort());
        // Delivered twice: the records of a victim's page under a later split, and under a dead token the
        // page each part narrows into — about a page per part, never the window again.
        const twice = first.ids.length + second.ids.length - landed.size;
        expect(twice).toBeLessThanOrEqual(parts.length * PAGE);
        expect(second.cursor?.pages).toBeGreaterThan(checkpoint.pages);
      });
    }
  }

  it('rejects a bad cursor count before any request', async () => {
    const { client, close } = sandboxClient(sandbox);
    try {
      expect(() => client.sms.windowPages(MONTH, {}, { cursors: 0 })).toThrow(/cursors: 0 .*1 to 64/);
      expect(answeredPages(sandbox)).toBe(0);
    } finally {
      await close();
    }
  });
});
