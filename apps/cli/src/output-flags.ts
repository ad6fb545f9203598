/**
 * Flags about what the CLI prints rather than what it fetches: progress and machine-readable output.
 */
import { boolFlag, type CommandContext, type FlagTable, type FlagValues } from './command.ts';
import type { CliIo } from './io.ts';
import { createProgressReporter, type ProgressReporter, progressEnabled } from './progress/reporter.ts';

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

export function wantsProgress(io: CliIo, flags: FlagValues): boolean {
  return progressEnabled(io.stderr.isTTY === true, {
    progress: boolFlag(flags, 'progress'),
    noProgress: boolFlag(flags, 'no-progress'),
  });
}

/** The command's progress display on stderr: live on a terminal (or with --progress), redacted. */
export function progressReporterFor(ctx: CommandContext): ProgressReporter {
  const { io, flags } = ctx;
  return createProgressReporter({
    stream: io.stderr,
    tty: io.stderr.isTTY === true,
    enabled: wantsProgress(io, flags),
    now: Date.now,
    filter: (t) => ctx.redactor.redact(t),
    columns: io.stderr.columns,
  });
}
