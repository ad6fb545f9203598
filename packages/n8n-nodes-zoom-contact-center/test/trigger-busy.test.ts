/**
 * The trigger on a busy account, in-process against the sandbox over real HTTP: more than 10,000
 * engagements inside the look-back. Every poll re-reads all of them; each is emitted exactly once, and the
 * ones Zoom lists late are emitted by the poll that first sees them.
 */
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ZoomContactCenterTrigger } from '../nodes/ZoomContactCenterTrigger/ZoomContactCenterTrigger.node.ts';
import { fakeContext } from './support/n8n-context.ts';

const HOUR = 3_600_000;
// The trigger reads the real clock: the data ends at the real now.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const RECORDS = 12_000;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 21,
    clock: { mode: 'manual', start: NOW },
    rateLimit: 'none',
    dataset: {
      from: iso(NOW - 3 * HOUR),
      to: iso(NOW - 60_000),
      records: RECORDS,
      seed: 21,
      lateFraction: 0.05,
    },
  });
});
afterAll(() => sandbox.stop());

it('emits each of more than 10,000 engagements in the look-back exactly once over repeated polls', async () => {
  const ctx = fakeContext({
    credentials: {
      ...sandbox.credentials,
      environment: 'custom',
      apiBaseUrl: sandbox.baseUrl,
      tokenUrl: sandbox.tokenUrl,
    },
    mode: 'trigger',
    poll: true,
    items: [
      {
        firstRun: 'lastDays',
        firstRunDays: 1,
        lookbackMinutes: 24 * 60,
        filters: {},
        options: { plan: 'business' },
      },
    ],
  });
  const emitted: string[] = [];
  const poll = async () => {
    const result = (await new ZoomContactCenterTrigger().poll.call(ctx.context)) as Array<
      Array<{ json: { engagement_id: string } }>
    > | null;
    const ids = (result?.[0] ?? []).map((item) => item.json.engagement_id);
    emitted.push(...ids);
    return ids;
  };

  const first = await poll();
  expect(first.length).toBeGreaterThan(10_000);
  // Engagements completed or listed later appear (Zoom lists an engagement once it is completed, some
  // hours after); the more than 10,000 already emitted come back with them and are dropped.
  sandbox.control.clock.advance(80 * HOUR);
  const second = await poll();
  expect(second.length).toBeGreaterThan(0);
  const firstSet = new Set(first);
  expect(second.filter((id) => firstSet.has(id))).toEqual([]);
  // Nothing new: everything re-read is dropped.
  expect(await poll()).toEqual([]);

  const truth = sandbox.groundTruth({ from: iso(NOW - 24 * HOUR), to: iso(NOW) });
  expect(truth.length).toBe(RECORDS);
  expect(emitted.length - new Set(emitted).size, 'engagements emitted twice').toBe(0);
  expect([...emitted].sort()).toEqual(truth);
  // The state holds the ids a later poll could return, not a capped subset.
  expect(Object.keys((ctx.staticData as { seen: object }).seen).length).toBe(RECORDS);
}, 240_000);
