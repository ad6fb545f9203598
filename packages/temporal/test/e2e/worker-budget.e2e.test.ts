/**
 * Three worker processes on one account, no share set by hand: they lease the account's 10 requests/s
 * from its coordinator workflow. One is SIGKILLed mid-run; its windows resume on the others and the
 * exact set lands. The sandbox enforces the limit (a bucket of 10, refilled at 10/s) and counts its 429s:
 * three workers each pacing at the full 10/s (as before the leases) earn far more than 1 %.
 */

import type { ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackfill } from '../../src/index.ts';
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

interface Pending {
  readonly activityId: string;
  readonly attempt: number;
  readonly state: number;
  readonly worker: string;
  readonly startedAt: number;
}

describe('three workers on one account', () => {
  let h: Harness;
  const processes = workerProcesses(() => h);
  const spawnWorker = () =>
    processes.spawn({
      ZCC_PG_URL: h.pgUrl,
      // Three windows each: the six spread over the workers, and the two left after the kill have room
      // for all of them (the gap measured is the resumption, not a wait for a free slot).
      ZCC_WORKER_WINDOWS: '3',
    });

  beforeAll(async () => {
    h = await startHarness({ ...DEFAULT_SANDBOX, latencyMs: 20, rateLimit: { perSecond: 10, daily: null } });
  });
  afterAll(async () => {
    processes.killAll();
    await h?.close();
  });

  it('stay under the account limit together (429s ≤ 1 %) and resume a killed worker’s windows within 15 s', async () => {
    const table = 'sms_worker_budget';
    const truth = h.sandbox.groundTruth(RANGE);
    const workers = [spawnWorker(), spawnWorker(), spawnWorker()];
    const { handle } = await startBackfill(
      h.client,
      {
        ...RANGE,
        sink: { type: 'postgres', table },
        options: { rate: { perSecond: 10 }, pageSize: 10, windowConcurrency: 6, plan: false },
      },
      { taskQueue: h.taskQueue },
    );
    const pending = async (): Promise<Pending[]> => {
      const { raw } = await handle.describe();
      return (raw.pendingActivities ?? []).map((a) => ({
        activityId: a.activityId ?? '',
        attempt: a.attempt ?? 0,
        state: a.state ?? 0,
        worker: a.lastWorkerIdentity ?? '',
        startedAt: Number(a.lastStartedTime?.seconds ?? 0) * 1000 + (a.lastStartedTime?.nanos ?? 0) / 1e6,
      }));
    };
    // Well into the run, with windows on every worker: kill one that holds windows.
    await waitFor(() => h.sandbox.stats().apiRequests > 80, 'the workers to make progress', 120_000);
    const identity = (c: ChildProcess) => `${c.pid}@${hostname()}`;
    const before = await waitFor(async () => {
      const list = await pending();
      const victim = workers.find((c) => list.some((a) => a.state === 2 && a.worker === identity(c)));
      return victim && { victim, list };
    }, 'a worker with windows in flight');
    const lost = before.list.filter((a) => a.worker === identity(before.victim));
    const exited = new Promise((resolve) => before.victim.once('exit', resolve));
    const killedAt = Date.now();
    before.victim.kill('SIGKILL');
    await exited;

    // Each lost window starts again (a new attempt, on another worker) or was already done.
    const resumedAt = await waitFor(
      async () => {
        const now = await pending();
        const starts = lost.map((l) => {
          const again = now.find((a) => a.activityId === l.activityId);
          if (!again) return killedAt;
          return again.attempt > l.attempt && again.state === 2 ? again.startedAt : undefined;
        });
        return starts.every((s) => s !== undefined) ? Math.max(...(starts as number[])) : undefined;
      },
      'the killed worker’s windows to resume',
      60_000,
    );
    const gapMs = resumedAt - killedAt;

    await handle.result();
    expectExactSet(await pgIds(h.pgUrl, table), truth);
    const stats = h.sandbox.stats();
    const share429 = stats.rateLimited.perSecond / stats.apiRequests;
    console.info(
      `worker-budget: ${stats.apiRequests} requests, ${stats.rateLimited.perSecond} per-second 429s ` +
        `(${(share429 * 100).toFixed(2)} %); ${lost.length} windows of the killed worker resumed after ${(gapMs / 1000).toFixed(1)} s`,
    );
    expect(lost.length).toBeGreaterThan(0);
    expect(stats.apiRequests).toBeGreaterThan(250);
    expect(share429).toBeLessThanOrEqual(0.01);
    expect(gapMs).toBeLessThanOrEqual(15_000);
  });
});
