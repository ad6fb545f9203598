/**
 * Incremental sync: a Temporal Schedule starts `smsIncrementalSync`, which backfills the last day plus
 * the overlap as a child workflow; triggered here instead of waiting for 01:00 UTC.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncrementalSyncSchedule } from '../../src/index.ts';
import { expectExactSet, FAST, type Harness, ndjsonIds, startHarness, waitFor } from '../support/helpers.ts';

const DAY = 86_400_000;

describe('incremental sync schedule', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    const now = Date.now();
    h = await startHarness({
      seed: 5,
      clock: { mode: 'real' },
      dataset: {
        from: new Date(now - 10 * DAY).toISOString(),
        to: new Date(now - 60_000).toISOString(),
        records: 1_500,
        lateFraction: 0,
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-'));
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates a daily schedule whose run lands the look-back range exactly once', async () => {
    const schedule = await createIncrementalSyncSchedule(h.client, {
      scheduleId: `sync-${h.taskQueue}`,
      sink: { type: 'ndjson', dir },
      taskQueue: h.taskQueue,
      options: FAST,
    });
    try {
      const described = await schedule.describe();
      expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 1, end: 1, step: 1 }] });
      await schedule.trigger();
      const runId = await waitFor(
        async () => (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId,
        'a run',
      );
      await h.client.workflow.getHandle(runId).result();
      // The child backfill's id ends with its `from`; its range is one day plus two days of overlap.
      const children = [];
      for await (const w of h.client.workflow.list({ query: `WorkflowType = 'smsBackfill'` })) {
        if (w.workflowId.startsWith(`${runId}/`)) children.push(w.workflowId);
      }
      expect(children).toHaveLength(1);
      const from = children[0]!.slice(runId.length + 1);
      const to = new Date(Date.parse(from) + 3 * DAY).toISOString().replace('.000Z', 'Z');
      expectExactSet(await ndjsonIds(dir), h.sandbox.groundTruth({ from, to }));
    } finally {
      await schedule.delete();
    }
  });
});
