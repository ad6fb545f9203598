/**
 * The display's line about the latest retry or rate-limit wait of an export. The core retries below the
 * export loop (one retry layer) and tells only its logger: this logger listens to those events, keeps the
 * latest as a short sentence for the display, and passes every event on to the `--debug` logger, if any.
 * The core's events name no window (a request does not know which window asked for it), so the sentence
 * is about the run, not one window's line.
 */
import type { LogFields, Logger, LogLevel } from '@zcc-sms/core';

/** How long a notice stays on the display after its event. */
const SHOWN_MS = 15_000;

export interface RetryNotice {
  /** Pass to the client. */
  readonly logger: Logger;
  /** The sentence for the display, while the latest event is recent. */
  notice(now: number): string | undefined;
}

/** A sentence for an event, or `undefined` for events that are not retries or waits. */
export function noticeOf(fields: LogFields | undefined): string | undefined {
  if (fields === undefined || typeof fields.delayMs !== 'number') return undefined;
  const tracking = typeof fields.trackingId === 'string' ? ` [tracking id ${fields.trackingId}]` : '';
  const wait = `${(fields.delayMs / 1000).toFixed(1)}s`;
  if (typeof fields.error === 'string') {
    const status = typeof fields.status === 'number' ? ` ${fields.status}` : '';
    return `retrying (attempt ${String(fields.attempt ?? '?')}) in ${wait} after ${fields.error}${status}${tracking}`;
  }
  return `waiting ${wait} on a 429 (per-second limit); the rate slows down${tracking}`;
}

export function retryNotice(inner: Logger | undefined): RetryNotice {
  let latest: { at: number; text: string } | undefined;
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      const text = noticeOf(fields);
      if (text !== undefined) latest = { at: Date.now(), text };
      inner?.[level](message, fields);
    };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    notice(now) {
      return latest !== undefined && now - latest.at < SHOWN_MS
        ? `${Math.round((now - latest.at) / 1000)}s ago: ${latest.text}`
        : undefined;
    },
  };
}
