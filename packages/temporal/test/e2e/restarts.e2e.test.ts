/**
 * Issue #10 part B, item 5: real parts die mid-backfill and the exact set still lands — the Temporal dev
 * server killed and restarted on the same SQLite file, PostgreSQL restarted under the sink, and a worker
 * process stopped with SIGTERM (it exits within 10 s, the page in flight lands with its checkpoint, and a
 * new worker finishes from there).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type PostgresServer,
  startPostgres,
  startTemporalDevServer,
  type TemporalDevServer,
} from '@zcc-sms/testkit';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type BackfillInput, startBackfill } from '../../src/index.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  type Harness,
  pgIds,
  RANGE,
  startHarness,
  waitFor,
} from '../support/helpers.ts';
import { startZoomProxy, type ZoomProxy } from '../support/zoom-proxy.ts';

const WORKER_MAIN = fileURLToPath(new URL('../../src/worker-main.ts', import.meta.url));

/** Slow enough that windows are always in flight when something dies. */
const SLOW_SANDBOX = { ...DEFAULT_SANDBOX, latencyMs: 25 };
const SLOW = {
  rate: { perSecond: 30 },
  pageSize: 10,
  windowConcurrency: 3,
  heartbeatTimeoutMs: 5_000,
  plan: false,
};

describe('restarts mid-backfill', () => {
  let h: Harness | undefined;
  let temporal: TemporalDevServer | undefined;
  let postgres: PostgresServer | undefined;
  let proxy: ZoomProxy | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    children.length = 0;
    await h?.close();
    h = undefined;
    await temporal?.stop();
    temporal = undefined;
    await postgres?.stop();
    postgres = undefined;
    await proxy?.stop();
    proxy = undefined;
  });

  const midway = async (harness: Harness, what: string) => {
    const base = harness.sandbox.stats().apiRequests;
    await waitFor(() => harness.sandbox.stats().apiRequests > base + 30, what, 90_000);
  };

  it('survives the Temporal server being killed and restarted on the same database file', async () => {
    temporal = await startTemporalDevServer();
    h = await startHarness(SLOW_SANDBOX, { temporalAddress: temporal.address });
    await h.startWorker();
    const table = 'sms_temporal_restart';
    const input: BackfillInput = { ...RANGE, sink: { type: 'postgres', table }, options: SLOW };
    const { handle } = await startBackfill(h.client, input, { taskQueue: h.taskQueue });
    await midway(h, 'windows in flight before the restart');
    await temporal.restart();
    await handle.result();
    expectExactSet(await pgIds(h.pgUrl, table), h.sandbox.groundTruth(RANGE));
  });

  it('survives PostgreSQL being restarted under the sink', async () => {
    postgres = await startPostgres();
    h = await startHarness(SLOW_SANDBOX, { pgUrl: postgres.url });
    await h.startWorker();
    const table = 'sms_pg_restart';
    const { handle } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'postgres', table }, options: SLOW },
      { taskQueue: h.taskQueue },
    );
    await midway(h, 'pages landing before the restart');
    await postgres.restart();
    await handle.result();
    expectExactSet(await pgIds(postgres.url, table), h.sandbox.groundTruth(RANGE));
  });

  it('stops a worker on SIGTERM within 10 s with every page it fetched landed; a new one finishes', async () => {
    const harness = await startHarness(SLOW_SANDBOX);
    h = harness;
    // Every record Zoom sent the worker, seen on the wire: after a graceful stop all of them have landed.
    const served = new Set<string>();
    proxy = await startZoomProxy(harness.sandbox.baseUrl, {
      rewrite: (_url, body) => {
        for (const r of body.sms ?? []) served.add(String(r.engagement_id));
        return body;
      },
    });
    const spawnWorker = () => {
      const child = spawn(process.execPath, [WORKER_MAIN], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ...harness.sandbox.env,
          ZOOM_API_BASE_URL: (proxy as ZoomProxy).baseUrl,
          TEMPORAL_ADDRESS: inject('zccTemporalAddress'),
          TEMPORAL_NAMESPACE: 'default',
          ZCC_TASK_QUEUE: harness.taskQueue,
          ZCC_PG_URL: harness.pgUrl,
          ZCC_WORKFLOW_BUNDLE: inject('zccWorkflowBundle'),
          ZCC_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      return child;
    };
    const table = 'sms_sigterm';
    const { handle } = await startBackfill(
      harness.client,
      { ...RANGE, sink: { type: 'postgres', table }, options: SLOW },
      { taskQueue: harness.taskQueue },
    );
    const child = spawnWorker();
    await midway(harness, 'the worker to be inside its windows');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const sentAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const tookMs = Date.now() - sentAt;
    expect(tookMs, 'worker exit after SIGTERM (ms)').toBeLessThan(10_000);
    expect(code).toBe(0);
    const landed = await pgIds(harness.pgUrl, table);
    expect(landed.length).toBeGreaterThan(0);
    const landedSet = new Set(landed);
    expect(
      [...served].filter((id) => !landedSet.has(id)),
      'fetched but not landed at SIGTERM',
    ).toEqual([]);
    expect(landed.length).toBeLessThan(harness.sandbox.groundTruth(RANGE).length);
    spawnWorker();
    const result = await handle.result();
    expectExactSet(await pgIds(harness.pgUrl, table), harness.sandbox.groundTruth(RANGE));
    // Checkpointed, not repeated: the pages in flight at SIGTERM landed, so the new worker resumed after
    // them and no page was requested twice (a window cancelled mid-request would ask for it again).
    expect(harness.sandbox.stats().apiRequests - result.requests, 'pages requested twice').toBe(0);
  });
});
