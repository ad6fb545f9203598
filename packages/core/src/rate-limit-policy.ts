/**
 * 429 policy: per-second or daily, and when to try again. Pure functions.
 *
 * Zoom's rate-limit headers are unreliable (docs/zoom-api.md): older docs list `X-RateLimit-Type`
 * (`QPS` / `Daily-limit`) and `Retry-After` as an ISO timestamp (`2020-05-31T00:00:00Z`); a daily 429
 * has been seen with neither header. So the message text decides when the header is missing.
 */
import { nextUtcMidnight, parseZoomDate } from './dates.ts';

export type RateLimitKind = 'per-second' | 'daily';

export interface RateLimitSignal {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly message?: string | undefined;
}

/** Classifies a 429 from `X-RateLimit-Type` when present, else from Zoom's message text. */
export function classify429(signal: RateLimitSignal): RateLimitKind {
  const type = signal.headers['x-ratelimit-type']?.toLowerCase() ?? '';
  if (type.includes('daily')) return 'daily';
  if (type.includes('qps') || type.includes('second')) return 'per-second';
  const message = signal.message?.toLowerCase() ?? '';
  // "You have reached the maximum daily rate limit for this API…" (Zoom rate-limits page)
  if (/\bdaily\b|\bper[- ]day\b|\bquota\b/.test(message)) return 'daily';
  return 'per-second';
}

/**
 * `Retry-After` as delay in ms from `now`: either delta-seconds (RFC 9110) or a date — Zoom documents an
 * ISO timestamp; an HTTP-date is accepted too. `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const iso = parseZoomDate(text);
  const at = iso ? iso.ms : Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * The longest wait any answer may ask for. Zoom's quotas reset daily, so a `Retry-After` further away than
 * a day and an hour is a broken header (a year-ahead date has been seen from a proxy, issue #10), and
 * sleeping on it would stall an export for good — or overflow Node's 32-bit timer into a busy loop.
 */
export const MAX_RETRY_AFTER_MS = 25 * 3_600_000;
/** Slack after 00:00 UTC when a wait is replaced by "the next reset", for clocks that disagree a little. */
export const RESET_MARGIN_MS = 60_000;

/** True when a `Retry-After` delay is too far away to be believed (see `MAX_RETRY_AFTER_MS`). */
export function isAbsurdWait(ms: number | undefined): boolean {
  return ms !== undefined && !(ms <= MAX_RETRY_AFTER_MS);
}

/** A `Retry-After` delay made sane: beyond `MAX_RETRY_AFTER_MS`, the time to the next 00:00 UTC plus margin. */
export function saneRetryAfter(ms: number | undefined, now: number): number | undefined {
  if (ms === undefined) return undefined;
  if (!isAbsurdWait(ms)) return Math.max(0, ms);
  return nextUtcMidnight(now) + RESET_MARGIN_MS - now;
}

/**
 * When a daily quota resets: `Retry-After` when it names a time within `MAX_RETRY_AFTER_MS`, otherwise
 * 00:00 UTC of the next day (forum answer confirmed by Zoom staff; for Contact Center UNCONFIRMED), plus a
 * margin when the header named something absurd.
 */
export function dailyResetAt(retryAfterMs: number | undefined, now: number): number {
  if (retryAfterMs === undefined || !(retryAfterMs > 0)) return nextUtcMidnight(now);
  return now + saneRetryAfter(retryAfterMs, now)!;
}
