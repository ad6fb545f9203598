/**
 * Progress on stderr, in one of four modes:
 * - `live` (stderr is a terminal): the multi-line display of board.ts, redrawn in place at most every
 *   250 ms (~4×/s) by live-region.ts;
 * - `lines` (`--progress` on a pipe or file): one plain line every few seconds, which suits CI logs;
 * - `json` (`--log-format json`): one `progress` event (a JSON log line) every few seconds;
 * - `off`: nothing.
 * Messages printed while the display is up erase it first and redraw it after, so they never interleave.
 */
import type { Writable } from 'node:stream';
import type { LogFields, LogLevel } from '@zcc-sms/core';
import type { LineFormatter } from '../log-format.ts';
import { boardLines } from './board.ts';
import { type ProgressSnapshot, progressLine } from './format.ts';
import { createLiveRegion } from './live-region.ts';

export type ProgressMode = 'live' | 'lines' | 'json' | 'off';

export interface ProgressReporter {
  update(snapshot: ProgressSnapshot): void;
  /** A message line on stderr (`info`) that does not collide with the display. */
  message(text: string): void;
  /** A log event on stderr, formatted as the log format says, that does not collide with the display. */
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** Erases the display and stops drawing while held (a question is on screen), until `hold(false)`. */
  hold(on: boolean): void;
  /** Erases the display (restoring the cursor) and stops. */
  stop(): void;
}

export interface ReporterOptions {
  readonly stream: Writable;
  readonly mode: ProgressMode;
  readonly now: () => number;
  /** Formats messages and JSON progress events (redacted). */
  readonly line: LineFormatter;
  /** Redacts a line of the live display. */
  readonly redact?: (text: string) => string;
  /** The terminal's size now (it may change while the display is up). */
  readonly size?: () => { columns?: number | undefined; rows?: number | undefined };
  /** Minimum interval between plain and JSON lines. Default 5 s. */
  readonly plainIntervalMs?: number;
}

/** The fields of a JSON `progress` event: `event: "progress"` and the snapshot (windows in flight too). */
export function progressFields(p: ProgressSnapshot): LogFields {
  return { event: 'progress', ...p };
}

export function createProgressReporter(options: ReporterOptions): ProgressReporter {
  const { mode, stream } = options;
  const redact = options.redact ?? ((t: string) => t);
  const size = () => {
    const s = options.size?.() ?? {};
    return { columns: s.columns || 80, rows: s.rows || 24 };
  };
  const region = createLiveRegion((text) => stream.write(text), size);
  const interval = mode === 'live' ? 250 : (options.plainIntervalMs ?? 5_000);
  let lastDraw = Number.NEGATIVE_INFINITY;
  let stopped = false;
  let held = false;
  let last: ProgressSnapshot | undefined;

  const drawLive = (snapshot: ProgressSnapshot): void =>
    region.draw(boardLines(snapshot, options.now()).map(redact));
  const draw = (snapshot: ProgressSnapshot): void => {
    if (mode === 'live') drawLive(snapshot);
    else if (mode === 'lines') stream.write(`${redact(progressLine(snapshot, options.now()))}\n`);
    else if (mode === 'json') stream.write(options.line('info', 'progress', progressFields(snapshot)));
  };
  const log = (level: LogLevel, msg: string, fields?: LogFields): void => {
    region.clear();
    stream.write(options.line(level, msg, fields));
    if (mode === 'live' && !stopped && !held && last) drawLive(last);
  };

  return {
    update(snapshot) {
      last = snapshot;
      if (mode === 'off' || stopped || held) return;
      const now = options.now();
      if (now - lastDraw < interval) return;
      lastDraw = now;
      draw(snapshot);
    },
    message(text) {
      log('info', text);
    },
    log,
    hold(on) {
      held = on;
      if (on) region.clear();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      region.clear();
    },
  };
}

/**
 * The mode for a command: `--no-progress` turns progress off; JSON logs get JSON progress events; a
 * terminal gets the live display; `--progress` elsewhere gets plain lines.
 */
export function progressMode(
  stderrIsTty: boolean,
  flags: { progress: boolean; noProgress: boolean; json: boolean },
): ProgressMode {
  if (flags.noProgress) return 'off';
  if (flags.json) return 'json';
  if (stderrIsTty) return 'live';
  return flags.progress ? 'lines' : 'off';
}
