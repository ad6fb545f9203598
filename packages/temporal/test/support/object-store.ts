/**
 * Test helpers around the object store: a bucket on the test's moto server, worker settings pointing at
 * it, and readers of what landed — the published window objects, read the way a user reads them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import type { SmsRecord } from '@zcc-sms/core';
import { decodeWindow, type ObjectFormat, parseWindowObjectName } from '../../src/sinks/object-format.ts';
import type { ObjectStoreSettings } from '../../src/sinks/object-settings.ts';
import { createObjectStore } from '../../src/sinks/object-store.ts';

/** Throw-away keys: moto accepts any, and every test checks they never surface anywhere. */
export const TEST_KEYS = {
  accessKeyId: `AKIATEST${randomBytes(6).toString('hex').toUpperCase()}`,
  secretAccessKey: `secret-${randomBytes(16).toString('hex')}`,
  sessionToken: `token-${randomBytes(16).toString('hex')}`,
};

export function s3Settings(endpoint: string): ObjectStoreSettings {
  return {
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: TEST_KEYS,
    conditionalWrites: true,
  };
}

export async function createBucket(endpoint: string): Promise<string> {
  const bucket = `zcc-test-${randomBytes(4).toString('hex')}`;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: TEST_KEYS,
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  return bucket;
}

/** Every record in the published window objects under `prefix` (duplicates kept, so a test sees them). */
export async function landedRecords(
  settings: ObjectStoreSettings,
  bucket: string,
  prefix: string,
  format: ObjectFormat,
): Promise<SmsRecord[]> {
  const store = createObjectStore(bucket, settings);
  try {
    const records: SmsRecord[] = [];
    for (const key of await store.list(prefix)) {
      if (parseWindowObjectName(key.slice(prefix.length), format) === undefined) continue;
      const object = await store.get(key);
      if (object) records.push(...(await decodeWindow(object.body, format)));
    }
    return records;
  } finally {
    store.close();
  }
}

/** Downloads the Parquet window objects under `prefix` and runs `sql` in DuckDB over `read_parquet(files)`. */
export async function queryParquet(
  settings: ObjectStoreSettings,
  bucket: string,
  prefix: string,
  sql: (source: string) => string,
): Promise<Record<string, unknown>[]> {
  const dir = await mkdtemp(join(tmpdir(), 'zcc-parquet-'));
  const store = createObjectStore(bucket, settings);
  try {
    const files: string[] = [];
    for (const key of await store.list(prefix)) {
      const name = key.slice(prefix.length);
      if (parseWindowObjectName(name, 'parquet') === undefined) continue;
      const object = await store.get(key);
      if (!object) continue;
      const file = join(dir, name);
      await writeFile(file, object.body);
      files.push(file);
    }
    const source = `read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`;
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(sql(source));
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } finally {
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
