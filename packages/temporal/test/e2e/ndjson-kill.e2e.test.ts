/**
 * Crash safety of the NDJSON sink without an fsync per page: a worker process is SIGKILLed twice in the
 * middle of its windows; the parts it wrote are all that survive of it, a new worker resumes every window
 * from the last intact part, and the published files hold the exact set. (A power loss is the unit test's
 * case, ndjson-files.test.ts: parts whose data never reached the disk fail their hash.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackfill } from '../../src/index.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  type Harness,
  ndjsonIds,
  RANGE,
  startHarness,
  waitFor,
} from '../support/helpers.ts';
import { workerProcesses } from '../support/worker-process.ts';

describe('SIGKILL with the NDJSON sink', () => {
  let h: Harness;
  let dir: string;
  const workers = workerProcesses(() => h);
  const spawnWorker = () => workers.spawn({ ZCC_NDJSON_ROOT: dir });

  beforeAll(async () => {
    h = await startHarness({ ...DEFAULT_SANDBOX, latencyMs: 25 });
    dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-kill-'));
  });
  afterAll(async () => {
    workers.killAll();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lands the exact set after two SIGKILLs mid-window', async () => {
    const out = join(dir, 'sms');
    const truth = h.sandbox.groundTruth(RANGE);
    const { handle } = await startBackfill(
      h.client,
      {
        ...RANGE,
        sink: { type: 'ndjson', dir: out },
        options: { rate: { perSecond: 30 }, pageSize: 10, windowConcurrency: 3, heartbeatTimeoutMs: 5_000 },
      },
      { taskQueue: h.taskQueue },
    );
    for (const round of [1, 2]) {
      const child = spawnWorker();
      const base = h.sandbox.stats().apiRequests;
      await waitFor(() => h.sandbox.stats().apiRequests > base + 25, `worker ${round} to land pages`, 90_000);
      await workers.kill(child);
    }
    spawnWorker();
    await handle.result();
    expectExactSet(await ndjsonIds(out), truth);
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0);
    expect(Math.max(...attempts)).toBeGreaterThan(1);
  });
});
