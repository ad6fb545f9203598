/**
 * `zcc-sms worker --metrics-port 0` with OTEL_EXPORTER_OTLP_ENDPOINT: the CLI process against the sandbox
 * over real HTTP and the testkit's Temporal. `/metrics` is scraped while the backfill runs and at its end
 * (equal to the requests the sandbox answered, with the Temporal SDK's series beside ours); spans arrive
 * at an OTLP receiver this test runs, with no secret in them.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { startTemporalDevServer, type TemporalDevServer } from '@zcc-sms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import { expectSameSet, ndjsonDirIds } from '../support/landed.ts';
import { total } from '../support/prometheus.ts';

const FROM = '2025-09-01';
const TO = '2026-02-28';

let sandbox: Sandbox;
let temporal: TemporalDevServer;
let cwd: string;
let receiver: Server;
const bodies: string[] = [];
const apiKeys: Array<string | undefined> = [];
const COLLECTOR_KEY = 'collector-key-9f8e7d6c';

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-03-02T00:00:00Z' },
    dataset: { from: FROM, to: '2026-03-01', records: 1_800, seed: 5, lateFraction: 0 },
  });
  temporal = await startTemporalDevServer();
  cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-telemetry-'));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(Buffer.concat(chunks).toString('utf8'));
      apiKeys.push(req.headers['api-key'] as string | undefined);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  receiver?.close();
  await temporal?.stop();
  await sandbox?.stop();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

describe('worker --metrics-port with OTLP tracing', () => {
  it('serves ours and the SDK metrics mid-backfill and at the end, equal to the sandbox count; spans carry no secret', async () => {
    const remote = ['--temporal-address', temporal.address];
    const out = join(cwd, 'out');
    // Slow enough to be caught running: ~40 pages at 150 ms, two windows at a time.
    sandbox.control.setFaults({ latency: { kind: 'fixed', ms: 150 } });
    sandbox.control.resetStats();
    let stderr = '';
    let workerProcess: ChildProcess | undefined;
    const otlp = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const worker = runCli(['worker', '--metrics-port', '0', '--debug', ...remote], {
      cwd,
      env: {
        ...sandbox.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
        OTEL_EXPORTER_OTLP_HEADERS: `api-key=${COLLECTOR_KEY}`,
        OTEL_SERVICE_NAME: 'zcc-sms-worker-test',
      },
      timeoutMs: 150_000,
      onStderr: (text, child) => {
        stderr = text;
        workerProcess = child;
      },
    });
    try {
      const url = await waitFor(() => {
        const port = /Prometheus metrics at http:\/\/0\.0\.0\.0:(\d+)\/metrics/.exec(stderr)?.[1];
        return port && stderr.includes('Worker running') ? `http://127.0.0.1:${port}/metrics` : undefined;
      }, 90_000);
      expect(stderr).toContain(`Tracing: sending spans to ${otlp}/v1/traces (OTLP/HTTP).`);
      const start = await runCli(
        [
          'backfill',
          '--from',
          FROM,
          '--to',
          TO,
          '--sink',
          `ndjson:${out}`,
          '--concurrency',
          '2',
          '--no-wait',
          '--json',
          ...remote,
        ],
        { cwd, env: { ZOOM_ACCOUNT_ID: sandbox.credentials.accountId } },
      );
      expect(start.code).toBe(0);
      const { workflowId } = JSON.parse(start.stdout) as { workflowId: string };

      const samples: number[] = [];
      let status = '';
      for (let i = 0; i < 300 && status !== 'COMPLETED'; i++) {
        samples.push(total(await (await fetch(url)).text(), 'zcc_sms_requests_total'));
        status = (
          JSON.parse((await runCli(['status', workflowId, '--json', ...remote], { cwd })).stdout) as {
            status: string;
          }
        ).status;
      }
      expect(status).toBe('COMPLETED');
      const moving = samples.filter((v) => v > 0);
      expect(new Set(moving).size).toBeGreaterThanOrEqual(2); // moved while the backfill ran

      const text = await (await fetch(url)).text();
      expect(total(text, 'zcc_sms_requests_total')).toBe(sandbox.stats().apiRequests);
      expect(total(text, 'zcc_sms_requests_total{status="200"}')).toBe(sandbox.stats().apiRequests);
      expect(total(text, 'zcc_sms_window_duration_seconds_count')).toBe(6);
      expect(text).toMatch(/^temporal_activity_execution_latency_seconds_count\{/m); // the SDK's own
      const check = expectSameSet(await ndjsonDirIds(out), sandbox.groundTruth({ from: FROM, to: TO }));
      expect(check.ok).toBe(true);
    } finally {
      sandbox.control.setFaults({});
      workerProcess?.kill('SIGINT');
    }
    const stopped = await worker;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).not.toContain(COLLECTOR_KEY);
    expect(new Set(apiKeys)).toEqual(new Set([COLLECTOR_KEY])); // the collector's header, on every export

    // Spans were flushed when the worker stopped.
    const everything = bodies.join('\n');
    expect(everything).toContain('RunActivity:backfillWindow');
    expect(everything).toContain('GET /contact_center/sms');
    expect(everything).toContain('zcc_sms.window_id');
    expect(everything).not.toContain(sandbox.credentials.clientSecret);
    expect(everything).not.toMatch(/bearer|access_token|next_page_token/i);
    // No phone number: a '+' and digits not inside a version's build metadata (the SDK's worker build id is
    // `<version>+<bundle hash>`, and a hash may start with seven digits).
    expect(everything).not.toMatch(/(?<![\w.])\+\d{7,}/);
  });
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
