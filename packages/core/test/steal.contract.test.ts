/**
 * Splitting by records, lazily (issue #13), over real HTTP against the sandbox: idle cursors take the lower
 * part of the busiest cursor's range. Exact id sets under every boundary variant and a broken order, no
 * probe, and about one extra page per split.
 */
import { boundaryVariants, type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planExport } from '../src/planner.ts';
import { answeredPages, sandboxClient } from './support/sandbox-client.ts';

const PAGE = 100;
const BUSY = { from: '2025-03-01', to: '2025-03-31' };
const RANGE = { from: '2025-02-01', to: '2025-04-30' };

function expectExactly(ids: readonly string[], truth: readonly string[]) {
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...truth].sort());
}

describe('work stealing', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 7,
      clock: { mode: 'manual', start: '2025-05-01T00:00:00Z' },
      // February and April are ordinary; March holds a campaign day on top.
      dataset: { from: '2025-02-01', to: '2025-04-30', records: 6000, seed: 7 },
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
    it(`one month, eight cursors: exact set, about a page per split: ${JSON.stringify(variant)}`, async () => {
      sandbox.control.setVariants(variant);
      const truth = sandbox.groundTruth(BUSY);
      const { client, close } = sandboxClient(sandbox);
      try {
        const ids: string[] = [];
        for await (const r of client.sms.records(BUSY, {
          steal: true,
          concurrency: 8,
          pageSize: PAGE,
          latencyMs: 1000,
        }))
          ids.push(r.engagement_id);
        expectExactly(ids, truth);
        const steals = client.stats().steals;
        const extra = answeredPages(sandbox) - Math.ceil(truth.length / PAGE);
        if ('recordOrder' in variant) {
          // A victim cannot stop early without a trusted order: it pages on, dropping the thief's records.
          expect(extra).toBeGreaterThanOrEqual(0);
        } else {
          expect(steals).toBeGreaterThanOrEqual(3);
          expect(extra).toBeLessThanOrEqual(steals + 1);
        }
      } finally {
        await close();
      }
    });
  }

  it('three months from a prefetching plan: no probe, exact set across month edges', async () => {
    const truth = sandbox.groundTruth(RANGE);
    const { client, close } = sandboxClient(sandbox);
    try {
      const plan = await planExport(client, RANGE, {
        favor: 'quota',
        split: 'steal',
        concurrency: 6,
        latencyMs: 1000,
      });
      expect(plan.estimate.probeRequests).toBe(0);
      expect(plan.windows).toHaveLength(3);
      const ids: string[] = [];
      for await (const r of client.sms.records(RANGE, {
        steal: true,
        windows: plan.windows,
        prefetched: plan.prefetched,
        concurrency: plan.concurrency,
        latencyMs: 1000,
      }))
        ids.push(r.engagement_id);
      expectExactly(ids, truth);
      const made = answeredPages(sandbox);
      expect(Math.abs(made - plan.estimate.totalRequests) / made).toBeLessThanOrEqual(0.05);
    } finally {
      await close();
    }
  });
});
