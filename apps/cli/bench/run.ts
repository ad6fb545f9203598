/**
 * Benchmark: `zcc-sms export` of 12 months against the sandbox with 300 ms latency and a 10 requests/s
 * limit (Zoom's Business HEAVY rate), compared with
 *  - the theoretical minimum: requests ÷ rate (no client can be faster without a 429);
 *  - a plain sequential page loop (what most scripts do), measured in the same run on the same sandbox.
 * Prints figures; asserts nothing. Bounded: ~1 minute with the defaults.
 *
 *   pnpm --filter zcc-sms bench [-- --records-per-month 1500 --latency-ms 300 --rate 10]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSandbox } from '@zcc-sms/sandbox';
import { sequentialExport } from './sequential-loop.ts';

const { values } = parseArgs({
  options: {
    'records-per-month': { type: 'string', default: '1500' },
    'latency-ms': { type: 'string', default: '300' },
    rate: { type: 'string', default: '10' },
    concurrency: { type: 'string' },
  },
});
const perMonth = Number(values['records-per-month']);
const latencyMs = Number(values['latency-ms']);
const rate = Number(values.rate);
const FROM = '2025-01-01';
const TO = '2025-12-31';
const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

const sandbox = await startSandbox({
  seed: 'bench',
  // The real clock: the sandbox's per-second bucket refills in real time.
  dataset: { from: FROM, to: TO, recordsPerMonth: perMonth, lateFraction: 0 },
  rateLimit: { perSecond: rate, daily: null },
  latencyMs,
});
const dir = await mkdtemp(join(tmpdir(), 'zcc-cli-bench-'));
const truth = sandbox.groundTruth({ from: FROM, to: TO }).length;

function cli(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; wallMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...sandbox.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, wallMs: performance.now() - started })),
  );
}

try {
  const before = sandbox.stats();
  const output = join(dir, 'sms.ndjson');
  // The CLI's defaults, except the rate (the sandbox's limit) and, when given, the concurrency.
  const concurrency = values.concurrency === undefined ? [] : ['--concurrency', values.concurrency];
  const run = await cli([
    'export',
    '--from',
    FROM,
    '--to',
    TO,
    '--max-rps',
    String(rate),
    ...concurrency,
    '--output',
    output,
    '--json',
  ]);
  if (run.code !== 0) throw new Error(`export failed (${run.code}): ${run.stderr}`);
  const summary = JSON.parse(run.stdout) as { records: number; requests: number; elapsedMs: number };
  const lines = (await readFile(output, 'utf8')).split('\n').filter(Boolean).length;
  const after = sandbox.stats();
  const apiRequests = after.apiRequests - before.apiRequests;
  const throttled = after.rateLimited.perSecond - before.rateLimited.perSecond;

  const seq = await sequentialExport({
    baseUrl: sandbox.baseUrl,
    tokenUrl: sandbox.tokenUrl,
    credentials: sandbox.credentials,
    from: FROM,
    to: TO,
  });
  const end = sandbox.stats();

  const startup = await cli(['--version']);
  const minimumMs = (apiRequests / rate) * 1000;
  const rows: Array<[string, string]> = [
    [
      'dataset',
      `${truth.toLocaleString('en-US')} records, 12 months, ${latencyMs} ms latency, ${rate} req/s limit`,
    ],
    [
      'export records',
      `${summary.records.toLocaleString('en-US')} (file: ${lines.toLocaleString('en-US')} lines; expected ${truth.toLocaleString('en-US')})`,
    ],
    ['export requests', `${apiRequests} (HTTP 429 per-second: ${throttled})`],
    ['theoretical minimum', `${(minimumMs / 1000).toFixed(2)} s (requests ÷ rate)`],
    [
      'export, process wall',
      `${(run.wallMs / 1000).toFixed(2)} s → ${(run.wallMs / minimumMs).toFixed(3)} × minimum`,
    ],
    [
      'export, in-process',
      `${(summary.elapsedMs / 1000).toFixed(2)} s → ${(summary.elapsedMs / minimumMs).toFixed(3)} × minimum`,
    ],
    [
      'sequential loop',
      `${(seq.wallMs / 1000).toFixed(2)} s, ${seq.requests} requests, ${seq.records.toLocaleString('en-US')} records (429s: ${end.rateLimited.perSecond - after.rateLimited.perSecond})`,
    ],
    [
      'speed-up vs sequential',
      `${(seq.wallMs / run.wallMs).toFixed(2)} × (process wall), ${(seq.wallMs / summary.elapsedMs).toFixed(2)} × (in-process)`,
    ],
    [
      'CLI start-up',
      `${(startup.wallMs / 1000).toFixed(2)} s (zcc-sms --version, same machine, same moment)`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'));
} finally {
  await sandbox.stop();
  await rm(dir, { recursive: true, force: true });
}
