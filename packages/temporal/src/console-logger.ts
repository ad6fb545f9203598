import { type Logger, type LogLevel, safeLogger } from '@zcc-sms/core';

const ORDER: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * A stderr logger for the worker process; secrets redacted and phone numbers masked by the core's `safeLogger`.
 *
 * @example
 * const logger = consoleLogger(process.env.ZCC_LOG_LEVEL); // 'debug' | 'info' (default) | 'warn' | 'error'
 * logger.warn('slow page', { windowId });
 */
export function consoleLogger(level: string | undefined): Logger {
  const min = ORDER.indexOf((level as LogLevel) ?? 'info');
  const at = (l: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER.indexOf(l) < (min < 0 ? 1 : min)) return;
    console.error(`${new Date().toISOString()} ${l} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  };
  return safeLogger({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') });
}
