/**
 * Errors the CLI raises itself. Each carries its exit code and a one-line message a user can act on:
 * what was wrong (the flag or variable and its value) and how to fix it.
 */
import { EXIT, type ExitCode } from './exit-codes.ts';

export class CliError extends Error {
  override readonly name: string = 'CliError';
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** Bad flags, values or configuration, found before any request: exit 2. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/**
 * A usage error naming a flag, the value given and the fix, in the same shape as the core's
 * `ZoomInputError` messages: `--to "2026-13-01" is not a real date; use yyyy-mm-dd …`.
 */
export function flagError(flag: string, value: unknown, problem: string, fix: string): UsageError {
  const shown = value === undefined ? '(missing)' : JSON.stringify(value);
  return new UsageError(`${flag} ${shown} ${problem}; ${fix}`);
}

/** The user stopped the command (Ctrl-C): exit 130, no stack trace. */
export class InterruptedError extends CliError {
  override readonly name = 'InterruptedError';
  constructor(message = 'Interrupted') {
    super(message, EXIT.interrupted);
  }
}
