/**
 * One backfill through Temporal — the same path `zcc-sms backfill` takes: a real Temporal dev server, the
 * worker with the plan activity and window activities, NDJSON sink. Runs in real time (speed-up 1): Temporal's
 * own scheduling is wall-clock work that a compressed clock would magnify unfairly.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Favor } from '@zcc-sms/core';
import { bundleBackfillWorkflows, createBackfillWorker, startBackfill } from '@zcc-sms/temporal';
import { startTemporalDevServer } from '@zcc-sms/testkit';
import type { RemoteSandbox } from './sandbox-process.ts';

export interface BackfillHarness {
  run(
    sandbox: RemoteSandbox,
    query: { from: string; to: string },
    ratePlan: 'pro' | 'business',
    favor: Favor,
    /** Instead of the rate plan's limits (worker-cpu.ts). */
    rate?: { perSecond: number; daily: number },
  ): Promise<BackfillResult>;
  close(): Promise<void>;
}

export interface BackfillResult {
  readonly wallMs: number;
  readonly requests: number;
  /** Records the sandbox served (with repeats): more than landed when pages are fetched again. */
  readonly recordsServed: number;
  readonly planned: number;
  readonly rateLimited: number;
  readonly ids: string[];
  readonly windows: number;
  /** This process's CPU from the start of the backfill to its result (the worker already running), ms. */
  readonly cpuMs: number;
}

async function landedIds(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.ndjson')) continue;
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      if (line) ids.push((JSON.parse(line) as { engagement_id: string }).engagement_id);
    }
  }
  return ids;
}

let runtimeInstalled = false;

export async function createBackfillHarness(): Promise<BackfillHarness> {
  // The worker's INFO lines would drown the figures; warnings and errors still show.
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const temporal = await startTemporalDevServer();
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const bundle = await bundleBackfillWorkflows();
  let n = 0;
  return {
    async run(sandbox, query, ratePlan, favor, rate) {
      const dir = await mkdtemp(join(tmpdir(), 'zcc-bench-backfill-'));
      const taskQueue = `bench-${++n}`;
      const worker = await createBackfillWorker(
        {
          temporal: { connection: { address: temporal.address }, namespace: 'default' },
          taskQueue,
          zoom: { auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl }, baseUrl: sandbox.baseUrl },
          postgres: {},
          workerShare: 1,
          maxConcurrentWindows: 16,
          // The run's directory is a temporary one: NDJSON sinks are confined to the worker's root.
          ndjsonRoot: tmpdir(),
        },
        { workflowBundle: bundle },
      );
      const running = worker.run();
      try {
        const before = await sandbox.stats();
        const started = Date.now();
        const cpu = process.cpuUsage();
        const { handle } = await startBackfill(
          client,
          { ...query, sink: { type: 'ndjson', dir }, options: { favor, rate: rate ?? { plan: ratePlan } } },
          { taskQueue },
        );
        const result = await handle.result();
        const wallMs = Date.now() - started;
        const used = process.cpuUsage(cpu);
        const after = await sandbox.stats();
        return {
          wallMs,
          requests: after.apiRequests - before.apiRequests,
          recordsServed: after.recordsServed - before.recordsServed,
          planned: (result.plannedRequests ?? 0) + (result.probeRequests ?? 0),
          rateLimited:
            after.rateLimited.perSecond +
            after.rateLimited.daily -
            before.rateLimited.perSecond -
            before.rateLimited.daily,
          ids: await landedIds(dir),
          windows: result.windows,
          cpuMs: (used.user + used.system) / 1000,
        };
      } finally {
        worker.shutdown();
        await running;
        await rm(dir, { recursive: true, force: true });
      }
    },
    async close() {
      await connection.close();
      await temporal.stop();
    },
  };
}
