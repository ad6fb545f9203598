/**
 * Flags about what the CLI prints rather than what it fetches: progress and machine-readable output.
 */
import { boolFlag, type CommandContext, type FlagTable } from './command.ts';
import { SHOW_CURSOR } from './progress/live-region.ts';
import {
  createProgressReporter,
  type ProgressMode,
  type ProgressReporter,
  progressMode,
} from './progress/reporter.ts';

export const PROGRESS_FLAGS: FlagTable = {
  progress: {
    type: 'boolean',
    description: 'Show progress on stderr even when it is not a terminal',
    group: 'Output',
  },
  'no-progress': { type: 'boolean', description: 'Never show progress', group: 'Output' },
};

export const JSON_FLAG: FlagTable = {
  json: { type: 'boolean', description: 'Print a machine-readable JSON summary', group: 'Output' },
};

/** The command's progress display on stderr (see progress/reporter.ts for the modes), redacted. */
export function progressReporterFor(ctx: CommandContext): ProgressReporter {
  const mode = progressMode(ctx.io.stderr.isTTY === true, {
    progress: boolFlag(ctx.flags, 'progress'),
    noProgress: boolFlag(ctx.flags, 'no-progress'),
    json: ctx.logFormat === 'json',
  });
  return reporterIn(ctx, mode);
}

/** A progress reporter of `mode` on the command's stderr, with its log format and redactor. */
export function reporterIn(ctx: CommandContext, mode: ProgressMode): ProgressReporter {
  const { io } = ctx;
  const reporter = createProgressReporter({
    stream: io.stderr,
    mode,
    now: Date.now,
    line: ctx.line,
    redact: (t) => ctx.redactor.redact(t),
    size: () => ({ columns: io.stderr.columns, rows: (io.stderr as { rows?: number }).rows }),
  });
  if (mode !== 'live') return reporter;
  // The display hides the cursor; whatever ends the process (an uncaught error, a second Ctrl-C's
  // process.exit) must give it back.
  const restoreCursor = (): void => {
    io.stderr.write(SHOW_CURSOR);
  };
  process.once('exit', restoreCursor);
  return {
    ...reporter,
    stop() {
      reporter.stop();
      process.off('exit', restoreCursor);
    },
  };
}
