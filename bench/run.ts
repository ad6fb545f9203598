/**
 * `pnpm bench` — the throughput suite of issue 7 against the sandbox. Writes bench/REPORT.md and
 * bench/chart.svg. Every figure is a ratio against a floor or a baseline measured in the same run.
 *
 * Time is compressed (see lib/sandbox-clock.ts): ZCC_BENCH_SPEEDUP (default 10) times faster than real.
 * ZCC_BENCH_QUICK=1 runs one latency and one rate plan only.
 */
import { monthWindows } from '@zcc-sms/core';
import { createBackfillHarness } from './lib/backfill-run.ts';
import { runExport } from './lib/export-run.ts';
import { markdownTable, type Row, writeReport } from './lib/report.ts';
import { simTime } from './lib/sandbox-clock.ts';
import { startSandboxProcess } from './lib/sandbox-process.ts';
import { LATENCIES_MS, limitsOf, PLANS, TRAFFIC, type Traffic } from './lib/scenarios.ts';
import { sequentialLoop } from './lib/sequential.ts';

const SPEEDUP = Number(process.env.ZCC_BENCH_SPEEDUP ?? 10);
const QUICK = process.env.ZCC_BENCH_QUICK === '1';
const latencies = QUICK ? [300] : LATENCIES_MS;
const ratePlans = QUICK ? (['business'] as const) : PLANS;
const rows: Row[] = [];
let peakRss = 0;

function log(line: string) {
  process.stderr.write(`${line}\n`);
}

async function scenario(traffic: Traffic, ratePlan: (typeof PLANS)[number], latencyMs: number) {
  const limits = limitsOf(ratePlan);
  const sandbox = await startSandboxProcess({
    from: traffic.from,
    to: traffic.to,
    records: traffic.records,
    profile: traffic.profile,
    seed: 2026,
    perSecond: limits.perSecond,
    daily: limits.daily,
    latencyMs: latencyMs / SPEEDUP,
    speedup: SPEEDUP,
    clockStart: '2026-03-01T01:00:00Z',
  });
  try {
    const time = simTime(sandbox.clockAtStart, SPEEDUP);
    const query = { from: traffic.from, to: traffic.to };
    const truth = await sandbox.groundTruth(query);
    let minimum = 0;
    for (const w of monthWindows(query.from, query.to)) {
      minimum += Math.max(1, Math.ceil((await sandbox.groundTruth({ from: w.from, to: w.to })).length / 100));
    }
    const floorS = minimum / limits.perSecond;
    const favors = traffic.name === 'busy' ? (['time', 'quota'] as const) : (['time'] as const);
    const results = [];
    for (const favor of favors) {
      const r = await runExport(sandbox, time, query, limits, favor);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      results.push({ favor, r });
      log(
        `${traffic.name} ${ratePlan} ${latencyMs}ms export favor ${favor}: ${(r.wallMs / 1000).toFixed(1)} s (floor ${floorS.toFixed(1)} s), ${r.requests} requests, ${r.rateLimited} 429s, ${r.retries} retries, ${r.pageTokenRestarts} page-token restarts, ${r.windows} windows × ${r.concurrency} cursors`,
      );
    }
    const seqStart = time.clock.now();
    const months = monthWindows(query.from, query.to).map((w) => ({ from: w.from, to: w.to }));
    const seq = await sequentialLoop(
      { ...sandbox.credentials, baseUrl: sandbox.baseUrl, tokenUrl: sandbox.tokenUrl },
      months,
      time,
    );
    const sequentialS = (time.clock.now() - seqStart) / 1000;
    log(
      `${traffic.name} ${ratePlan} ${latencyMs}ms sequential loop: ${sequentialS.toFixed(1)} s, ${seq.requests} requests, ${seq.rateLimited} 429s`,
    );
    for (const { favor, r } of results) {
      rows.push({
        traffic: traffic.name,
        plan: ratePlan,
        latencyMs,
        path: `export (favor ${favor})`,
        records: r.unique,
        minimumRequests: minimum,
        requests: r.requests,
        planned: r.planned,
        floorS,
        wallS: r.wallMs / 1000,
        sequentialS,
        rateLimited: r.rateLimited,
        cpuMsPer1000: (r.cpuMs / Math.max(1, r.records)) * 1000,
        exact: r.unique === truth.length && r.records === truth.length,
      });
    }
  } finally {
    await sandbox.stop();
  }
}

/**
 * Backfill through Temporal at 300 ms and Business+ limits, in real time (speed-up 1, see backfill-run.ts).
 * The sequential baseline is the export scenario's, same data and latency, measured in this run.
 */
