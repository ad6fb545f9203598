/**
 * (c) The CLI as users install it: `npx zcc-sms` from the packed tarball (its bin is JavaScript with a
 * shebang), against the sandbox over real HTTP; the exported set is exactly the sandbox's ground truth.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { freePort } from '@zcc-sms/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectExactlyOnce, ndjsonDirIds, ndjsonIds } from '../src/landed.ts';
import { run, userEnv } from '../src/run.ts';

const project = inject('zccUserProject');
const tarballs = inject('zccTarballs');
const FROM = '2025-03-01';
const TO = '2025-08-31';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2025-09-15T12:00:00Z' },
    dataset: { from: FROM, to: '2025-09-01', records: 900, seed: 11, lateFraction: 0 },
  });
});

afterAll(async () => {
  await sandbox.stop();
});

function npx(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  // --no: never fetch from the registry; only the installed (packed) zcc-sms may answer.
  return run('npx', ['--no', '--', 'zcc-sms', ...args], {
    cwd: project,
    env: userEnv(env),
    timeoutMs: 180_000,
  });
}

describe('npx zcc-sms from the packed tarball', () => {
  it('prints the packed version', async () => {
    const version = tarballs
      .find((t) => t.name === 'zcc-sms')
      ?.path.match(/zcc-sms-(\d+\.\d+\.\d+.*)\.tgz$/)?.[1];
    const result = await npx(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('exports every engagement of six months exactly once', async () => {
    const output = join(project, 'export.ndjson');
    const args = ['export', '--from', FROM, '--to', TO, '--max-rps', '500', '--output', output];
    const result = await npx(args, { ...sandbox.env });
    // Line-anchored: npm may print its own warnings (e.g. about the user's .npmrc) before the CLI's summary.
    expect(result.stderr).toMatch(/^Exported [\d,]+ engagements from 6 windows/m);
    expect(result.code).toBe(0);
    expectExactlyOnce(ndjsonIds(await readFile(output, 'utf8')), sandbox.groundTruth({ from: FROM, to: TO }));
  });

  it('backfills six months on the embedded Temporal, every engagement exactly once', async () => {
    // The packed CLI starts `temporal server start-dev` (TEMPORAL_CLI_PATH, from scripts/bootstrap) and
    // runs the packed @zcc-sms/temporal worker in its own process: the path `zcc-sms demo` takes.
    const out = join(project, 'cli-backfill');
    const result = await npx(['backfill', '--from', FROM, '--to', TO, '--sink', `ndjson:${out}`], {
      ...sandbox.env,
    });
    expect(result.code, result.stderr).toBe(0);
    expectExactlyOnce(await ndjsonDirIds(out), sandbox.groundTruth({ from: FROM, to: TO }));
  });

  it('without a temporal CLI and no way to download one, says what to install and exits at once', async () => {
    // A proxy port nobody listens on: the SDK's download is refused at once, wherever the test runs.
    const closed = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'zcc-sms-no-temporal-'));
    const path = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((d) => !/temporal/.test(d))
      .join(delimiter);
    const env = { ...sandbox.env, PATH: path, HTTPS_PROXY: `http://127.0.0.1:${closed}` };
    const child = userEnv(env);
    delete child.TEMPORAL_CLI_PATH;
    try {
      const result = await run(
        'npx',
        ['--no', '--', 'zcc-sms', 'backfill', '--from', FROM, '--to', TO, '--sink', `ndjson:${dir}/out`],
        { cwd: project, env: child, timeoutMs: 120_000 },
      );
      expect(result.stderr).toMatch(/No `temporal` CLI found/);
      expect(result.stderr).toMatch(/TEMPORAL_CLI_PATH/);
      expect(result.stderr).toMatch(/--temporal-address HOST:PORT/);
      expect(result.code).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
