import { causeChain, type LogFields, type Logger, type LogLevel, safeLogger } from '@zcc-sms/core';

const ORDER: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * An error as log fields keep it: `Name: message` of each link of its cause chain, joined by `Caused by:`
 * lines. `safeLogger` alone would keep only the outer name and message, and the cause of a failure (Zoom's
 * message and tracking id under the wrapper) is what the person reading the log needs.
 */
function withCauses(fields: LogFields | undefined): LogFields | undefined {
  if (fields === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error
        ? causeChain(value)
            .map((link) => (link instanceof Error ? `${link.name}: ${link.message}` : String(link)))
            .join('\nCaused by: ')
        : value;
  }
  return out;
}

/**
 * A stderr logger for the worker process; secrets redacted and phone numbers masked by the core's
 * `safeLogger`, errors in fields kept with their whole cause chain. `format` `json` (or `ZCC_LOG_FORMAT`
 * as the worker's entry point passes it) writes one JSON object per line: `time`, `level`, `msg`, fields.
 *
 * @example
 * const logger = consoleLogger(process.env.ZCC_LOG_LEVEL, process.env.ZCC_LOG_FORMAT); // level: 'debug' | 'info' (default) | 'warn' | 'error'; format: 'text' (default) | 'json'
 * logger.warn('slow page', { window: windowId });
 */
export function consoleLogger(level: string | undefined, format?: string): Logger {
  const min = ORDER.indexOf((level as LogLevel) ?? 'info');
  const json = format?.trim().toLowerCase() === 'json';
  const at = (l: LogLevel) => (message: string, fields?: LogFields) => {
    if (ORDER.indexOf(l) < (min < 0 ? 1 : min)) return;
    const time = new Date().toISOString();
    console.error(
      json
        ? JSON.stringify({ time, level: l, msg: message, ...fields })
        : `${time} ${l} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`,
    );
  };
  const safe = safeLogger({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') });
  return {
    debug: (m, f) => safe.debug(m, withCauses(f)),
    info: (m, f) => safe.info(m, withCauses(f)),
    warn: (m, f) => safe.warn(m, withCauses(f)),
    error: (m, f) => safe.error(m, withCauses(f)),
  };
}
