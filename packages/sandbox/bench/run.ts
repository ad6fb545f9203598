/**
 * Sandbox benchmark: how fast it serves List SMS pages from a 5,000,000-record data set, and what that data
 * set costs in memory. Bounded (~30 s with the defaults), then it stops by itself.
 *
 * Honest by construction:
 * - every server runs in its own child process; "pages per sandbox CPU-second" divides by that process's
 *   own `process.cpuUsage()` (user + system: the kernel's loopback copy is charged to the sender), so it
 *   does not depend on the load generator sharing the cores;
 * - the load generator is kept light (bodies stay bytes: the page token is read from the head, records
 *   are counted, every 16th page is fully `JSON.parse`d and checked), and its own CPU use is printed;
 * - every chain pages its own month and resumes there, so no record is served twice (no warm cache);
 * - on a shared machine figures drift with the load, so servers take turns in short slots (rounds) and each
 *   figure is the median over rounds; ratios compare servers measured in the same rounds:
 *   the **floor** is a bare `node:http` server returning a pre-encoded page of the same bytes (Node's HTTP
 *   stack + kernel copy, no work), and `BENCH_BASELINE_BIN` adds another build of the bin (e.g. the previous
 *   commit's);
 * - `serializer` compares the page encoder with `JSON.stringify` of record objects on the same pages.
 *
 *   pnpm --filter @zcc-sms/sandbox bench
 *   BENCH_RECORDS=1000000 BENCH_SECONDS=1 BENCH_ROUNDS=2 pnpm --filter @zcc-sms/sandbox bench
 *   git archive HEAD~1 packages/sandbox | tar -x -C /tmp/base &&
 *     BENCH_BASELINE_BIN=/tmp/base/packages/sandbox/src/bin.ts pnpm --filter @zcc-sms/sandbox bench
 */
import { fileURLToPath } from 'node:url';
import { measureSerializer } from './serializer.ts';
import type { PhaseSample, Target } from './server-run.ts';
import { sandboxArgs, startTarget } from './server-run.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const FLOOR = fileURLToPath(new URL('./floor-server.ts', import.meta.url));
const BASELINE_BIN = process.env.BENCH_BASELINE_BIN;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const serializer = measureSerializer(Math.min(RECORDS, 1_000_000), 600);
console.log(
  `serializer, in process, ${serializer.pages} pages of 100 records (${fmt(serializer.bytesPerPage)} B each): ` +
    `page encoder ${fmt(serializer.encoderPagesPerCpuSec)} pages/CPU-s; JSON.stringify of record objects ` +
    `${fmt(serializer.stringifyPagesPerCpuSec)} pages/CPU-s ` +
    `(${(serializer.encoderPagesPerCpuSec / serializer.stringifyPagesPerCpuSec).toFixed(1)}x)`,
);

const sandboxes: Target[] = [];
const targets: Target[] = [];
try {
  for (const [label, bin] of [
    ['sandbox', BIN],
    ['baseline', BASELINE_BIN],
  ] as const) {
    if (!bin) continue;
    const t = await startTarget(label, bin, sandboxArgs(RECORDS), CONCURRENCY);
    sandboxes.push(t);
    const m = (await t.processInfo()).memory;
    console.log(
      `${label.padEnd(8)} ${RECORDS.toLocaleString('en-US')} records over 13 months: started in ` +
        `${(t.startupMs / 1000).toFixed(1)} s, RSS ${mb(m.rss)} (heap used ${mb(m.heapUsed)}, array buffers ${mb(m.arrayBuffers)})`,
    );
  }
  const floor = await startTarget('floor', FLOOR, [], CONCURRENCY);
  targets.push(...sandboxes, floor);
  // The floor serves real sandbox pages: the same bytes on the wire.
  for (const size of [100, 1]) {
    await floor.call(`/_floor/${size}`, { method: 'PUT', body: await sandboxes[0]!.firstPage(size) });
  }

  // Unmeasured warm-up (JIT) on another month, then the measured phases.
  for (const t of targets) await t.run(-1, 100, SECONDS / 2);

  const results = new Map<string, Map<string, PhaseSample[]>>();
  const measure = async (phase: number, label: string, size: number, among: Target[]) => {
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of among) {
        const sample = await t.run(phase, size, SECONDS);
        const byTarget = results.get(label) ?? new Map<string, PhaseSample[]>();
        results.set(label, byTarget);
        byTarget.set(t.label, [...(byTarget.get(t.label) ?? []), sample]);
      }
    }
  };
  await measure(0, 'start_time, 100 per page', 100, targets);
  await measure(1, 'start_time, 1 per page', 1, targets);
  for (const t of sandboxes) {
    const t0 = performance.now();
    await t.call('/_sandbox/variants', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boundField: 'end_time' }),
    });
    await t.firstPage(1); // builds the end_time index
    const m = (await t.processInfo()).memory;
    console.log(
      `${t.label.padEnd(8)} end_time index built on first use in ${fmt(performance.now() - t0)} ms, RSS then ${mb(m.rss)}`,
    );
  }
  await measure(2, 'end_time, 100 per page', 100, sandboxes);

  console.log(
    `\nmedian of ${ROUNDS} rounds of ${SECONDS} s, ${CONCURRENCY} concurrent chains, load generator in this process`,
  );
  for (const [label, byTarget] of results) {
    console.log(label);
    const cpuRate = (s: PhaseSample) => s.pages / s.serverCpuSec;
    const wallRate = (s: PhaseSample) => s.pages / s.wallSec;
    const figures = new Map<string, { cpu: number; wall: number }>();
    for (const [target, samples] of byTarget) {
      const cpu = median(samples.map(cpuRate));
      const wall = median(samples.map(wallRate));
      figures.set(target, { cpu, wall });
      const system = median(samples.map((s) => s.serverSystemSec / s.serverCpuSec));
      const client = median(samples.map((s) => s.clientCpuSec / s.wallSec));
      const records = samples.reduce((n, s) => n + s.records, 0);
      console.log(
        `  ${target.padEnd(8)} ${fmt(cpu).padStart(6)} pages per server CPU-second (${Math.round(system * 100)} % in the kernel), ` +
          `${fmt(wall).padStart(6)} pages/s wall; load generator ${Math.round(client * 100)} % of a core; ${records.toLocaleString('en-US')} records`,
      );
    }
    const mine = figures.get('sandbox')!;
    for (const other of ['baseline', 'floor']) {
      const o = figures.get(other);
      if (o)
        console.log(
          `  sandbox / ${other}: CPU ${(mine.cpu / o.cpu).toFixed(2)}x, wall ${(mine.wall / o.wall).toFixed(2)}x`,
        );
    }
  }
} finally {
  for (const t of targets.length > 0 ? targets : sandboxes) t.stop();
}
