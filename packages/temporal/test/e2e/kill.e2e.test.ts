/**
 * The worker process is killed with SIGKILL in the middle of a window, twice; a new worker
 * process picks the backfill up from the heartbeats and sink checkpoints, and the exact set lands.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgress, startBackfill } from '../../src/index.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  type Harness,
  pgIds,
  RANGE,
  startHarness,
  waitFor,
} from '../support/helpers.ts';
import { workerProcesses } from '../support/worker-process.ts';

describe('SIGKILL', () => {
  let h: Harness;
  let dir: string;
  const workers = workerProcesses(() => h);
  const spawnWorker = () => workers.spawn({ ZCC_PG_URL: h.pgUrl });

  beforeAll(async () => {
    // Slow enough that a window is always in flight when the worker dies.
    h = await startHarness({ ...DEFAULT_SANDBOX, latencyMs: 25 });
    dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-'));
  });
  afterAll(async () => {
    workers.killAll();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('completes the exact set in PostgreSQL after two SIGKILLs mid-window', async () => {
    const table = 'sms_sigkill_test2';
    const truth = h.sandbox.groundTruth(RANGE);
    const { handle, workflowId } = await startBackfill(
      h.client,
      {
        ...RANGE,
        sink: { type: 'postgres', table },
        options: { rate: { perSecond: 30 }, pageSize: 10, windowConcurrency: 3, heartbeatTimeoutMs: 5_000 },
      },
      { taskQueue: h.taskQueue },
    );
    for (const round of [1, 2]) {
      const child = spawnWorker();
      const base = h.sandbox.stats().apiRequests;
      // Wait until this worker is well inside its windows (pages landed, none finished since start).
      await waitFor(
        () => h.sandbox.stats().apiRequests > base + 25,
        `worker ${round} to make progress`,
        90_000,
      );
      const progress = await getProgress(h.client, workflowId);
      expect(progress.windowsRunning.length).toBeGreaterThan(0);
      await workers.kill(child);
    }
    const partial = await pgIds(h.pgUrl, table);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(truth.length);
    spawnWorker();
    await handle.result();
    expectExactSet(await pgIds(h.pgUrl, table), truth);
    // Activities were retried after the kills (their heartbeats timed out), not restarted from scratch.
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0);
    expect(Math.max(...attempts)).toBeGreaterThan(1);
  });
});
