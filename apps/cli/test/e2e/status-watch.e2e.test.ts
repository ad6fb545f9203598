/**
 * `zcc-sms status --watch` in a real terminal (tmux) for a backfill running on a remote Temporal (the
 * testkit's dev server) and a separate `zcc-sms worker`: the display a person sees mid-run — bar, rate,
 * one line per window in flight — redrawn in place, then the final status, the cursor given back, and
 * the landed records equal to the sandbox's ground truth. Skipped only when tmux is missing.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { startTemporalDevServer, type TemporalDevServer } from '@zcc-sms/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../support/cli-process.ts';
import { expectSameSet, ndjsonDirIds } from '../support/landed.ts';
import { HAS_TMUX, openTerminal, shellQuote, type Terminal } from '../support/tmux.ts';

const FROM = '2025-09-01';
const TO = '2026-02-28';
const BAR = /\[[█░]{30}\]\s+\d{1,3}%/;
// Counts are `–` until the window's first heartbeat reaches Temporal.
const WINDOW_LINE = /^ {2}\d{8}T\d{6}Z-\d{8}T\d{6}Z +[\d,–]+ records +[\d,/–]+ pages {2}fetching$/m;
const RAW_ESCAPE = new RegExp(`${String.fromCharCode(27)}|\\[\\?25[hl]|\\[\\d*[AJK]`);

let sandbox: Sandbox;
let temporal: TemporalDevServer;
let cwd: string;
let terminal: Terminal | undefined;

beforeAll(async () => {
  [sandbox, temporal] = await Promise.all([
    startSandbox({
      clock: { mode: 'manual', start: '2026-03-02T00:00:00Z' },
      dataset: { from: FROM, to: '2026-03-01', records: 3_000, seed: 8, lateFraction: 0 },
      // Slow pages, so the backfill runs long enough to be watched.
      latencyMs: 500,
    }),
    startTemporalDevServer(),
  ]);
  cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-watch-'));
});

afterAll(async () => {
  terminal?.close();
  await Promise.all([sandbox.stop(), temporal.stop()]);
  await rm(cwd, { recursive: true, force: true });
});

describe.skipIf(!HAS_TMUX)(`status --watch${HAS_TMUX ? '' : ' (skipped: tmux is not installed)'}`, () => {
  it('redraws the display of a remote backfill until it completes, then prints the final status', async () => {
    const remote = ['--temporal-address', temporal.address];
    const out = join(cwd, 'out');
    const start = await runCli(
      ['backfill', '--from', FROM, '--to', TO, '--sink', `ndjson:${out}`, '--no-wait', '--json', ...remote],
      { cwd, env: { ZOOM_ACCOUNT_ID: sandbox.credentials.accountId } },
    );
    expect(start.code).toBe(0);
    const { workflowId } = JSON.parse(start.stdout) as { workflowId: string };

    terminal = openTerminal(
      `${shellQuote(process.execPath)} ${shellQuote(BIN)} status ${shellQuote(workflowId)} --watch --temporal-address ${temporal.address}`,
      { columns: 100, rows: 30 },
    );
    let workerProcess: ChildProcess | undefined;
    const worker = runCli(['worker', '--windows', '2', ...remote], {
      cwd,
      env: sandbox.env,
      timeoutMs: 150_000,
      onStderr: (_text, child) => {
        workerProcess = child;
      },
    });
    try {
      const mid = await terminal.waitFor((s) => BAR.test(s) && WINDOW_LINE.test(s), 90_000);
      expect(mid).toMatch(/^\[[█░]{30}\]\s+\d{1,3}%\s+[\d,]+\/~[\d,]+ records\s+windows \d\/6$/m);
      // Today's quota use is known once a window's heartbeat reported it.
      expect(mid).toMatch(/^[\d.]+ req\/s of [\d.]+ limit · (quota left today [\d,]+\/[\d,]+ · )?ETA /m);
      expect(mid.match(new RegExp(BAR.source, 'g'))).toHaveLength(1);
      for (const line of mid.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
      expect(mid).not.toMatch(RAW_ESCAPE);
      expect(terminal.cursorVisible()).toBe(false);

      const end = await terminal.waitFor((s) => s.includes('EXIT='), 120_000);
      expect(end).toContain('EXIT=0');
      expect(end).toMatch(
        new RegExp(`Backfill ${workflowId}\\n  Status     COMPLETED \\(completed\\)\\n  Windows    6/6 done`),
      );
      expect(end).not.toMatch(/[█░]/);
      expect(end).not.toMatch(RAW_ESCAPE);
      expect(terminal.cursorVisible()).toBe(true);
      const check = expectSameSet(await ndjsonDirIds(out), sandbox.groundTruth({ from: FROM, to: TO }));
      expect(check.detail).toMatch(/ 0 missing, 0 duplicated$/);
      expect(check.ok).toBe(true);
    } finally {
      workerProcess?.kill('SIGINT');
    }
    expect((await worker).code).toBe(0);
  });
});
