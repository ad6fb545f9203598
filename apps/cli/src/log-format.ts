/**
 * How stderr lines look: human text (the default) or, with `--log-format json` / `ZCC_LOG_FORMAT=json`,
 * one JSON object per line — `time`, `level`, `msg`, then fields (`window`, `trackingId`, `attempt`,
 * `cause`, …) — for log shippers. Every string passes the redactor before it is serialised, and the line
 * once more after, so a secret never reaches stderr in either format.
 */
import type { LogFields, LogLevel } from '@zcc-sms/core';
import { redactFields } from '@zcc-sms/core';
import { flagError } from './cli-error.ts';

export type LogFormat = 'text' | 'json';

/** Turns one log event into the full line written to stderr (newline included). */
export type LineFormatter = (level: LogLevel, msg: string, fields?: LogFields) => string;

const FORMATS: readonly LogFormat[] = ['text', 'json'];

function checked(value: string, source: string): LogFormat {
  const format = value.trim().toLowerCase();
  if ((FORMATS as readonly string[]).includes(format)) return format as LogFormat;
  throw flagError(source, value, 'is not a log format', 'use text (the default) or json');
}

/**
 * The format asked for: `--log-format` (read from argv before the command's flags are parsed, so even a
 * usage error comes out in the chosen format), else `ZCC_LOG_FORMAT` from the environment, else text.
 */
export function logFormatOf(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): LogFormat {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--log-format') return checked(argv[i + 1] ?? '', '--log-format');
    if (arg.startsWith('--log-format=')) return checked(arg.slice('--log-format='.length), '--log-format');
  }
  const fromEnv = env.ZCC_LOG_FORMAT;
  return fromEnv === undefined || fromEnv.trim() === '' ? 'text' : checked(fromEnv, 'ZCC_LOG_FORMAT');
}

function deepRedact(value: unknown, redact: (text: string) => string, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => deepRedact(v, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = deepRedact(v, redact, depth + 1);
  return out;
}

/**
 * The line formatter for a format. Text: the message as it is for `info` without fields (what commands
 * say), else `level: message {fields}` — only the fields whose value the sentence does not already say
 * (`Window X is being retried (attempt 2)` needs no `{"window":"X","attempt":2}`). JSON: `{"time","level","msg",…fields}`; fields are scrubbed
 * by the core's `redactFields` (secret keys, token shapes, phone numbers masked) and the redactor.
 */
export function lineFormatter(
  format: LogFormat,
  redact: (text: string) => string,
  now: () => number = Date.now,
): LineFormatter {
  if (format === 'json') {
    return (level, msg, fields) => {
      const clean = deepRedact(redactFields(fields) ?? {}, redact, 0) as Record<string, unknown>;
      const { time: _t, level: _l, msg: _m, ...rest } = clean;
      const line = JSON.stringify({ time: new Date(now()).toISOString(), level, msg: redact(msg), ...rest });
      return `${redact(line)}\n`;
    };
  }
  return (level, msg, fields) => {
    const unsaid = Object.entries(redactFields(fields) ?? {}).filter(
      ([, v]) => !((typeof v === 'string' || typeof v === 'number') && msg.includes(String(v))),
    );
    const extra = unsaid.length > 0 ? ` ${JSON.stringify(Object.fromEntries(unsaid))}` : '';
    const text = `${level === 'info' && extra === '' ? '' : `${level}: `}${msg}${extra}`;
    return redact(text.endsWith('\n') ? text : `${text}\n`);
  };
}
