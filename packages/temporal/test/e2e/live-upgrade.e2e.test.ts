/**
 * Issue #15 item 6: a live upgrade, the way docs/deploys.md says to do one. A backfill starts on the
 * workers of version N (today's workflow code); it is paused and resumed; with windows in flight, workers
 * of version N+1 (a workflow bundle that adds a step behind a patch, as a next release would) join the
 * task queue and N's worker shuts down. N+1 replays N's history, lands the remaining windows and runs the
 * new step; the exact set lands. A second backfill crosses the upgrade with a window already failed for
 * good (a 400 from a proxy in front of the sandbox): N+1 keeps it failed and names it, the others land,
 * and a re-run after the fix completes the exact set. The histories at the moment of each upgrade are kept
 * for the replay tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowBundle } from '@temporalio/worker';
import { monthWindows, type TimeWindow } from '@zcc-sms/core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type BackfillInput,
  type BackfillWorker,
  createBackfillWorker,
  getProgress,
  pauseBackfill,
  resumeBackfill,
  startBackfill,
  type WindowFailure,
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
import { startZoomProxy, type ZoomProxy } from '../support/zoom-proxy.ts';

/** Slow enough that windows are in flight at the upgrade, however loaded the machine. */
const SLOW = { rate: { perSecond: 25 }, pageSize: 10, windowConcurrency: 3, quotaMarginMs: 200 } as const;
const WINDOWS = monthWindows(RANGE.from, RANGE.to);
const MARCH = WINDOWS.find((w) => w.id.startsWith('20240301')) as TimeWindow;

describe('live upgrade', () => {
  let h: Harness;
  let next: WorkflowBundle;
  let proxy: ZoomProxy;
  let dir: string;
  const running: Array<{ worker: BackfillWorker; done: Promise<void> }> = [];
  const released = () => ({ codePath: inject('zccWorkflowBundle') });
  const start = async (workflowBundle: WorkflowBundle | { codePath: string }) => {
    const config = h.workerConfig();
    const zoom = { ...config.zoom, baseUrl: proxy.baseUrl };
    const worker = await createBackfillWorker({ ...config, zoom }, { workflowBundle });
    const entry = { worker, done: worker.run() };
    running.push(entry);
    return entry;
  };
  const stopAll = async () => {
    for (const r of running) r.worker.shutdown();
    await Promise.allSettled(running.map((r) => r.done));
    running.length = 0;
  };
  beforeAll(async () => {
    [h, next, dir] = await Promise.all([
      startHarness({ ...DEFAULT_SANDBOX, latencyMs: 20 }),
      bundleNextRelease('patched'),
      mkdtemp(join(tmpdir(), 'zcc-upgrade-')),
    ]);
    proxy = await startZoomProxy(h.sandbox.baseUrl);
  });
  // Each test starts with no worker on the queue: its backfill must begin on version N alone.
  afterEach(stopAll);
  afterAll(async () => {
    await h?.close();
    await proxy?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('completes a backfill started on version N exactly on version N+1 after N is shut down mid-run', async () => {
    const versionN = await start(released());
    const input: BackfillInput = { ...RANGE, sink: { type: 'ndjson', dir: join(dir, 'a') }, options: SLOW };
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
    versionN.worker.shutdown();
    await versionN.done;
    expect(atUpgrade.windowsDone).toBeLessThan(atUpgrade.windowsTotal);
    const requestsOnN = h.sandbox.stats().apiRequests;

    await handle.result();
    // N+1's workers fetched the rest: N was gone before they asked.
    expect(h.sandbox.stats().apiRequests).toBeGreaterThan(requestsOnN);
    expectExactSet(await ndjsonIds(join(dir, 'a')), h.sandbox.groundTruth(RANGE));
    // N+1's code finished the run: its new step took its patch (a replay of N's code would not have).
    expect(recordedPatchesOf(await handle.fetchHistory())).toContain(NEXT_RELEASE_PATCH);
  });

  it('keeps a window failed for good on N failed on N+1, and a re-run after the fix completes the exact set', async () => {
    proxy.set({
      answer: (url) =>
        url.searchParams.get('from') === MARCH.from
          ? { status: 400, body: { code: 300, message: 'Invalid date range for this account.' } }
          : undefined,
    });
    const versionN = await start(released());
    const input: BackfillInput = {
      ...RANGE,
      sink: { type: 'ndjson', dir: join(dir, 'b') },
      options: { ...SLOW, plan: false },
    };
    const { handle, workflowId } = await startBackfill(h.client, input, { taskQueue: h.taskQueue });
    await waitFor(async () => {
      const p = await getProgress(h.client, workflowId);
      return p.windowsFailed?.length === 1 && p.windowsRunning.length > 0;
    }, 'March failed on version N while other windows run');
    await recordHistory(handle, 'backfill-mid-run-failed-window');

    await start(next);
    versionN.worker.shutdown();
    await versionN.done;

    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe('FailedWindows');
    expect((cause.details?.[0] as WindowFailure[] | undefined)?.map((f) => f.windowId)).toEqual([MARCH.id]);
    // Every window but March landed (records on March's edges may come from its neighbours).
    const others = WINDOWS.filter((w) => w !== MARCH).flatMap((w) => h.sandbox.groundTruth(w));
    expectExactSet(await ndjsonIds(join(dir, 'b')), [...new Set(others)]);

    proxy.set({});
    const again = await startBackfill(h.client, input, { taskQueue: h.taskQueue });
    await again.handle.result();
    expectExactSet(await ndjsonIds(join(dir, 'b')), h.sandbox.groundTruth(RANGE));
  });
});
