/**
 * The client's logger for `--debug` (and the worker's): each event goes to a log function — the progress
 * reporter's (so it does not tear the display) or the command's — which formats it as text or JSON and
 * redacts it. The core already wraps it in `safeLogger` (secrets redacted, phone numbers masked); the
 * redactor adds the literal client secret on top.
 */
import type { LogFields, Logger, LogLevel } from '@zcc-sms/core';

export type LogFunction = (level: LogLevel, message: string, fields?: LogFields) => void;

export function stderrLogger(log: LogFunction, enabled: boolean): Logger | undefined {
  if (!enabled) return undefined;
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      log(level, message, fields);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A command's log function from its context: its line formatter on stderr. */
export function contextLog(ctx: {
  readonly io: { readonly stderr: { write(text: string): unknown } };
  readonly line: (level: LogLevel, message: string, fields?: LogFields) => string;
}): LogFunction {
  return (level, message, fields) => {
    ctx.io.stderr.write(ctx.line(level, message, fields));
  };
}
