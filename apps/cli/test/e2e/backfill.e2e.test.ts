/**
 * `zcc-sms backfill` and the Temporal-facing commands end to end: the CLI process, the sandbox over real
 * HTTP, a real Temporal (the embedded dev server the CLI starts itself, or one from the testkit for the
 * remote mode). Landed engagement ids are compared with the sandbox's ground truth.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { freePort, startTemporalDevServer, type TemporalDevServer } from '@zcc-sms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../support/cli-process.ts';
import { expectSameSet, ndjsonDirIds } from '../support/landed.ts';
import { total } from '../support/prometheus.ts';

const FROM = '2025-09-01';
const TO = '2026-02-28';
const BACKFILL = ['backfill', '--from', FROM, '--to', TO];

let sandbox: Sandbox;
let cwd: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-03-02T00:00:00Z' },
    dataset: { from: FROM, to: '2026-03-01', records: 1_800, seed: 5, lateFraction: 0 },
  });
  cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-backfill-'));
});

afterAll(async () => {
  await sandbox.stop();
  await rm(cwd, { recursive: true, force: true });
});

async function expectExact(dir: string): Promise<void> {
  const check = expectSameSet(await ndjsonDirIds(dir), sandbox.groundTruth({ from: FROM, to: TO }));
  expect(check.detail).toMatch(/ 0 missing, 0 duplicated$/);
  expect(check.ok).toBe(true);
}

describe('embedded Temporal (the default)', () => {
  it('detaches on Ctrl-C, reports status without a worker, and resumes on the same command', async () => {
    sandbox.control.setFaults({ latency: { kind: 'fixed', ms: 400 } });
    const args = ['backfill', '--from', FROM, '--to', TO, '--sink', 'ndjson:./out', '--concurrency', '2'];
    let first: CliRun;
    let interrupting = false;
    try {
      first = await runCli(args, {
        cwd,
        env: sandbox.env,
        onStderr: (text, child) => {
          // Interrupt while windows are in flight (~25 pages at 400 ms, two windows at a time).
          if (!interrupting && text.includes('Started backfill')) {
            interrupting = true;
            setTimeout(() => child.kill('SIGINT'), 1_500);
          }
        },
      });
    } finally {
      sandbox.control.setFaults({});
    }
    expect(first.stderr).toContain('Started backfill zcc-sms-backfill-2025-09-01..2026-02-28-');
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toMatch(
      /Detached\. Backfill (\S+) is saved in .*\.zcc-sms; run the same command again to resume it\./,
    );
    expect(existsSync(join(cwd, '.zcc-sms', 'temporal.db'))).toBe(true);
    const id = /Started backfill (\S+)\./.exec(first.stderr)![1]!;

    const status = await runCli(['status', id, '--json'], { cwd });
    expect(status.code).toBe(0);
    const view = JSON.parse(status.stdout) as { workflowId: string; status: string; note?: string };
    expect(view).toMatchObject({ workflowId: id, status: 'RUNNING' });
    expect(view.note).toContain('no worker is running this backfill');

    const second = await runCli([...args, '--json'], { cwd, env: sandbox.env });
    expect(second.stderr).toContain(`Attached to backfill ${id}, which was already running`);
    expect(second.code, second.stderr).toBe(0);
    const summary = JSON.parse(second.stdout) as {
      workflowId: string;
      status: string;
      records: number;
      windows: number;
    };
    expect(summary).toMatchObject({ workflowId: id, status: 'COMPLETED', windows: 6 });
    await expectExact(join(cwd, 'out'));

    const done = await runCli(['status', id, '--json'], { cwd });
    expect(JSON.parse(done.stdout)).toMatchObject({
      workflowId: id,
      status: 'COMPLETED',
      windowsDone: 6,
      windowsTotal: 6,
    });
  });

  it("keeps --json stdout to the summary: the SDK core's own logs go to stderr with ours (--debug)", async () => {
    // The SDK prints its core's logs to stdout unless told to forward them; one warning there broke --json.
    const run = await runCli(
      [
        'backfill',
        '--from',
        FROM,
        '--to',
        '2025-09-30',
        '--sink',
        'ndjson:./debug-json',
        '--json',
        '--debug',
      ],
      { cwd, env: sandbox.env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('\u001b');
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'COMPLETED', windows: 1 });
    expect(run.stderr).toMatch(/temporal: .*"sdkComponent":"core"/);
    const check = expectSameSet(
      await ndjsonDirIds(join(cwd, 'debug-json')),
      sandbox.groundTruth({ from: FROM, to: '2025-09-30' }),
    );
    expect(check.detail).toMatch(/ 0 missing, 0 duplicated$/);
    expect(check.ok).toBe(true);
  });

  it('fails with exit 3 when Zoom rejects the credentials', async () => {
    const run = await runCli(['backfill', '--from', FROM, '--to', TO, '--sink', 'ndjson:./bad'], {
      cwd,
      env: { ...sandbox.env, ZOOM_CLIENT_SECRET: 'wrong-secret-value' },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Backfill zcc-sms-backfill-\S+ failed: .*Invalid client_id or client_secret/);
    expect(run.stderr).not.toContain('wrong-secret-value');
  });

  it("--metrics-port serves the in-process worker's metrics while the backfill runs, the SDK's beside ours", async () => {
    // Slow enough to be scraped running: ~25 pages at 150 ms, two windows at a time.
    sandbox.control.setFaults({ latency: { kind: 'fixed', ms: 150 } });
    sandbox.control.resetStats();
    const samples: number[] = [];
    let sdkSeries = false;
    let done = false;
    let scraping: Promise<void> | undefined;
    const scrape = async (url: string): Promise<void> => {
      while (!done) {
        const text = await fetch(url).then(
          (r) => r.text(),
          () => undefined,
        );
        if (text === undefined) return; // the server stopped with the backfill
        samples.push(total(text, 'zcc_sms_requests_total'));
        sdkSeries ||= /^temporal_\w+/m.test(text);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    let run: CliRun;
    try {
      run = await runCli(
        [...BACKFILL, '--sink', 'ndjson:./metrics-out', '--concurrency', '2', '--metrics-port', '0'],
        {
          cwd,
          env: sandbox.env,
          timeoutMs: 150_000,
          onStderr: (text) => {
            const port = /Prometheus metrics at http:\/\/0\.0\.0\.0:(\d+)\/metrics/.exec(text)?.[1];
            if (port && !scraping) scraping = scrape(`http://127.0.0.1:${port}/metrics`);
          },
        },
      );
    } finally {
      done = true;
      sandbox.control.setFaults({});
    }
    await scraping;
    expect(run.code, run.stderr).toBe(0);
    const moving = samples.filter((v) => v > 0);
    expect(new Set(moving).size).toBeGreaterThanOrEqual(2); // counted while the backfill ran
    expect(Math.max(...moving)).toBeLessThanOrEqual(sandbox.stats().apiRequests);
    expect(sdkSeries).toBe(true);
    await expectExact(join(cwd, 'metrics-out'));
  });

  it('refuses --metrics-port with a remote Temporal (your workers serve metrics), before connecting', async () => {
    const port = await freePort();
    const run = await runCli(
      [...BACKFILL, '--metrics-port', '0', '--temporal-address', `127.0.0.1:${port}`],
      { cwd, env: sandbox.env },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^zcc-sms: --metrics-port serves the in-process worker .*zcc-sms worker --metrics-port PORT/,
    );
  });

  it('refuses --no-wait without a remote Temporal, before starting anything', async () => {
    const run = await runCli(['backfill', '--from', FROM, '--to', TO, '--no-wait'], {
      cwd,
      env: sandbox.env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^zcc-sms: --no-wait needs a Temporal that outlives this command/);
  });
});

describe('remote Temporal', () => {
  let temporal: TemporalDevServer;
  beforeAll(async () => {
    temporal = await startTemporalDevServer();
  });
  afterAll(() => temporal.stop());

  it('no-wait start, pause, worker, status, resume — to the exact record set', async () => {
    const remote = ['--temporal-address', temporal.address];
    const out = join(cwd, 'remote-out');
    const start = await runCli(
      ['backfill', '--from', FROM, '--to', TO, '--sink', `ndjson:${out}`, '--no-wait', '--json', ...remote],
      {
        cwd,
        env: { ZOOM_ACCOUNT_ID: sandbox.credentials.accountId },
      },
    );
    expect(start.code).toBe(0);
    const { workflowId } = JSON.parse(start.stdout) as { workflowId: string };
    expect(workflowId).toMatch(/^zcc-sms-backfill-2025-09-01\.\.2026-02-28-[0-9a-f]{16}$/);

    expect((await runCli(['pause', workflowId, ...remote], { cwd })).stderr).toBe(
      `Paused backfill ${workflowId}.\n`,
    );

    let workerProcess: ChildProcess | undefined;
    const worker = runCli(['worker', ...remote], {
      cwd,
      env: sandbox.env,
      timeoutMs: 100_000,
      onStderr: (_text, child) => {
        workerProcess = child;
      },
    });
    try {
      let paused: { status: string; state?: string } | undefined;
      for (let i = 0; i < 40 && paused?.state !== 'paused'; i++) {
        paused = JSON.parse((await runCli(['status', workflowId, '--json', ...remote], { cwd })).stdout);
      }
      expect(paused).toMatchObject({ status: 'RUNNING', state: 'paused' });
      expect((await runCli(['resume', workflowId, ...remote], { cwd })).code).toBe(0);
      let final: { status: string } | undefined;
      for (let i = 0; i < 60 && final?.status !== 'COMPLETED'; i++) {
        final = JSON.parse((await runCli(['status', workflowId, '--json', ...remote], { cwd })).stdout);
        if (final?.status !== 'COMPLETED') await new Promise((r) => setTimeout(r, 500));
      }
      expect(final).toMatchObject({ workflowId, status: 'COMPLETED', windowsDone: 6 });
      await expectExact(out);
      const text = await runCli(['status', workflowId, ...remote], { cwd });
      expect(text.stdout).toMatch(
        new RegExp(
          `^Backfill ${workflowId}\\n  Status     COMPLETED \\(completed\\)\\n  Windows    6/6 done\\n`,
        ),
      );
    } finally {
      workerProcess?.kill('SIGINT');
    }
    const stopped = await worker;
    expect(stopped.stderr).toContain(
      `Worker running on ${temporal.address} (namespace default, task queue zcc-sms`,
    );
    expect(stopped.stderr).toContain('Worker stopped.');
    expect(stopped.code).toBe(0);
  });

  it('names the Temporal address it cannot reach (exit 5) and an unknown id to cancel, pause or resume (exit 2)', async () => {
    const port = await freePort();
    const unreachable = await runCli(['status', 'x', '--temporal-address', `127.0.0.1:${port}`], { cwd });
    expect(unreachable.code).toBe(5);
    expect(unreachable.stderr).toContain(`Could not reach Temporal at 127.0.0.1:${port}`);
    for (const command of ['cancel', 'pause', 'resume']) {
      const unknown = await runCli([command, 'no-such-backfill', '--temporal-address', temporal.address], {
        cwd,
      });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no backfill "no-such-backfill" on Temporal at');
    }
  });
});
