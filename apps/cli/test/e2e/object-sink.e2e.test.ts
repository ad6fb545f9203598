/**
 * `--sink s3://BUCKET/PREFIX` as a user runs it: `doctor` puts and deletes a probe object (and says why
 * not when it cannot), and an embedded `backfill --format ndjson` lands the exact set as one gzip NDJSON
 * object per month in a real S3-compatible server (moto, from the testkit). The keys come from the
 * environment only and never appear in anything printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { type S3Server, startS3Server } from '@zcc-sms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../support/cli-process.ts';
import { expectSameSet } from '../support/landed.ts';

const FROM = '2025-11-01';
const TO = '2026-01-31';
const keys = {
  AWS_ACCESS_KEY_ID: `AKIACLI${randomBytes(6).toString('hex').toUpperCase()}`,
  AWS_SECRET_ACCESS_KEY: `cli-secret-${randomBytes(16).toString('hex')}`,
};
const printed: CliRun[] = [];
let sandbox: Sandbox;
let s3: S3Server;
let client: S3Client;
let cwd: string;

const s3Env = () => ({ ...keys, ZCC_S3_ENDPOINT: s3.endpoint, ZCC_S3_FORCE_PATH_STYLE: '1' });

beforeAll(async () => {
  [sandbox, s3] = await Promise.all([
    startSandbox({
      clock: { mode: 'manual', start: '2026-02-02T00:00:00Z' },
      dataset: { from: FROM, to: '2026-02-01', records: 600, seed: 9, lateFraction: 0 },
    }),
    startS3Server(),
  ]);
  client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY },
  });
  await client.send(new CreateBucketCommand({ Bucket: 'cli-archive' }));
  cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-s3-'));
});

afterAll(async () => {
  client?.destroy();
  await Promise.allSettled([sandbox?.stop(), s3?.stop()]);
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: 'cli-archive', Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

function sinkLine(run: CliRun): string {
  return run.stdout.split('\n').find((line) => /^\S+\s+sink\s/.test(line)) ?? run.stdout + run.stderr;
}

describe('doctor --sink s3://', () => {
  it('reports a writable prefix and leaves nothing behind', async () => {
    const run = await runCli(['doctor', '--sink', 's3://cli-archive/doctor'], {
      cwd,
      env: { ...sandbox.env, ...s3Env() },
    });
    printed.push(run);
    expect(sinkLine(run)).toMatch(/^ok\s+sink\s+s3:\/\/cli-archive\/doctor\/ is writable/);
    expect(await keysUnder('doctor/')).toEqual([]);
  });

  it('fails on a missing bucket with the reason and the fix, and skips without keys', async () => {
    const missing = await runCli(['doctor', '--sink', 's3://cli-missing/x'], {
      cwd,
      env: { ...sandbox.env, ...s3Env() },
    });
    printed.push(missing);
    expect(sinkLine(missing)).toMatch(/^FAIL\s+sink\s+.*NoSuchBucket.*create the bucket/);
    expect(missing.code).not.toBe(0);
    const noKeys = await runCli(['doctor', '--sink', 's3://cli-archive/x'], { cwd, env: sandbox.env });
    printed.push(noKeys);
    expect(sinkLine(noKeys)).toMatch(/^skipped\s+sink\s+.*AWS_ACCESS_KEY_ID is not set here/);
  });

  it('rejects a bad bucket or a --format without an s3 sink before any request', async () => {
    const before = sandbox.stats().apiRequests;
    const bad = await runCli(['backfill', '--from', FROM, '--to', TO, '--sink', 's3://Bad_Bucket/x'], {
      cwd,
      env: sandbox.env,
    });
    printed.push(bad);
    expect(bad.stderr).toMatch(
      /--sink "s3:\/\/Bad_Bucket\/x" names "Bad_Bucket", which is not a bucket name/,
    );
    const format = await runCli(['backfill', '--from', FROM, '--to', TO, '--format', 'parquet'], {
      cwd,
      env: sandbox.env,
    });
    printed.push(format);
    expect(format.stderr).toMatch(/--format "parquet" applies only to s3:\/\/ sinks/);
    expect(sandbox.stats().apiRequests).toBe(before);
  });
});

describe('backfill --sink s3://', () => {
  it('lands the exact set as one gzip NDJSON object per month, with a manifest', async () => {
    const run = await runCli(
      [
        'backfill',
        '--from',
        FROM,
        '--to',
        TO,
        '--sink',
        's3://cli-archive/sms',
        '--format',
        'ndjson',
        '--json',
      ],
      { cwd, env: { ...sandbox.env, ...s3Env() }, timeoutMs: 170_000 },
    );
    printed.push(run);
    expect(run.code, run.stderr).toBe(0);
    const objects = (await keysUnder('sms/')).filter((k) => k.endsWith('.ndjson.gz'));
    expect(objects).toHaveLength(3);
    const ids: string[] = [];
    for (const key of objects) {
      const out = await client.send(new GetObjectCommand({ Bucket: 'cli-archive', Key: key }));
      const text = gunzipSync(await out.Body!.transformToByteArray()).toString('utf8');
      for (const line of text.split('\n'))
        if (line) ids.push((JSON.parse(line) as { engagement_id: string }).engagement_id);
    }
    const check = expectSameSet(ids, sandbox.groundTruth({ from: FROM, to: TO }));
    expect(check.detail).toMatch(/ 0 missing, 0 duplicated$/);
    expect((await keysUnder('sms/_zcc-sms/manifests/')).length).toBe(1);
  });

  it('never prints a key', () => {
    expect(printed.length).toBeGreaterThan(0);
    for (const run of printed) {
      for (const secret of Object.values(keys)) {
        expect(run.stdout).not.toContain(secret);
        expect(run.stderr).not.toContain(secret);
      }
    }
  });
});
