/**
 * The client's logger for `--debug`: lines on stderr through the progress reporter (so they do not tear
 * the progress line) and the redactor. The core already wraps it in `safeLogger` (secrets redacted, phone
 * numbers masked); the redactor adds the literal client secret on top.
 */
import type { LogFields, Logger } from '@zcc-sms/core';

export function stderrLogger(write: (line: string) => void, enabled: boolean): Logger | undefined {
  if (!enabled) return undefined;
  const line =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      write(
        `${level}: ${message}${fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : ''}`,
      );
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
