/**
 * `--metrics-port` on `export` (in this process, against the sandbox over real HTTP) and its validation on
 * `export` and `worker` (the CLI as a child process). The export's stdout is a stream this test holds:
 * with the last records' write held, the export cannot end, so its `/metrics` can be read at the end and
 * compared with the number of requests the sandbox answered.
 */
import { PassThrough, Writable } from 'node:stream';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/main.ts';
import { runCli } from './support/cli-process.ts';
import { total } from './support/prometheus.ts';

const FROM = '2025-03-01';
const TO = '2025-08-31';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-03-01T12:00:00Z' },
    dataset: { from: FROM, to: '2025-09-30', records: 1_200, seed: 5, lateFraction: 0 },
  });
});
afterAll(() => sandbox.stop());

/** A stdout whose writes complete only when the test lets them. */
function heldStdout() {
  const held: Array<() => void> = [];
  let text = '';
  const stream = new Writable({
    // Every held write makes `write()` return false, so the export waits for it (it respects backpressure).
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      held.push(() => callback());
    },
  });
  return {
    stream,
    records: () => text.split('\n').filter((l) => l !== '').length,
    ids: () =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { engagement_id: string }).engagement_id),
    waiting: () => held.length,
    release: () => {
      for (const go of held.splice(0)) go();
    },
  };
}

describe('export --metrics-port', () => {
  it('serves /metrics while exporting; at the end zcc_sms_requests_total equals the requests the sandbox answered', async () => {
    sandbox.control.resetStats();
    sandbox.control.failNext('serviceUnavailable', 1);
    const truth = sandbox.groundTruth({ from: FROM, to: TO });
    const stdout = heldStdout();
    let stderr = '';
    const stderrStream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        stderr += chunk.toString('utf8');
        callback();
      },
    });
    const controller = new AbortController();
    const exported = main(
      ['export', '--from', FROM, '--to', TO, '--max-rps', '40', '--concurrency', '2', '--metrics-port', '0'],
      {
        stdout: stdout.stream,
        stderr: stderrStream,
        stdin: new PassThrough(),
        env: { ...sandbox.env, PATH: process.env.PATH },
        cwd: process.cwd(),
        interrupt: { signal: controller.signal, intercept: () => () => undefined },
      },
    );
    const url = await vi.waitFor(
      () => {
        const port = /Prometheus metrics at http:\/\/0\.0\.0\.0:(\d+)\/metrics/.exec(stderr)?.[1];
        if (!port) throw new Error(`no metrics line yet: ${stderr}`);
        return `http://127.0.0.1:${port}/metrics`;
      },
      { timeout: 30_000, interval: 50 },
    );
    let ended = false;
    void exported.finally(() => {
      ended = true;
    });
    const scrape = async () => {
      if (ended) throw new Error(`the export ended early (exit ${await exported}): ${stderr}`);
      return await (await fetch(url)).text();
    };

    // Mid-export: the first write is held, so the export is stalled with some requests made.
    await vi.waitFor(() => expect(stdout.waiting()).toBeGreaterThan(0), { timeout: 30_000, interval: 20 });
    const early = total(await scrape(), 'zcc_sms_requests_total');
    expect(early).toBeGreaterThan(0);

    // Let writes through until every record is out; the write holding the last ones stays held.
    await vi.waitFor(
      () => {
        if (new Set(stdout.ids()).size === truth.length) return;
        stdout.release();
        throw new Error('records still to come');
      },
      { timeout: 60_000, interval: 20 },
    );
    // With the export stalled on that write, nothing more is asked of the sandbox: both sides agree.
    await vi.waitFor(
      async () => {
        const text = await scrape();
        expect(total(text, 'zcc_sms_requests_total')).toBe(sandbox.stats().apiRequests);
      },
      { timeout: 10_000, interval: 100 },
    );
    const text = await scrape();
    expect(total(text, 'zcc_sms_requests_total')).toBeGreaterThan(early);
    expect(total(text, 'zcc_sms_requests_total{status="503"}')).toBe(1);
    expect(total(text, 'zcc_sms_retries_total')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^zcc_sms_budget_rate_per_second \d/m);
    expect(text).toMatch(/^zcc_sms_daily_quota_remaining \d/m);
    // export pages windows inside the core: no windows gauge rather than a false 0.
    expect(text).not.toMatch(/^zcc_sms_windows_in_flight/m);

    stdout.release();
    const pump = setInterval(() => stdout.release(), 10);
    try {
      expect(await exported).toBe(0);
    } finally {
      clearInterval(pump);
    }
    const ids = stdout.ids();
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...truth].sort());
    expect(stderr).toMatch(/Exported 1?,?\d+ engagements/);
    await expect(fetch(url)).rejects.toThrow(); // closed with the command
  });

  it('rejects a bad --metrics-port before any request', async () => {
    sandbox.control.resetStats();
    for (const bad of ['abc', '-1', '65536', '80.5']) {
      const run = await runCli(['export', '--from', FROM, '--to', TO, `--metrics-port=${bad}`], {
        env: sandbox.env,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--metrics-port "${bad}" is not a TCP port; use a number from 1 to 65535`);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    const worker = await runCli(['worker', '--metrics-port', 'nine'], { env: sandbox.env });
    expect(worker.code).toBe(2);
    expect(worker.stderr).toContain('--metrics-port "nine" is not a TCP port');
    const traced = await runCli(['export', '--from', FROM, '--to', TO], {
      env: { ...sandbox.env, OTEL_TRACES_EXPORTER: 'zipkin' },
    });
    expect(traced.code).toBe(2);
    expect(traced.stderr).toContain('OTEL_TRACES_EXPORTER "zipkin" is not supported; use otlp, or none');
    expect(sandbox.stats().requests).toBe(0);
  });
});
