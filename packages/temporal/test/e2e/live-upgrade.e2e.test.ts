/**
 * Issue #15 item 6: a live upgrade, the way docs/deploys.md says to do one. A backfill starts on the
 * workers of version N (today's workflow code); it is paused and resumed; with windows in flight, workers
 * of version N+1 (a workflow bundle that adds a step behind a patch, as a next release would) join the
 * task queue and N's worker shuts down. N+1 replays N's history, lands the remaining windows and runs the
 * new step; the exact set lands. The history at the moment of the upgrade is kept for the replay tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type BackfillInput,
  type BackfillWorker,
  createBackfillWorker,
  getProgress,
  pauseBackfill,
  resumeBackfill,
  startBackfill,
} from '../../src/index.ts';
import { NEXT_RELEASE_PATCH } from '../fixtures/next-release/patched.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  type Harness,
  ndjsonIds,
  RANGE,
  recordHistory,
  startHarness,
  waitFor,
} from '../support/helpers.ts';
import { bundleNextRelease, recordedPatchesOf } from '../support/histories.ts';

/** Slow enough that windows are in flight at the upgrade, however loaded the machine. */
const SLOW = { rate: { perSecond: 25 }, pageSize: 10, windowConcurrency: 3, quotaMarginMs: 200 } as const;

describe('live upgrade', () => {
  let h: Harness;
  let next: WorkflowBundle;
  let dir: string;
  const running: Array<{ worker: BackfillWorker; done: Promise<void> }> = [];
  const start = async (workflowBundle: WorkflowBundle | { codePath: string }) => {
    const worker = await createBackfillWorker(h.workerConfig(), { workflowBundle });
    const entry = { worker, done: worker.run() };
    running.push(entry);
    return entry;
  };
  beforeAll(async () => {
    [h, next, dir] = await Promise.all([
      startHarness({ ...DEFAULT_SANDBOX, latencyMs: 20 }),
      bundleNextRelease('patched'),
      mkdtemp(join(tmpdir(), 'zcc-upgrade-')),
    ]);
  });
  afterAll(async () => {
    for (const r of running) r.worker.shutdown();
    await Promise.allSettled(running.map((r) => r.done));
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('completes a backfill started on version N exactly on version N+1 after N is shut down mid-run', async () => {
    const released = await start({ codePath: inject('zccWorkflowBundle') });
    const input: BackfillInput = { ...RANGE, sink: { type: 'ndjson', dir }, options: SLOW };
    const { handle, workflowId } = await startBackfill(h.client, input, { taskQueue: h.taskQueue });
    const progress = () => getProgress(h.client, workflowId);

    await waitFor(async () => (await progress()).windowsDone >= 1, 'a window done on version N');
    await pauseBackfill(h.client, workflowId);
    await waitFor(async () => {
      const p = await progress();
      return p.state === 'paused' && p.windowsRunning.length === 0;
    }, 'the pause to take effect');
    await resumeBackfill(h.client, workflowId);
    const atUpgrade = await waitFor(async () => {
      const p = await progress();
      return p.state === 'running' && p.windowsRunning.length > 0 ? p : undefined;
    }, 'windows in flight again');
    await recordHistory(handle, 'backfill-mid-run-upgrade');

    // A rolling deploy: N+1 joins the task queue, then N drains (its windows stop at a page boundary,
    // their checkpoints in the sink) and leaves.
    await start(next);
    released.worker.shutdown();
    await released.done;
    expect(atUpgrade.windowsDone).toBeLessThan(atUpgrade.windowsTotal);
    const requestsOnN = h.sandbox.stats().apiRequests;

    await handle.result();
    // N+1's workers fetched the rest: N was gone before they asked.
    expect(h.sandbox.stats().apiRequests).toBeGreaterThan(requestsOnN);
    expectExactSet(await ndjsonIds(dir), h.sandbox.groundTruth(RANGE));
    // N+1's code finished the run: its new step took its patch (a replay of N's code would not have).
    expect(recordedPatchesOf(await handle.fetchHistory())).toContain(NEXT_RELEASE_PATCH);
  });
});
