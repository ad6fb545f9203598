/**
 * Test harness: the sandbox over real HTTP, a Temporal client and an in-process worker against the shared
 * dev server, and readers for what landed in each sink.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Clock } from '@zcc-sms/core';
import { type Sandbox, type SandboxOptions, startSandbox } from '@zcc-sms/sandbox';
import pg from 'pg';
import { expect, inject } from 'vitest';
import {
  type BackfillWorker,
  createBackfillWorker,
  encryptedDataConverter,
  type WorkerConfig,
} from '../../src/index.ts';

export const RANGE = { from: '2024-01-01', to: '2025-01-31' } as const;

export const DEFAULT_SANDBOX: SandboxOptions = {
  seed: 11,
  // Sandbox time flows at wall speed from a fixed instant, so page-token ages and quota resets are real.
  clock: { mode: 'accelerated', factor: 1, start: '2025-03-01T12:00:00Z' },
  dataset: { from: RANGE.from, to: RANGE.to, records: 3_000, lateFraction: 0 },
};

export interface Harness {
  readonly sandbox: Sandbox;
  readonly client: Client;
  readonly taskQueue: string;
  readonly pgUrl: string;
  readonly clock: Clock;
  workerConfig(overrides?: Partial<WorkerConfig>): WorkerConfig;
  startWorker(overrides?: Partial<WorkerConfig>): Promise<BackfillWorker>;
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

let runtimeInstalled = false;

/** Worker logs at WARN: test output stays readable. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this test process.
  }
}

/**
 * Writes the workflow's history to test/fixtures/histories/unreleased/<name>.json once, for
 * replay.e2e.test.ts. Released versions' histories are never re-recorded (docs/deploys.md).
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  const dir = new URL('../fixtures/histories/unreleased/', import.meta.url);
  const path = new URL(`${name}.json`, dir);
  if (existsSync(path) && !process.env.ZCC_RECORD_HISTORIES) return;
  // A release renames unreleased/ to its version: the first recording after it starts the directory again.
  await mkdir(dir, { recursive: true });
  // The workflow id travels with the history: a replay under another id would derive other child ids.
  const json = JSON.parse(historyToJSON(await handle.fetchHistory())) as Record<string, unknown>;
  await writeFile(path, `${JSON.stringify({ workflowId: handle.workflowId, ...json }, null, 2)}\n`);
}

export async function startHarness(
  sandboxOptions: SandboxOptions = DEFAULT_SANDBOX,
  options: { codec?: PayloadCodec; temporalAddress?: string; pgUrl?: string } = {},
): Promise<Harness> {
  quietRuntime();
  const sandbox = await startSandbox(sandboxOptions);
  // Fault tests bring their own Temporal or PostgreSQL, to restart without disturbing other files.
  const address = options.temporalAddress ?? inject('zccTemporalAddress');
  const connection = await Connection.connect({ address });
  const client = new Client({
    connection,
    namespace: 'default',
    dataConverter: encryptedDataConverter(options.codec),
  });
  const taskQueue = `test-${randomUUID()}`;
  const pgUrl = options.pgUrl ?? inject('zccPostgresUrl');
  const clock: Clock = { now: () => sandbox.control.clock.now() };
  const running: Array<{ worker: BackfillWorker; done: Promise<void> }> = [];
  const workerConfig = (overrides: Partial<WorkerConfig> = {}): WorkerConfig => ({
    temporal: { connection: { address }, namespace: 'default' },
    taskQueue,
    zoom: {
      auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl },
      baseUrl: sandbox.baseUrl,
      accountId: sandbox.credentials.accountId,
      clock,
    },
    postgres: { default: pgUrl },
    // Tests write their NDJSON files in fresh temporary directories.
    ndjsonRoot: tmpdir(),
    codec: options.codec,
    workerShare: 1,
    maxConcurrentWindows: 8,
    ...overrides,
  });
  const stopWorkers = async () => {
    for (const r of running) r.worker.shutdown();
    await Promise.allSettled(running.map((r) => r.done));
    running.length = 0;
  };
  return {
    sandbox,
    client,
    taskQueue,
    pgUrl,
    clock,
    workerConfig,
    async startWorker(overrides) {
      const worker = await createBackfillWorker(workerConfig(overrides), {
        workflowBundle: { codePath: inject('zccWorkflowBundle') },
      });
      running.push({ worker, done: worker.run() });
      return worker;
    },
    stopWorkers,
    async close() {
      await stopWorkers();
      await connection.close();
      await sandbox.stop();
    },
  };
}

/** Every engagement id in the published window files (duplicates kept, so a test can see them). */
export async function ndjsonIds(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.ndjson'));
  const ids: string[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      ids.push((JSON.parse(line) as { engagement_id: string }).engagement_id);
    }
  }
  return ids;
}

export async function pgIds(url: string, table: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ engagement_id: string }>(`SELECT engagement_id FROM "${table}"`);
    return result.rows.map((r) => r.engagement_id);
  } finally {
    await client.end();
  }
}

/** Nothing lost, nothing duplicated. */
export function expectExactSet(landed: readonly string[], truth: readonly string[]): void {
  expect(truth.length).toBeGreaterThan(0);
  expect(landed.length - new Set(landed).size, 'duplicate engagement ids landed').toBe(0);
  expect([...landed].sort()).toEqual([...truth].sort());
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const FAST = {
  rate: { perSecond: 50 },
  pageSize: 50,
  windowConcurrency: 4,
  quotaMarginMs: 200,
} as const;
