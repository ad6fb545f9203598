/**
 * `--log-format json` (and `ZCC_LOG_FORMAT=json`): every stderr line is one JSON object with `time`,
 * `level` and `msg`; retries carry Zoom's tracking id and the attempt, page-token restarts the window; a
 * failing run ends with one error object holding the exit code, the tracking id and the whole cause chain;
 * no secret appears anywhere. The exported records are still checked against the sandbox's ground truth.
 */
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-process.ts';

// The fixed first segment of every sandbox access token (packages/sandbox/src/oauth.ts).
const TOKEN_PREFIX = 'eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIn0';
const FROM = '2025-12-01';
const TO = '2026-02-28';
const RANGE = ['--from', FROM, '--to', TO, '--max-rps', '500'];

interface LogLine {
  readonly time: string;
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-03-01T00:00:00Z' },
    dataset: { from: FROM, to: TO, records: 900, seed: 13, lateFraction: 0 },
  });
});

afterAll(() => sandbox.stop());

afterEach(() => {
  sandbox.control.setFaults({});
});

/** Every stderr line parsed; fails the test on a line that is not a JSON log object. */
function logLines(stderr: string): LogLine[] {
  return stderr
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const parsed = JSON.parse(l) as LogLine;
      expect(Number.isNaN(Date.parse(parsed.time))).toBe(false);
      expect(['debug', 'info', 'warn', 'error']).toContain(parsed.level);
      expect(typeof parsed.msg).toBe('string');
      return parsed;
    });
}

function expectNoSecret(text: string): void {
  expect(text).not.toContain(sandbox.credentials.clientSecret);
  expect(text).not.toContain(TOKEN_PREFIX);
  expect(text).not.toMatch(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/);
}

describe('--log-format json', () => {
  it('writes one JSON object per stderr line: retries with tracking id and attempt, restarts with the window, progress events', async () => {
    sandbox.control.setFaults({ internalError: { everyNth: 4 }, pageTokenExpired: { everyNth: 5 } });
    const run = await runCli(['export', ...RANGE, '--log-format', 'json', '--debug'], { env: sandbox.env });
    expect(run.code).toBe(0);
    const lines = logLines(run.stderr);
    const retry = lines.find((l) => l.msg === 'retrying after a transient failure');
    expect(retry).toMatchObject({ level: 'debug', error: 'ZoomServerError', status: 500, attempt: 1 });
    expect(retry?.trackingId).toEqual(expect.any(String));
    expect(lines.some((l) => typeof l.window === 'string' && /^\d{8}T\d{6}Z-/.test(l.window))).toBe(true);
    const progress = lines.filter((l) => l.msg === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatchObject({ event: 'progress', windowsTotal: expect.any(Number) });
    // The summary is the final line's fields.
    expect(lines.at(-1)).toMatchObject({
      level: 'info',
      msg: expect.stringMatching(/^Exported \d+ engagements from 3 windows/),
      windows: 3,
      retries: expect.any(Number),
      pageTokenRestarts: expect.any(Number),
    });
    expectNoSecret(run.stderr);
    const ids = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { engagement_id: string }).engagement_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...sandbox.groundTruth({ from: FROM, to: TO })].sort());
  });

  it('ends a failing run with one error object: exit code, tracking id and the cause chain, no secret', async () => {
    sandbox.control.setFaults({ internalError: { probability: 1 } });
    const run = await runCli(['export', ...RANGE, '--max-attempts', '2', '--no-progress'], {
      env: { ...sandbox.env, ZCC_LOG_FORMAT: 'json' },
    });
    expect(run.code).toBe(1);
    const lines = logLines(run.stderr);
    const error = lines.at(-1)!;
    expect(error).toMatchObject({ level: 'error', exitCode: 1, error: 'ZoomServerError' });
    expect(error.trackingId).toEqual(expect.any(String));
    expect(error.cause).toMatch(/^ZoomServerError: .*HTTP 500/);
    expect(error.msg).toContain('500');
    expectNoSecret(run.stderr);
  });

  it('reports a usage error as one JSON object naming the flag, and rejects an unknown format in text', async () => {
    const usage = await runCli(['export', '--from', '2026-13-01', '--to', '2026-12-31', '--log-format=json']);
    expect(usage.code).toBe(2);
    const [line, ...rest] = logLines(usage.stderr);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      level: 'error',
      exitCode: 2,
      msg: expect.stringMatching(/^--from "2026-13-01"/),
    });
    expect(line).not.toHaveProperty('stack');

    const bad = await runCli(['export', '--log-format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'zcc-sms: --log-format "yaml" is not a log format; use text (the default) or json\n',
    );
  });
});