async function backfillScenario(traffic: Traffic, favor: 'time' | 'quota') {
  const limits = limitsOf('business');
  const latencyMs = 300;
  const sandbox = await startSandboxProcess({
    from: traffic.from,
    to: traffic.to,
    records: traffic.records,
    profile: traffic.profile,
    seed: 2026,
    perSecond: limits.perSecond,
    daily: limits.daily,
    latencyMs,
    speedup: 1,
    clockStart: '2026-03-01T01:00:00Z',
  });
  const harness = await createBackfillHarness();
  try {
    const query = { from: traffic.from, to: traffic.to };
    const truth = await sandbox.groundTruth(query);
    let minimum = 0;
    for (const w of monthWindows(query.from, query.to)) {
      minimum += Math.max(1, Math.ceil((await sandbox.groundTruth({ from: w.from, to: w.to })).length / 100));
    }
    const cpu = process.cpuUsage();
    const r = await harness.run(sandbox, query, 'business', favor);
    const used = process.cpuUsage(cpu);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const exportRow = rows.find(
      (row) => row.traffic === traffic.name && row.plan === 'business' && row.latencyMs === latencyMs,
    );
    const floorS = minimum / limits.perSecond;
    log(
      `${traffic.name} business 300ms backfill favor ${favor}: ${(r.wallMs / 1000).toFixed(1)} s (floor ${floorS.toFixed(1)} s), ${r.requests} requests, ${r.windows} windows`,
    );
    rows.push({
      traffic: traffic.name,
      plan: 'business',
      latencyMs,
      path: `backfill (favor ${favor})`,
      records: new Set(r.ids).size,
      minimumRequests: minimum,
      requests: r.requests,
      planned: r.planned,
      floorS,
      wallS: r.wallMs / 1000,
      sequentialS: exportRow?.sequentialS,
      rateLimited: r.rateLimited,
      cpuMsPer1000: ((used.user + used.system) / 1000 / Math.max(1, r.ids.length)) * 1000,
      exact:
        r.ids.length === truth.length &&
        new Set(r.ids).size === truth.length &&
        r.ids.every((id) => truth.includes(id)),
    });
  } finally {
    await harness.close();
    await sandbox.stop();
  }
}

const started = Date.now();
for (const traffic of TRAFFIC) {
  for (const ratePlan of ratePlans) {
    for (const latencyMs of latencies) await scenario(traffic, ratePlan, latencyMs);
  }
}
if (process.env.ZCC_BENCH_BACKFILL !== '0') {
  await backfillScenario(TRAFFIC[0]!, 'quota');
  await backfillScenario(TRAFFIC[1]!, 'time');
}
const minutes = ((Date.now() - started) / 60_000).toFixed(1);

const body = `# Benchmark report

Generated by \`pnpm bench\` on ${new Date().toISOString().slice(0, 10)} (${minutes} min of real time). Export rows are
simulated ${SPEEDUP}× faster: rate limits, latency and waits all run on the sandbox's accelerated clock, so every
ratio holds; only our own CPU overhead is magnified ${SPEEDUP}× (CPU ms per 1,000 records is real CPU time, of the
client only: the sandbox runs in its own process). Backfill rows run in real time through a real Temporal dev
server (worker in this process). Machine: ${process.arch}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores.

![wall time ÷ floor](chart.svg)

- **floor** = minimum requests (Σ ⌈records per month ÷ 100⌉) ÷ the rate plan's per-second limit — no client can beat it.
- **extra** = requests made beyond that minimum (plan probes, partial last pages of sub-windows).
- **plan est. error** = |requests the plan predicted (probes included) − requests made| ÷ requests made.
- **sequential ÷ wall** = how much faster than a plain sequential page loop (one page after another, a second's
  wait on a 429) measured in the same run on the same sandbox.
- Aims (issue 7): (a) ≤ 1.05× the floor; (b) ≤ 1.15× with ≤ 5 % extra requests under favor time, and exactly the
  minimum under favor quota; no 429 when the limit is configured right; plan estimates within 5 %.

${markdownTable(rows)}

Peak RSS of the benchmark process (client, worker and Temporal SDK; the sandbox runs in its own process): ${(peakRss / 1024 / 1024).toFixed(0)} MiB.
`;
await writeReport(
  new URL('./REPORT.md', import.meta.url).pathname,
  new URL('./chart.svg', import.meta.url).pathname,
  body,
  rows,
);
log(`wrote bench/REPORT.md (${minutes} min)`);
