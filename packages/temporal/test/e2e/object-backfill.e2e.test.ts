/**
 * Real backfills (Temporal dev server, sandbox over HTTP) into a real S3-compatible server (moto):
 * Parquet read back by DuckDB gives the exact set with every field; a worker process configured from its
 * environment is SIGKILLed mid-window and the exact set still lands as gzip NDJSON; a store that refuses
 * stops the backfill with its reason. No key ever appears in an error or a workflow history.
 */
import { monthWindows } from '@zcc-sms/core';
import { type S3Server, startS3Server } from '@zcc-sms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgress, startBackfill } from '../../src/index.ts';
import type { Manifest } from '../../src/sinks/object-manifest.ts';
import { createObjectStore } from '../../src/sinks/object-store.ts';
import {
  DEFAULT_SANDBOX,
  expectExactSet,
  FAST,
  type Harness,
  RANGE,
  startHarness,
  waitFor,
} from '../support/helpers.ts';
import { createBucket, landedRecords, queryParquet, s3Settings, TEST_KEYS } from '../support/object-store.ts';
import { workerProcesses } from '../support/worker-process.ts';

function expectNoSecret(text: string): void {
  for (const secret of Object.values(TEST_KEYS)) expect(text).not.toContain(secret);
}

describe('backfill into object storage', () => {
  let h: Harness;
  let s3: S3Server;
  const processes = workerProcesses(() => h);
  beforeAll(async () => {
    s3 = await startS3Server();
    // Slow enough that a window is always in flight when the worker process dies.
    h = await startHarness({ ...DEFAULT_SANDBOX, latencyMs: 15 });
  });
  afterAll(async () => {
    processes.killAll();
    await h?.close();
    await s3?.stop();
  });

  it('lands the exact set as Parquet, read back by DuckDB with every field, and a manifest', async () => {
    const settings = s3Settings(s3.endpoint);
    const bucket = await createBucket(s3.endpoint);
    await h.startWorker({ s3: settings });
    const { handle } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 's3', bucket, prefix: 'sms/parquet', format: 'parquet' }, options: FAST },
      { taskQueue: h.taskQueue },
    );
    const result = await handle.result();
    await h.stopWorkers();
    const truth = h.sandbox.records(RANGE);
    const rows = await queryParquet(
      settings,
      bucket,
      'sms/parquet/',
      (src) => `SELECT engagement_id, CAST(record AS VARCHAR) AS record FROM ${src}`,
    );
    expectExactSet(
      rows.map((r) => String(r.engagement_id)),
      truth.map((r) => r.engagement_id),
    );
    const byId = new Map(rows.map((r) => [String(r.engagement_id), JSON.parse(String(r.record))]));
    for (const record of truth) expect(byId.get(record.engagement_id)).toEqual(record);
    expect(result.records).toBe(truth.length);

    const store = createObjectStore(bucket, settings);
    try {
      const keys = await store.list('sms/parquet/_zcc-sms/manifests/');
      expect(keys).toHaveLength(1);
      const manifest = JSON.parse((await store.get(keys[0]!))!.body.toString('utf8')) as Manifest;
      expect(Object.keys(manifest.windows)).toEqual(monthWindows(RANGE.from, RANGE.to).map((w) => w.id));
      expect(Object.values(manifest.windows).reduce((n, w) => n + w.records, 0)).toBe(truth.length);
      expect(await store.list('sms/parquet/_zcc-sms/staging/')).toEqual([]);
    } finally {
      store.close();
    }
    expectNoSecret(JSON.stringify(await handle.fetchHistory()));
  });

  it('completes the exact set as gzip NDJSON after a worker process is SIGKILLed mid-window', async () => {
    const bucket = await createBucket(s3.endpoint);
    const spawnWorker = () =>
      processes.spawn({
        AWS_ACCESS_KEY_ID: TEST_KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_KEYS.secretAccessKey,
        AWS_SESSION_TOKEN: TEST_KEYS.sessionToken,
        AWS_REGION: 'us-east-1',
        ZCC_S3_ENDPOINT: s3.endpoint,
        ZCC_S3_FORCE_PATH_STYLE: '1',
      });
    const { handle, workflowId } = await startBackfill(
      h.client,
      {
        ...RANGE,
        sink: { type: 's3', bucket, prefix: 'sms/ndjson' },
        options: { rate: { perSecond: 30 }, pageSize: 10, windowConcurrency: 3, heartbeatTimeoutMs: 5_000 },
      },
      { taskQueue: h.taskQueue },
    );
    const child = spawnWorker();
    const base = h.sandbox.stats().apiRequests;
    await waitFor(() => h.sandbox.stats().apiRequests > base + 25, 'the worker to make progress', 90_000);
    expect((await getProgress(h.client, workflowId)).windowsRunning.length).toBeGreaterThan(0);
    await processes.kill(child);
    spawnWorker();
    await handle.result();
    const landed = await landedRecords(s3Settings(s3.endpoint), bucket, 'sms/ndjson/', 'ndjson');
    expectExactSet(
      landed.map((r) => r.engagement_id),
      h.sandbox.groundTruth(RANGE),
    );
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0);
    expect(Math.max(...attempts)).toBeGreaterThan(1);
    expectNoSecret(JSON.stringify(history));
  });

  it("stops on a bucket that does not exist, with the store's reason and no secret", async () => {
    await h.startWorker({ s3: s3Settings(s3.endpoint) });
    const { handle } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 's3', bucket: 'zcc-missing-bucket', prefix: 'x' }, options: FAST },
      { taskQueue: h.taskQueue },
    );
    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    await h.stopWorkers();
    expect(error).toBeDefined();
    // What the user sees: the failure and every cause under it.
    const chain: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) chain.push(`${e.name}: ${e.message}`);
    const text = chain.join('\n');
    expect(text).toMatch(/NoSuchBucket \(HTTP 404\).*create the bucket/);
    expectNoSecret(text);
    expectNoSecret(JSON.stringify(await handle.fetchHistory()));
  });
});
