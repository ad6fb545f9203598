/**
 * The shape of a command: its flags (a `node:util` `parseArgs` table plus help text), examples and `run`.
 * One file per command under `commands/`; `commands/index.ts` lists them.
 */
import type { CliIo } from './io.ts';
import type { LineFormatter, LogFormat } from './log-format.ts';
import type { Redactor } from './redactor.ts';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** Placeholder in help, e.g. `DATE`. */
  readonly value?: string;
  readonly description: string;
  /** Listed in help under this heading (default: the command's own options). */
  readonly group?: string;
  /** Not listed in `--help` (still accepted). */
  readonly hidden?: boolean;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

export type FlagValues = Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;

export interface CommandContext {
  readonly io: CliIo;
  readonly flags: FlagValues;
  readonly positionals: readonly string[];
  /** `--debug`: stack traces and client debug logs on stderr (still redacted). */
  readonly debug: boolean;
  readonly redactor: Redactor;
  /** Writes a line (or lines) on stderr, redacted (one JSON object under `--log-format json`). */
  message(text: string): void;
  /** `--log-format` / `ZCC_LOG_FORMAT`: how stderr lines look. */
  readonly logFormat: LogFormat;
  /** Formats one log event as the stderr line of `logFormat` (redacted). */
  readonly line: LineFormatter;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage line(s) without the leading `zcc-sms `. */
  readonly usage: string;
  /** Longer description shown in `--help`. */
  readonly description?: string;
  readonly flags: FlagTable;
  /** Names of positional arguments, e.g. `['workflow-id']`. */
  readonly positionals?: readonly string[];
  readonly examples: readonly string[];
  /** The command parses its own arguments (and prints its own `--help`): `main` passes them through. */
  readonly rawArgs?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

/** Flags every command accepts. */
export const COMMON_FLAGS: FlagTable = {
  help: { type: 'boolean', short: 'h', description: 'Show this help', group: 'General' },
  debug: {
    type: 'boolean',
    description: 'Show stack traces and request logs (secrets stay redacted)',
    group: 'General',
  },
  'log-format': {
    type: 'string',
    value: 'FMT',
    description: 'text (default) or json: one JSON object per stderr line (also ZCC_LOG_FORMAT)',
    group: 'General',
  },
};

export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function listFlag(flags: FlagValues, name: string): string[] {
  const v = flags[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export function boolFlag(flags: FlagValues, name: string): boolean {
  return flags[name] === true;
}
