/**
 * Metrics and traces of a real backfill: the worker runs on the testkit's Temporal dev server against the
 * sandbox over HTTP, serves `/metrics` (ours plus the Temporal SDK's) and exports spans over OTLP/HTTP to
 * a receiver this test runs. `/metrics` is scraped while the backfill runs, and at the end our request
 * counter equals the number of requests the sandbox answered; every span is checked for secrets.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BackfillWorker,
  bundleBackfillWorkflows,
  createBackfillMetrics,
  createBackfillWorker,
  type MetricsServer,
  startBackfill,
  startMetricsServer,
  temporalSdkMetrics,
  tracingFromEnv,
} from '../../src/index.ts';
import { expectExactSet, FAST, type Harness, ndjsonIds, RANGE, startHarness } from '../support/helpers.ts';

interface OtlpSpan {
  name: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
}

/** An OTLP/HTTP receiver: keeps every JSON body posted to /v1/traces. */
async function startReceiver(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

function spansOf(bodies: string[]): OtlpSpan[] {
  return bodies.flatMap((body) => {
    const parsed = JSON.parse(body) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
    };
    return parsed.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  });
}

function attribute(span: OtlpSpan, key: string): unknown {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  if (value === undefined) return undefined;
  const [first] = Object.values(value);
  return typeof first === 'string' && /^\d+$/.test(first) ? Number(first) : first; // intValue is a string
}

