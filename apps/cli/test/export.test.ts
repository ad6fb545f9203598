/**
 * `zcc-sms export` end to end: the CLI process against the sandbox over real HTTP. Every test compares the
 * exported engagement ids with the sandbox's ground truth (nothing lost, nothing duplicated).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, type SmsRecord, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-process.ts';
import { parseCsv } from './support/csv-parse.ts';

const FROM = '2025-03-01';
const TO = '2026-02-28';
const RANGE = ['--from', FROM, '--to', TO];
// The sandbox has no rate limit here; lift the CLI's own budget so tests do not wait on pacing.
const FAST = ['--max-rps', '500'];

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-03-01T12:00:00Z' },
    dataset: { from: FROM, to: '2026-03-01', records: 2_400, seed: 7, lateFraction: 0 },
  });
  dir = await mkdtemp(join(tmpdir(), 'zcc-cli-export-'));
});

afterAll(async () => {
  await sandbox.stop();
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  sandbox.control.setFaults({});
  sandbox.control.setRateLimit('none');
  sandbox.control.setVariants({ retryAfter: 'iso' });
});

function ndjsonIds(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { engagement_id: string }).engagement_id)
    .sort();
}

function expectExactlyOnce(ids: readonly string[], truth: readonly string[]): void {
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBe(truth.length);
  expect([...ids].sort()).toEqual([...truth].sort());
}

describe('export', () => {
  it('writes every engagement of 12 months exactly once as NDJSON on stdout, with the API field names', async () => {
    const run = await runCli(['export', ...RANGE, ...FAST], { env: sandbox.env });
    expect(run.stderr).toMatch(
      /^Exported 2,\d{3} engagements from 12 windows in .* \(\d+ requests of \d+ planned, 0 retries, 0 rate-limited, effective rate [\d.]+ req\/s\)\.\n$/,
    );
    expect(run.code).toBe(0);
    const truth = sandbox.groundTruth({ from: FROM, to: TO });
    expect(truth.length).toBeGreaterThan(2_000);
    expectExactlyOnce(ndjsonIds(run.stdout), truth);
    const expected = new Map(sandbox.records({ from: FROM, to: TO }).map((r) => [r.engagement_id, r]));
    for (const line of run.stdout.trim().split('\n')) {
      const record = JSON.parse(line) as SmsRecord;
      expect(record).toEqual(expected.get(record.engagement_id));
    }
  });

  it('writes CSV to a file atomically, keeping names with quotes, commas and newlines intact', async () => {
    const file = join(dir, 'sms.csv');
    const run = await runCli(['export', ...RANGE, ...FAST, '--output', file, '--json'], { env: sandbox.env });
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { records: number; output: string; format: string };
    expect(summary).toMatchObject({ output: file, format: 'csv' });
    const rows = parseCsv(await readFile(file, 'utf8'));
    const [header, ...body] = rows;
    expect(header).toEqual([
      'engagement_id',
      'direction',
      'start_time',
      'end_time',
      'contact_center_number',
      'consumer_number',
      'consumer_display_name',
      'country_name',
      'sms_types',
      'total_sent_messages',
      'total_received_messages',
      'total_sent_files',
      'total_received_files',
      'queues',
      'agents',
    ]);
    expect(summary.records).toBe(body.length);
    expectExactlyOnce(
      body.map((r) => r[0]!),
      sandbox.groundTruth({ from: FROM, to: TO }),
    );
    const expected = new Map(sandbox.records({ from: FROM, to: TO }).map((r) => [r.engagement_id, r]));
    const names = new Set<string>();
    for (const row of body) {
      const record = expected.get(row[0]!)!;
      expect(row.length).toBe(15);
      expect(row[6]).toBe(record.consumer_display_name);
      expect(JSON.parse(row[13]!)).toEqual(record.queues);
      expect(JSON.parse(row[14]!)).toEqual(record.agents);
      expect(row[8]).toBe(record.sms_types.join(';'));
      names.add(row[6]!);
    }
    // The data really holds the awkward cases, so this test can fail.
    expect([...names].some((n) => n.includes('"'))).toBe(true);
    expect([...names].some((n) => n.includes(','))).toBe(true);
    expect([...names].some((n) => n.includes('\n'))).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes through a FIFO (like /dev/null or a pipe) in place instead of renaming a file over it', async () => {
    const fifo = join(dir, 'sms.fifo');
    execFileSync('mkfifo', [fifo]);
    // A reader on the FIFO, as `--output /dev/stdout | …` or a named pipe would have.
    const reader = readFile(fifo, 'utf8');
    const run = await runCli(['export', ...RANGE, ...FAST, '--output', fifo], { env: sandbox.env });
    expect(run.code).toBe(0);
    expectExactlyOnce(ndjsonIds(await reader), sandbox.groundTruth({ from: FROM, to: TO }));
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('gives a slow reader of stdout every record: the CLI exits only once the pipe took all it wrote', async () => {
    // Small pages make small writes, which Node queues without asking to wait once the pipe is full; a
    // reader that pauses after each chunk keeps the pipe full at the end. Exiting then dropped the queued
    // tail (49 records, exit code 0, in one CI run).
    const run = await runCli(['export', ...RANGE, ...FAST, '--page-size', '10'], {
      env: sandbox.env,
      onStdout: (_text, child) => {
        child.stdout?.pause();
        setTimeout(() => child.stdout?.resume(), 50);
      },
    });
    expect(run.code).toBe(0);
    expectExactlyOnce(ndjsonIds(run.stdout), sandbox.groundTruth({ from: FROM, to: TO }));
  });

  it('applies the filters (direction, repeated --country) exactly as Zoom does', async () => {
    const run = await runCli(
      ['export', ...RANGE, ...FAST, '--direction', 'inbound', '--country', 'US', '--country', 'gb'],
      {
        env: sandbox.env,
      },
    );
    expect(run.code).toBe(0);
    const truth = sandbox.groundTruth({
      from: FROM,
      to: TO,
      direction: 'inbound',
      country_iso_codes: ['US', 'GB'],
    });
    expect(truth.length).toBeGreaterThan(0);
    expectExactlyOnce(ndjsonIds(run.stdout), truth);
  });

  it('survives rejected access tokens and expired page tokens without losing or repeating a record', async () => {
    sandbox.control.setFaults({ pageTokenExpired: { everyNth: 3 }, revokeTokenAfterUses: 7 });
    const run = await runCli(['export', ...RANGE, ...FAST, '--concurrency', '3', '--json'], {
      env: sandbox.env,
    });
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stderr.trim().split('\n').at(-1)!) as {
      tokenRefreshes: number;
      pageTokenRestarts: number;
    };
    expect(summary.tokenRefreshes).toBeGreaterThan(0);
    expect(summary.pageTokenRestarts).toBeGreaterThan(0);
    expectExactlyOnce(ndjsonIds(run.stdout), sandbox.groundTruth({ from: FROM, to: TO }));
  });

  it('reads .env in the working directory; the environment beats .env and flags beat both', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-dotenv-'));
    try {
      const lines = Object.entries(sandbox.env).map(([k, v]) => `${k}="${v}"`);
      await writeFile(join(cwd, '.env'), `# sandbox\n${lines.join('\n')}\n`);
      const range = ['--from', '2025-06-01', '--to', '2025-06-30', ...FAST];
      const truth = sandbox.groundTruth({ from: '2025-06-01', to: '2025-06-30' });

      const fromDotenv = await runCli(['export', ...range], { cwd, env: {} });
      expect(fromDotenv.code).toBe(0);
      expectExactlyOnce(ndjsonIds(fromDotenv.stdout), truth);

      const envBeatsDotenv = await runCli(['export', ...range], {
        cwd,
        env: { ZOOM_CLIENT_SECRET: 'wrong-secret' },
      });
      expect(envBeatsDotenv.code).toBe(3);

      const flagBeatsEnv = await runCli(
        ['export', ...range, '--client-secret', sandbox.credentials.clientSecret],
        {
          cwd,
          env: { ZOOM_CLIENT_SECRET: 'wrong-secret' },
        },
      );
      expect(flagBeatsEnv.code).toBe(0);
      expectExactlyOnce(ndjsonIds(flagBeatsEnv.stdout), truth);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('with --on-quota exit, stops at the daily quota with code 4 and leaves no partial file', async () => {
    const file = join(dir, 'quota.ndjson');
    const run = await runCli(
      ['export', ...RANGE, ...FAST, '--daily-quota', '5', '--on-quota', 'exit', '--output', file],
      {
        env: sandbox.env,
      },
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`Stopped for the daily quota; ${file} was not written.`);
    expect(run.stderr).toMatch(
      /The daily request quota \(5 requests\) is spent until \d{4}-\d\d-\d\dT00:00:00\.000Z\. The quota resets at/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(file)).toBe(false);
  });

  it("waits for Zoom's daily quota, says until when on stderr, then continues to the full record set", async () => {
    // Zoom answers the daily 429 near midnight (sandbox clock), telling the client to retry in ~2 s.
    sandbox.control.clock.set('2026-03-01T23:59:58Z');
    sandbox.control.setVariants({ retryAfter: 'seconds' });
    sandbox.control.setRateLimit({ daily: 20 });
    let waits = 0;
    // One window at a time: every wait outlives the page tokens in flight, and twelve windows sharing 20
    // requests a day would each restart before finishing (bounded, then an error: core/src/page-bounds.ts).
    const run = await runCli(['export', ...RANGE, ...FAST, '--concurrency', '1'], {
      env: sandbox.env,
      onStderr: (text) => {
        const seen = text.split('waiting until').length - 1;
        // Each time the CLI starts waiting, the next Zoom day begins (a fresh quota of 20 requests).
        while (waits < seen) {
          waits += 1;
          sandbox.control.clock.advance(86_400_000);
        }
      },
    });
    expect(run.code).toBe(0);
    expect(waits).toBeGreaterThan(0);
    expect(run.stderr).toMatch(
      /Daily request quota spent \(\d+ requests today\); waiting until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in [\d.]+s\), then continuing\./,
    );
    expect(sandbox.stats().rateLimited.daily).toBeGreaterThan(0);
    expectExactlyOnce(ndjsonIds(run.stdout), sandbox.groundTruth({ from: FROM, to: TO }));
  });

  it('Ctrl-C stops with code 130 and leaves the previous output file untouched', async () => {
    sandbox.control.setFaults({ latency: { kind: 'fixed', ms: 300 } });
    const file = join(dir, 'interrupted.ndjson');
    await writeFile(file, 'previous\n');
    const run = await runCli(['export', ...RANGE, ...FAST, '--output', file, '--progress'], {
      env: sandbox.env,
      onStderr: (text, child) => {
        if (text.includes('records')) child.kill('SIGINT');
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`Interrupted; ${file} was not written.`);
    expect(await readFile(file, 'utf8')).toBe('previous\n');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
