/**
 * `pnpm --filter @zcc-sms/temporal bench`: prints figures, asserts nothing (timings vary by machine).
 *
 * 1. Paced: the sandbox with 300 ms latency and a 10 req/s limit, 12 months of data. Wall time against
 *    the theoretical minimum (requests ÷ rate), and requests made against ⌈records/100⌉ + one per window.
 * 2. Unpaced: no latency, no limits. Records/s through Temporal (NDJSON sink) against a direct core
 *    export (`client.sms.records`) in the same run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createNodeZoomClient } from '@zcc-sms/core/node';
import { startSandbox } from '@zcc-sms/sandbox';
import { startTemporalDevServer } from '@zcc-sms/testkit';
import {
  type BackfillOptions,
  bundleBackfillWorkflows,
  createBackfillWorker,
  startBackfill,
} from '../src/index.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });
const RANGE = { from: '2025-01-01', to: '2025-12-31' };
const CLOCK = { mode: 'accelerated', factor: 1, start: '2026-02-01T12:00:00Z' } as const;

const temporal = await startTemporalDevServer();
const connection = await Connection.connect({ address: temporal.address });
const client = new Client({ connection });
const bundle = await bundleBackfillWorkflows();

async function backfillThroughTemporal(
  sandbox: Awaited<ReturnType<typeof startSandbox>>,
  options: BackfillOptions,
  taskQueue: string,
): Promise<{ wallMs: number; records: number; windows: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'zcc-bench-'));
  const worker = await createBackfillWorker(
    {
      temporal: { connection: { address: temporal.address }, namespace: 'default' },
      taskQueue,
      zoom: {
        auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl },
        baseUrl: sandbox.baseUrl,
        clock: { now: () => sandbox.control.clock.now() },
      },
      postgres: {},
      ndjsonRoot: tmpdir(),
      workerShare: 1,
      maxConcurrentWindows: 12,
    },
    { workflowBundle: bundle },
  );
  const running = worker.run();
  try {
    const started = Date.now();
    const { handle } = await startBackfill(
      client,
      { ...RANGE, sink: { type: 'ndjson', dir }, options },
      { taskQueue },
    );
    const result = await handle.result();
    return { wallMs: Date.now() - started, records: result.records, windows: result.windows };
  } finally {
    worker.shutdown();
    await running;
    await rm(dir, { recursive: true, force: true });
  }
}

try {
  // 1. Paced.
  {
    const sandbox = await startSandbox({
      seed: 3,
      clock: CLOCK,
      latencyMs: 300,
      rateLimit: { perSecond: 10, daily: null },
      dataset: { from: RANGE.from, to: RANGE.to, records: 30_000, lateFraction: 0 },
    });
    const rate = 10;
    const run = await backfillThroughTemporal(
      sandbox,
      { rate: { plan: 'business' }, windowConcurrency: 12, pageSize: 100 },
      'bench-paced',
    );
    const requests = sandbox.stats().apiRequests;
    const ideal = Math.ceil(run.records / 100) + run.windows;
    const minimumMs = (requests / rate) * 1000;
    console.log('paced: 300 ms latency, 10 req/s, 12 months');
    console.log(
      `  records ${run.records}, windows ${run.windows}, requests ${requests} (ideal ⌈records/100⌉+windows = ${ideal}, ratio ${(requests / ideal).toFixed(3)})`,
    );
    console.log(
      `  wall ${(run.wallMs / 1000).toFixed(2)} s vs minimum ${(minimumMs / 1000).toFixed(2)} s (requests ÷ rate): ratio ${(run.wallMs / minimumMs).toFixed(3)}`,
    );
    // Where the rest goes: the span from the first to the last API request against the same minimum.
    const log = sandbox.control.requestLog(10_000).filter((e) => e.path.endsWith('/contact_center/sms'));
    const spanMs = Date.parse(log.at(-1)!.at) - Date.parse(log[0]!.at) + 1000 / rate;
    console.log(
      `  first→last request ${(spanMs / 1000).toFixed(2)} s: pacing ratio ${(spanMs / minimumMs).toFixed(3)}; fixed start/finish overhead ${((run.wallMs - spanMs) / 1000).toFixed(2)} s`,
    );
    console.log(
      `  429s: per-second ${sandbox.stats().rateLimited.perSecond}, daily ${sandbox.stats().rateLimited.daily}`,
    );
    await sandbox.stop();
  }
  // 2. Unpaced: Temporal against a direct core export, same data, same machine, same run.
  {
    const sandbox = await startSandbox({
      seed: 4,
      clock: CLOCK,
      dataset: { from: RANGE.from, to: RANGE.to, records: 60_000, lateFraction: 0 },
    });
    const options = { rate: { perSecond: 10_000, daily: 10_000_000 }, windowConcurrency: 6, pageSize: 100 };
    const direct = createNodeZoomClient({
      auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl },
      baseUrl: sandbox.baseUrl,
      budget: options.rate,
      clock: { now: () => sandbox.control.clock.now() },
    });
    const startedDirect = Date.now();
    let directRecords = 0;
    for await (const _ of direct.sms.records(RANGE, { concurrency: 6, pageSize: 100 })) directRecords++;
    const directMs = Date.now() - startedDirect;
    await direct.close();
    const run = await backfillThroughTemporal(sandbox, options, 'bench-unpaced');
    const directRate = directRecords / (directMs / 1000);
    const temporalRate = run.records / (run.wallMs / 1000);
    console.log('unpaced: no latency, no limits, 12 months');
    console.log(
      `  direct core export: ${directRecords} records in ${(directMs / 1000).toFixed(2)} s = ${directRate.toFixed(0)} records/s`,
    );
    console.log(
      `  through Temporal (NDJSON sink): ${run.records} records in ${(run.wallMs / 1000).toFixed(2)} s = ${temporalRate.toFixed(0)} records/s`,
    );
    console.log(`  ratio Temporal/direct: ${(temporalRate / directRate).toFixed(3)}`);
    await sandbox.stop();
  }
} finally {
  await connection.close();
  await temporal.stop();
}
