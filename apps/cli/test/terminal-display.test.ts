/**
 * The progress display in a real terminal: `zcc-sms export` runs inside tmux (a fixed-size, detached
 * terminal) against the sandbox with latency and a rate limit, so it runs for seconds; the test reads the
 * screen as a person would (`capture-pane`) mid-run and at the end. Skipped only when tmux is missing
 * (scripts/bootstrap installs it).
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from './support/cli-process.ts';
import { HAS_TMUX, openTerminal, shellQuote, type Terminal } from './support/tmux.ts';

const FROM = '2025-12-01';
const TO = '2026-11-30';
const BAR = /\[[█░]{30}\]\s+\d{1,3}%/;
const WINDOW_LINE = /^ {2}\d{8}T\d{6}Z-\d{8}T\d{6}Z +[\d,]+ records +[\d,]+\/[\d,]+ pages {2}fetching$/m;
// What escape sequences would leave on screen had the terminal not understood them.
const RAW_ESCAPE = new RegExp(`${String.fromCharCode(27)}|\\[\\?25[hl]|\\[\\d*[AJK]`);

let sandbox: Sandbox;
let dir: string;
let terminal: Terminal | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({
    dataset: { from: FROM, to: '2026-12-01', records: 3_000, seed: 5, lateFraction: 0 },
    // Pro: 5 requests/s, so ~40 pages take several seconds; every 7th request fails once (a retry to show).
    rateLimit: 'pro',
    latencyMs: 60,
    faults: { internalError: { everyNth: 7 } },
  });
  dir = await mkdtemp(join(tmpdir(), 'zcc-cli-tty-'));
});

afterAll(async () => {
  terminal?.close();
  await sandbox.stop();
  await rm(dir, { recursive: true, force: true });
});

function exportIn(size: { columns: number; rows: number }, output: string): Terminal {
  const env = Object.entries(sandbox.env).map(([k, v]) => `${k}=${shellQuote(String(v))}`);
  const command = `env ${env.join(' ')} ${shellQuote(process.execPath)} ${shellQuote(BIN)} export --from ${FROM} --to ${TO} --concurrency 4 --output ${shellQuote(output)}`;
  terminal = openTerminal(command, size);
  return terminal;
}

function lines(screen: string): string[] {
  return screen.split('\n');
}

describe.skipIf(!HAS_TMUX)(`terminal display${HAS_TMUX ? '' : ' (skipped: tmux is not installed)'}`, () => {
  it('redraws a bar, rate, quota, ETA and one line per window in place, then leaves only the summary', async () => {
    const output = join(dir, 'all.ndjson');
    const tty = exportIn({ columns: 100, rows: 30 }, output);
    const mid = await tty.waitFor(
      (s) =>
        BAR.test(s) &&
        (s.match(new RegExp(WINDOW_LINE.source, 'gm')) ?? []).length >= 2 &&
        s.includes('retrying (attempt'),
      60_000,
    );
    if (process.env.ZCC_SAVE_SCREEN) writeFileSync(process.env.ZCC_SAVE_SCREEN, mid);
    expect(lines(mid)[0]).toMatch(/^\[[█░]{30}\]\s+\d{1,3}%\s+[\d,]+\/~[\d,]+ records\s+windows \d+\/12$/);
    expect(lines(mid)[1]).toMatch(
      /^[\d.]+ req\/s of [\d.]+ limit · quota left today [\d,]+\/[\d,]+ · ETA \S+( \S+)? · elapsed /,
    );
    expect(mid).toMatch(
      /^\d+s ago: retrying \(attempt 1\) in [\d.]+s after ZoomServerError 500 \[tracking id /m,
    );
    // One display, redrawn in place: a single bar, no line wider than the terminal, no stray escapes.
    expect(mid.match(new RegExp(BAR.source, 'g'))).toHaveLength(1);
    for (const line of lines(mid)) expect(line.length).toBeLessThanOrEqual(100);
    expect(mid).not.toMatch(RAW_ESCAPE);
    expect(tty.cursorVisible()).toBe(false);

    const end = await tty.waitFor((s) => s.includes('EXIT='), 90_000);
    expect(end).toContain('EXIT=0');
    const truth = sandbox.groundTruth({ from: FROM, to: TO });
    expect(end).toContain(`Exported ${truth.length.toLocaleString('en-US')} engagements from 12 windows`);
    expect(end).not.toMatch(/[█░]|records +[\d,/]+ pages/);
    expect(end).not.toMatch(RAW_ESCAPE);
    expect(tty.cursorVisible()).toBe(true);
    const ids = (await readFile(output, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { engagement_id: string }).engagement_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...truth].sort());
    tty.close();
  });

  it('cuts lines to a narrow terminal, caps the height, and gives the cursor back on Ctrl-C', async () => {
    const output = join(dir, 'narrow.ndjson');
    const tty = exportIn({ columns: 50, rows: 5 }, output);
    const mid = await tty.waitFor((s) => BAR.test(s) && s.includes('more'), 60_000);
    for (const line of lines(mid)) expect(line.length).toBeLessThanOrEqual(50);
    expect(mid).toMatch(/…/);
    // Rows - 1 lines at most, the last saying how many were left out.
    expect(mid.trimEnd().split('\n').length).toBeLessThanOrEqual(4);
    expect(mid).toMatch(/^… \d+ more$/m);
    expect(mid).not.toMatch(RAW_ESCAPE);
    expect(tty.cursorVisible()).toBe(false);

    tty.send('C-c');
    const end = await tty.waitFor((s) => s.includes('EXIT='), 30_000);
    expect(end).toContain('EXIT=130');
    expect(end).toMatch(/Interrupted/);
    expect(end).not.toMatch(/[█░]/);
    expect(end).not.toMatch(RAW_ESCAPE);
    expect(tty.cursorVisible()).toBe(true);
    tty.close();
  });
});

describe('without a terminal', () => {
  it('prints plain progress lines with --progress (no escape sequences), and none without it', async () => {
    const output = join(dir, 'plain.ndjson');
    const args = ['export', '--from', FROM, '--to', TO, '--output', output, '--max-rps', '50'];
    sandbox.control.setRateLimit('none');
    try {
      const withProgress = await runCli([...args, '--progress'], { env: sandbox.env });
      expect(withProgress.code).toBe(0);
      const lines = withProgress.stderr.trimEnd().split('\n');
      expect(lines[0]).toMatch(
        /^windows \d+\/12 · [\d,]+(\/~[\d,]+)? records · \d+ requests · [\d.]+ req\/s · ETA /,
      );
      expect(lines.at(-1)).toMatch(/^Exported [\d,]+ engagements from 12 windows/);
      expect(withProgress.stderr).not.toMatch(RAW_ESCAPE);
      const quiet = await runCli(args, { env: sandbox.env });
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toMatch(/^Exported [\d,]+ engagements from 12 windows[^\n]*\n$/);
    } finally {
      sandbox.control.setRateLimit('pro');
    }
  });
});
