/**
 * One `zcc-sms export` spawned as a user runs it, timed from spawn to exit (real time: the sandbox runs at
 * speed-up 1 for these rows). CPU and peak RSS of the CLI process come from `/usr/bin/time`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RemoteSandbox } from './sandbox-process.ts';

const BIN = fileURLToPath(new URL('../../apps/cli/src/bin.ts', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly wallMs: number;
  readonly ids: string[];
  readonly requests: number;
  readonly recordsServed: number;
  readonly rateLimited: number;
  readonly cpuMs: number;
  readonly maxRssKb: number;
}

export async function runCliExport(
  sandbox: RemoteSandbox,
  query: { from: string; to: string },
  ratePlan: 'pro' | 'business',
  split: 'steal' | 'probe',
  favor: 'time' | 'quota',
): Promise<CliResult> {
  const dir = await mkdtemp(join(tmpdir(), 'zcc-bench-cli-'));
  try {
    const out = join(dir, 'out.ndjson');
    const timing = join(dir, 'time.txt');
    const args = [
      ...['-f', '%U %S %M', '-o', timing, process.execPath, BIN, 'export'],
      ...['--from', query.from, '--to', query.to, '--plan', ratePlan, '--favor', favor],
      ...['--split', split, '--output', out, '--no-progress'],
    ];
    const before = await sandbox.stats();
    const started = performance.now();
    const child = spawn('/usr/bin/time', args, {
      env: { ...process.env, ...sandbox.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? -1)));
    const wallMs = performance.now() - started;
    const after = await sandbox.stats();
    if (code !== 0) process.stderr.write(stderr);
    const [user, system, rss] = (await readFile(timing, 'utf8')).trim().split(/\s+/).slice(-3).map(Number);
    const ids = (await readFile(out, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { engagement_id: string }).engagement_id);
    return {
      code,
      wallMs,
      ids,
      requests: after.apiRequests - before.apiRequests,
      recordsServed: after.recordsServed - before.recordsServed,
      rateLimited:
        after.rateLimited.perSecond +
        after.rateLimited.daily -
        before.rateLimited.perSecond -
        before.rateLimited.daily,
      cpuMs: ((user ?? 0) + (system ?? 0)) * 1000,
      maxRssKb: rss ?? 0,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
