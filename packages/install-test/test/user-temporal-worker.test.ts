/**
 * (d) A data engineer's own Temporal Worker, written exactly as packages/temporal/README.md shows (the
 * test copies the README's `workflows.mjs` and `worker.mjs` blocks), running the packed activities and
 * workflows — Temporal's bundler resolves `@zcc-sms/temporal/workflows` from the installed tarball —
 * against a real Temporal dev server and the sandbox. The landed set is exactly the ground truth.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectExactlyOnce, ndjsonDirIds } from '../src/landed.ts';
import { WORKSPACE_ROOT } from '../src/pack.ts';
import { readmeFiles } from '../src/readme-snippets.ts';
import { run, userEnv } from '../src/run.ts';

const project = inject('zccUserProject');
const temporalAddress = inject('zccTemporalAddress');
const FROM = '2025-01-01';
const TO = '2025-06-30';

let sandbox: Sandbox;
let worker: ChildProcess | undefined;
let workerLog = '';
let out: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2025-07-15T12:00:00Z' },
    dataset: { from: FROM, to: '2025-07-01', records: 900, seed: 23, lateFraction: 0 },
  });
  // Below the worker's working directory: its NDJSON root (ZCC_NDJSON_ROOT's default, temporal README).
  out = await mkdtemp(join(project, 'sms-'));
  const files = await readmeFiles(join(WORKSPACE_ROOT, 'packages/temporal/README.md'));
  for (const name of ['workflows.mjs', 'worker.mjs']) {
    const code = files.get(name);
    if (code === undefined) throw new Error(`packages/temporal/README.md has no \`// ${name}\` code block`);
    await writeFile(join(project, name), code);
  }
  await copyFile(
    join(import.meta.dirname, '../fixtures/start-backfill.mjs'),
    join(project, 'start-backfill.mjs'),
  );
  worker = spawn(process.execPath, ['worker.mjs'], {
    cwd: project,
    env: userEnv({ ...sandbox.env, TEMPORAL_ADDRESS: temporalAddress }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    workerLog = (workerLog + chunk.toString()).slice(-20_000);
  };
  worker.stdout?.on('data', keep);
  worker.stderr?.on('data', keep);
});

afterAll(async () => {
  if (worker !== undefined && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker?.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await sandbox.stop();
  await rm(out, { recursive: true, force: true });
});

describe("the user's own worker with the packed @zcc-sms/temporal", () => {
  it('backfills six months into NDJSON, every engagement exactly once', async () => {
    const result = await run(process.execPath, ['start-backfill.mjs', FROM, TO, out], {
      cwd: project,
      env: userEnv({ ...sandbox.env, TEMPORAL_ADDRESS: temporalAddress }),
      timeoutMs: 240_000,
    }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\nworker output:\n${workerLog}`);
    });
    expect(result.stderr, `worker output:\n${workerLog}`).toBe('');
    expect(result.code).toBe(0);
    const truth = sandbox.groundTruth({ from: FROM, to: TO });
    expect((JSON.parse(result.stdout) as { records: number }).records).toBe(truth.length);
    expectExactlyOnce(await ndjsonDirIds(out), truth);
    expect(worker?.exitCode, workerLog).toBeNull();
  });
});
