/**
 * Date parsing for Zoom's `from`/`to` parameters. Pure: no dependencies and no Node APIs, so Temporal
 * workflow code can import it (through `windows.ts`).
 *
 * Zoom accepts `yyyy-mm-dd` or ISO 8601 `yyyy-MM-dd'T'HH:mm:ss'Z'` / `…'TZD'` (List SMS reference,
 * docs/zoom-api.md). We also accept fractional seconds, which ISO 8601 allows.
 */

/** A parsed `from`/`to` value: its instant and whether it named a whole day. */
export interface ParsedInstant {
  /** Milliseconds since the epoch (for a date-only value: 00:00:00 UTC of that day). */
  readonly ms: number;
  /** True for `yyyy-mm-dd`: Zoom interprets the day itself (assumed UTC, UNCONFIRMED). */
  readonly dateOnly: boolean;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds in a UTC day (Zoom's daily quota resets every such day at 00:00 UTC).
 *
 * @example
 * const days = Math.ceil((toMs - fromMs) / DAY_MS);
 */
export const DAY_MS = 86_400_000;

function validCalendarDate(y: number, m: number, d: number): boolean {
  const probe = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC treats 0-99 as 1900-1999; reject those years outright as well as rolled-over dates (02-30).
  return (
    y >= 1970 && probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d
  );
}

/**
 * Parses a Zoom date parameter; `undefined` when the text is not a real date in an accepted format.
 *
 * @example
 * parseZoomDate('2026-01-31'); // { ms: 1769817600000, dateOnly: true }
 * parseZoomDate('2026-02-30'); // undefined
 */
export function parseZoomDate(text: string): ParsedInstant | undefined {
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [y, m, d] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    if (!validCalendarDate(y, m, d)) return undefined;
    return { ms: Date.UTC(y, m - 1, d), dateOnly: true };
  }
  const full = DATE_TIME.exec(text);
  if (!full) return undefined;
  const [y, m, d, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(full[i]));
  if (!validCalendarDate(y!, m!, d!) || hh! > 23 || mm! > 59 || ss! > 59) return undefined;
  const fraction = full[7] ? Math.floor(Number(`0${full[7]}`) * 1000) : 0;
  const zone = full[8]!;
  let offsetMs = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 14 || om > 59) return undefined;
    offsetMs = sign * (oh * 60 + om) * 60_000;
  }
  return { ms: Date.UTC(y!, m! - 1, d!, hh, mm, ss) + fraction - offsetMs, dateOnly: false };
}

/**
 * The last instant a bound covers. A date-only `to` covers its whole day, so the instant is 23:59:59
 * of that day (records carry second precision).
 *
 * @example
 * formatInstant(upperInstant(parseZoomDate('2026-01-31')!)); // '2026-01-31T23:59:59Z'
 */
export function upperInstant(parsed: ParsedInstant): number {
  return parsed.dateOnly ? parsed.ms + DAY_MS - 1000 : parsed.ms;
}

/**
 * `2026-01-31T23:59:59Z`: the second-precision UTC form Zoom itself returns.
 *
 * @example
 * formatInstant(Date.UTC(2026, 0, 31, 23, 59, 59)); // '2026-01-31T23:59:59Z'
 */
export function formatInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** 00:00:00 UTC of the first day of the month after the one holding `ms`. */
export function nextMonthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * The same wall-clock instant one calendar month later, clamped to the last day of a shorter month.
 *
 * @example
 * formatInstant(addOneMonth(Date.UTC(2026, 0, 31))); // '2026-02-28T00:00:00Z'
 */
export function addOneMonth(ms: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/**
 * 00:00:00 UTC of the day after the one holding `ms`: when Zoom's daily quota resets.
 *
 * @example
 * formatInstant(nextUtcMidnight(Date.UTC(2026, 0, 31, 15))); // '2026-02-01T00:00:00Z'
 */
export function nextUtcMidnight(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS + DAY_MS;
}
