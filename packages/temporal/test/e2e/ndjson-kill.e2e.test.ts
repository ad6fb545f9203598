/**
 * Crash safety of the NDJSON sink without an fsync per page: a worker process is SIGKILLed twice in the
 * middle of its windows; the parts it wrote are all that survive of it, a new worker resumes every window
 * from the last intact part, and the published files hold the exact set. (A power loss is the unit test's
 * case, ndjson-files.test.ts: parts whose data never reached the disk fail their hash.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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

const WORKER_MAIN = fileURLToPath(new URL('../../src/worker-main.ts', import.meta.url));

describe('SIGKILL with the NDJSON sink', () => {
  let h: Harness;
  let dir: string;
  const children: ChildProcess[] = [];
  const spawnWorker = () => {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...h.sandbox.env,
        TEMPORAL_ADDRESS: inject('zccTemporalAddress'),
        TEMPORAL_NAMESPACE: 'default',
        ZCC_TASK_QUEUE: h.taskQueue,
        ZCC_NDJSON_ROOT: dir,
        ZCC_WORKFLOW_BUNDLE: inject('zccWorkflowBundle'),
        ZCC_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    h = await startHarness({ ...DEFAULT_SANDBOX, latencyMs: 25 });
    dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-kill-'));
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
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
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    spawnWorker();
    await handle.result();
    expectExactSet(await ndjsonIds(out), truth);
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0);
    expect(Math.max(...attempts)).toBeGreaterThan(1);
  });
});
