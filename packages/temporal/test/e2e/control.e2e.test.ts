/**
 * Pause/resume, cancel, and a second start of the same backfill (attached or refused, never
 * doubled).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { monthWindows, touchesSharedEdge } from '@zcc-sms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackfillAlreadyRunningError,
  type BackfillInput,
  cancelBackfill,
  getProgress,
  pauseBackfill,
  resumeBackfill,
  startBackfill,
} from '../../src/index.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  type Harness,
  ndjsonIds,
  RANGE,
  startHarness,
  waitFor,
} from '../support/helpers.ts';

const SLOW = { rate: { perSecond: 25 }, pageSize: 10, windowConcurrency: 3, quotaMarginMs: 200 } as const;

describe('control', () => {
  let h: Harness;
  const dirs: string[] = [];
  const newDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(async () => {
    h = await startHarness({ ...DEFAULT_SANDBOX, latencyMs: 20 });
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('pauses (no request while paused), attaches a second start, refuses a third, resumes to the exact set', async () => {
    const input: BackfillInput = { ...RANGE, sink: { type: 'ndjson', dir: await newDir() }, options: SLOW };
    const first = await startBackfill(h.client, input, { taskQueue: h.taskQueue });
    expect(first.attached).toBe(false);

    const second = await startBackfill(h.client, input, { taskQueue: h.taskQueue });
    expect(second).toMatchObject({ attached: true, workflowId: first.workflowId });
    await expect(
      startBackfill(h.client, input, { taskQueue: h.taskQueue, onConflict: 'fail' }),
    ).rejects.toBeInstanceOf(BackfillAlreadyRunningError);

    await waitFor(
      async () => (await getProgress(h.client, first.workflowId)).windowsDone >= 2,
      'two windows done',
    );
    await pauseBackfill(h.client, first.workflowId);
    const paused = await waitFor(async () => {
      const p = await getProgress(h.client, first.workflowId);
      return p.state === 'paused' && p.windowsRunning.length === 0 ? p : undefined;
    }, 'pause to take effect');
    expect(paused.windowsDone).toBeLessThan(13);
    const before = h.sandbox.stats().apiRequests;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(h.sandbox.stats().apiRequests).toBe(before);

    await resumeBackfill(h.client, first.workflowId);
    await first.handle.result();
    expectExactSet(await ndjsonIds(input.sink.dir as string), h.sandbox.groundTruth(RANGE));
    // Only one workflow ran: the attached handle saw the same run complete.
    expect((await second.handle.describe()).status.name).toBe('COMPLETED');
  });

  it('cancel leaves only complete window files; starting again completes the exact set', async () => {
    const dir = await newDir();
    const input: BackfillInput = { ...RANGE, sink: { type: 'ndjson', dir }, options: SLOW };
    const started = await startBackfill(h.client, input, { taskQueue: h.taskQueue });
    await waitFor(
      async () => (await getProgress(h.client, started.workflowId)).windowsDone >= 1,
      'a window done',
    );
    await cancelBackfill(h.client, started.workflowId);
    const error = await started.handle.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((await started.handle.describe()).status.name).toBe('CANCELLED');

    // Consistent: every published file is a whole window — no repeated id, nothing outside its window,
    // nothing of its window missing except edge records owned by the neighbour.
    const windows = monthWindows(RANGE.from, RANGE.to);
    const published = (await readdir(dir)).filter((n) => n.endsWith('.ndjson'));
    expect(published.length).toBeGreaterThan(0);
    expect(published.length).toBeLessThan(windows.length);
    for (const name of published) {
      const window = windows.find((w) => `${w.id}.ndjson` === name)!;
      const lines = (await readFile(join(dir, name), 'utf8')).trimEnd().split('\n');
      const records = lines.map((l) => JSON.parse(l) as { engagement_id: string; start_time: string });
      const ids = new Set(records.map((r) => r.engagement_id));
      expect(ids.size).toBe(records.length);
      const truth = h.sandbox.records({ from: window.from, to: window.to });
      const missing = truth.filter((r) => !ids.has(r.engagement_id));
      expect(missing.every((r) => touchesSharedEdge(r, window))).toBe(true);
      const truthIds = new Set(truth.map((r) => r.engagement_id));
      expect([...ids].every((id) => truthIds.has(id))).toBe(true);
    }

    const again = await startBackfill(h.client, input, { taskQueue: h.taskQueue });
    expect(again.attached).toBe(false);
    await again.handle.result();
    expectExactSet(await ndjsonIds(dir), h.sandbox.groundTruth(RANGE));
  });
});