/** The value of every sample of `name` summed (over its labels), from a Prometheus text scrape. */
function total(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

describe('telemetry of a backfill', () => {
  let h: Harness;
  let dir: string;
  let sdkUrl: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let server: MetricsServer | undefined;
  let worker: BackfillWorker | undefined;
  let running: Promise<void> | undefined;

  beforeAll(async () => {
    // The SDK's Prometheus endpoint is part of the process-wide runtime: installed before any connection.
    const sdk = await temporalSdkMetrics();
    sdkUrl = sdk.url;
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: sdk.telemetryOptions });
    h = await startHarness();
    dir = await mkdtemp(join(tmpdir(), 'zcc-telemetry-'));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await server?.close();
    await h?.close();
    receiver?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves ours and the SDK metrics mid-backfill, ending at the sandbox count; spans reach OTLP without secrets', async () => {
    const tracing = tracingFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'zcc-test',
    });
    expect(tracing?.endpoint).toBe(`${receiver.url}/v1/traces`);
    const metrics = createBackfillMetrics();
    server = await startMetricsServer({ port: 0, host: '127.0.0.1', metrics, sdkMetricsUrl: sdkUrl });
    worker = await createBackfillWorker(h.workerConfig({ metrics, tracing }), {
      workflowBundle: await bundleBackfillWorkflows({ tracing: true }),
    });
    running = worker.run();
    h.sandbox.control.resetStats();
    h.sandbox.control.failNext('badGateway', 2);
    // Zoom's per-second limit below the budget's rate: real 429s, which the budget then paces under.
    h.sandbox.control.setRateLimit({ perSecond: 6, daily: null });

    // The client that starts the backfill carries the trace into the workflow.
    const client = new Client({
      connection: h.client.connection,
      namespace: 'default',
      dataConverter: h.client.options.dataConverter,
      interceptors: tracing!.clientInterceptors(),
    });
    const { handle } = await startBackfill(
      client,
      {
        ...RANGE,
        sink: { type: 'ndjson', dir },
        account: h.sandbox.credentials.accountId,
        options: { ...FAST, rate: { perSecond: 12 } },
      },
      { taskQueue: h.taskQueue },
    );
    const samples: number[] = [];
    let finished = false;
    const result = handle.result().finally(() => {
      finished = true;
    });
    while (!finished) {
      const text = await (await fetch(server.url)).text();
      if (!finished) samples.push(total(text, 'zcc_sms_requests_total'));
      await new Promise((r) => setTimeout(r, 200));
    }
    const done = await result;
    expectExactSet(await ndjsonIds(dir), h.sandbox.groundTruth(RANGE));
    expect(done.records).toBe(h.sandbox.groundTruth(RANGE).length);

    // Moving while the backfill ran: several distinct, rising values before it finished.
    const moving = samples.filter((v) => v > 0);
    expect(new Set(moving).size).toBeGreaterThanOrEqual(2);
    expect(moving).toEqual([...moving].sort((a, b) => a - b));

    const text = await (await fetch(server.url)).text();
    const served = h.sandbox.stats();
    expect(total(text, 'zcc_sms_requests_total')).toBe(served.apiRequests);
    // Every status as the sandbox sent it (its log holds the token requests too: left out).
    const log = h.sandbox.control.requestLog(10_000).filter((e) => e.path.endsWith('/contact_center/sms'));
    expect(log).toHaveLength(served.apiRequests);
    const byStatus = new Map<number, number>();
    for (const entry of log) byStatus.set(entry.status, (byStatus.get(entry.status) ?? 0) + 1);
    for (const [status, n] of byStatus) {
      expect(total(text, `zcc_sms_requests_total{status="${status}"}`)).toBe(n);
    }
    expect(byStatus.get(502)).toBe(2);
    expect(total(text, 'zcc_sms_rate_limited_total{kind="per-second"}')).toBe(served.rateLimited.perSecond);
    expect(served.rateLimited.perSecond).toBeGreaterThanOrEqual(1);
    expect(total(text, 'zcc_sms_retries_total')).toBeGreaterThanOrEqual(3);
    expect(total(text, 'zcc_sms_records_landed_total')).toBe(done.records);
    expect(total(text, 'zcc_sms_windows_in_flight')).toBe(0);
    expect(total(text, 'zcc_sms_window_duration_seconds_count')).toBeGreaterThanOrEqual(13);
    expect(total(text, 'zcc_sms_daily_quota_used')).toBeGreaterThan(0);
    expect(text).toMatch(/^zcc_sms_budget_rate_per_second \d/m);
    // The Temporal SDK's own series, appended from its loopback endpoint.
    expect(text).toMatch(/^temporal_\w+/m);
    expect(text).toMatch(/^temporal_(workflow|activity)_\w*total/m);

    worker.shutdown();
    await running;
    await tracing!.shutdown();
    const spans = spansOf(receiver.bodies);
    const names = new Set(spans.map((s) => s.name));
    expect([...names].some((n) => n.startsWith('StartWorkflow:'))).toBe(true);
    expect([...names].some((n) => n.startsWith('RunWorkflow:'))).toBe(true);
    expect(names).toContain('RunActivity:backfillWindow');
    const requests = spans.filter((s) => s.name === 'GET /contact_center/sms');
    expect(requests).toHaveLength(served.apiRequests);
    expect(requests.filter((s) => attribute(s, 'http.response.status_code') === 502)).toHaveLength(2);
    expect(requests.filter((s) => attribute(s, 'zcc_sms.rate_limit') === 'per-second')).toHaveLength(
      served.rateLimited.perSecond,
    );
    expect(requests.some((s) => (attribute(s, 'zcc_sms.attempt') as number) > 1)).toBe(true);
    const windowSpans = requests.filter((s) => typeof attribute(s, 'zcc_sms.window_id') === 'string');
    expect(windowSpans.length).toBeGreaterThan(0);
    // Request spans are children of the activity that sent them.
    const activityIds = new Set(spans.filter((s) => s.name.startsWith('RunActivity:')).map((s) => s.spanId));
    expect(requests.every((s) => s.parentSpanId !== undefined && activityIds.has(s.parentSpanId))).toBe(true);

    const everything = receiver.bodies.join('\n');
    expect(everything).not.toContain(h.sandbox.credentials.clientSecret);
    expect(everything).not.toContain(h.sandbox.credentials.clientId);
    expect(everything).not.toMatch(/bearer|access_token|next_page_token/i);
    // No phone number: a '+' and digits not inside a version's build metadata (the SDK's worker build id is
    // `<version>+<bundle hash>`, and a hash may start with seven digits).
    expect(everything).not.toMatch(/(?<![\w.])\+\d{7,}/);
  });
});
