/**
 * Progress on stderr. On a TTY one line is redrawn in place (at most every 200 ms); with `--progress` on a
 * pipe or file a plain line is printed every few seconds, which suits CI logs. Without either, nothing.
 * Messages printed while progress is shown clear the line first, so they never interleave with it.
 */
import type { Writable } from 'node:stream';
import { type ProgressSnapshot, progressLine } from './format.ts';

export interface ProgressReporter {
  update(snapshot: ProgressSnapshot): void;
  /** A message line on stderr that does not collide with the progress line. */
  message(text: string): void;
  /** Clears the line and stops drawing while held (a question is on screen), until `hold(false)`. */
  hold(on: boolean): void;
  /** Removes the live line (TTY) and stops. */
  stop(): void;
}

export interface ReporterOptions {
  readonly stream: Writable;
  readonly tty: boolean;
  readonly enabled: boolean;
  readonly now: () => number;
  /** Passed every line before it is written (redaction). */
  readonly filter?: (text: string) => string;
  readonly columns?: number | undefined;
  /** Minimum interval between plain (non-TTY) lines. Default 5 s. */
  readonly plainIntervalMs?: number;
}

export function createProgressReporter(options: ReporterOptions): ProgressReporter {
  const filter = options.filter ?? ((t: string) => t);
  const plainInterval = options.plainIntervalMs ?? 5_000;
  let lastDraw = 0;
  let shown = false;
  let stopped = false;
  let held = false;
  let last: ProgressSnapshot | undefined;

  const clear = (): void => {
    if (options.tty && shown) options.stream.write('\r\x1b[2K');
    shown = false;
  };
  const draw = (snapshot: ProgressSnapshot): void => {
    let line = progressLine(snapshot, options.now());
    if (options.tty) {
      const width = (options.columns ?? 120) - 1;
      if (line.length > width) line = `${line.slice(0, width - 1)}…`;
      options.stream.write(`\r\x1b[2K${filter(line)}`);
      shown = true;
    } else {
      options.stream.write(`${filter(line)}\n`);
    }
  };

  return {
    update(snapshot) {
      last = snapshot;
      if (!options.enabled || stopped || held) return;
      const now = options.now();
      if (now - lastDraw < (options.tty ? 200 : plainInterval)) return;
      lastDraw = now;
      draw(snapshot);
    },
    message(text) {
      clear();
      options.stream.write(filter(text.endsWith('\n') ? text : `${text}\n`));
      if (options.enabled && !stopped && !held && last && options.tty) draw(last);
    },
    hold(on) {
      held = on;
      if (on) clear();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clear();
    },
  };
}

/** Progress is shown on a TTY, or anywhere with `--progress`; `--no-progress` turns it off. */
export function progressEnabled(
  stderrIsTty: boolean,
  flags: { progress: boolean; noProgress: boolean },
): boolean {
  if (flags.noProgress) return false;
  return flags.progress || stderrIsTty;
}
