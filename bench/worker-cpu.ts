/**
 * `node bench/worker-cpu.ts`: a worker's CPU per 1,000 records landed, the backfill rows' path (a real
 * Temporal dev server, the worker in this process, NDJSON sink; the sandbox in its own process, so the
 * figure is the worker's: our code, the Temporal SDK and its core threads). Run it under
 * `node --cpu-prof` to see where the time goes. Two figures: with the worker's start (as bench/run.ts's
 * backfill rows count it) and from the backfill's start to its result (the worker already running). Knobs: ZCC_CPU_RECORDS (default 60,000 over 12 months),
 * ZCC_CPU_RPS (default 10, Business+), ZCC_CPU_LATENCY_MS (default 300), ZCC_CPU_WARM_UP=1 (land one month
 * first in the same process, so the figure is a warm worker's: without it, V8 compiling a fresh process's
 * hot paths is counted too).
 */
import { cpus } from 'node:os';
import { createBackfillHarness } from './lib/backfill-run.ts';
import { startSandboxProcess } from './lib/sandbox-process.ts';

const records = Number(process.env.ZCC_CPU_RECORDS ?? 60_000);
const perSecond = Number(process.env.ZCC_CPU_RPS ?? 10);
const latencyMs = Number(process.env.ZCC_CPU_LATENCY_MS ?? 300);
const query = { from: '2025-01-01', to: '2025-12-31' };
const warmUp = process.env.ZCC_CPU_WARM_UP === '1';
const plan = perSecond >= 10 ? 'business' : 'pro';
const limits = { perSecond, daily: 10_000_000 };

const sandbox = await startSandboxProcess({
  ...query,
  records,
  profile: 'ordinary',
  seed: 2026,
  perSecond,
  daily: 10_000_000,
  latencyMs,
  speedup: 1,
  clockStart: '2026-03-01T01:00:00Z',
});
const harness = await createBackfillHarness();
try {
  const truth = new Set(await sandbox.groundTruth(query));
  if (warmUp) {
    // A long-running worker has compiled its hot paths long ago: one month first, so the measured
    // backfill counts per-record work rather than V8 warming up a fresh process.
    await harness.run(sandbox, { from: '2025-01-01', to: '2025-01-31' }, plan, 'quota', limits);
  }
  const before = process.cpuUsage();
  const r = await harness.run(sandbox, query, plan, 'quota', limits);
  const used = process.cpuUsage(before);
  const cpuMs = (used.user + used.system) / 1000;
  const exact = r.ids.length === truth.size && r.ids.every((id) => truth.has(id));
  console.log(
    `${warmUp ? 'warm worker (one month first): ' : ''}${r.ids.length} records, ${r.requests} requests at ${perSecond}/s and ${latencyMs} ms, ${(r.wallMs / 1000).toFixed(1)} s wall, ` +
      `${r.rateLimited} 429s, exact set: ${exact ? 'yes' : 'NO'}; worker CPU ${cpuMs.toFixed(0)} ms ` +
      `(user ${(used.user / 1000).toFixed(0)}, system ${(used.system / 1000).toFixed(0)}) = ` +
      `${((cpuMs / Math.max(1, r.ids.length)) * 1000).toFixed(1)} ms per 1,000 records with the worker's start; ` +
      `${((r.cpuMs / Math.max(1, r.ids.length)) * 1000).toFixed(1)} ms per 1,000 records from the backfill's start to its result; ${cpus().length} cores`,
  );
} finally {
  await harness.close();
  await sandbox.stop();
}
