/**
 * n8n date parameters to Zoom's `from`/`to`. n8n's date picker yields wall-clock text without an offset
 * (`2026-01-31T17:00:00`), meant in the workflow's time zone; expressions yield ISO strings or Luxon
 * `DateTime`s. Everything with a time is sent as a UTC instant (`2026-01-31T16:00:00Z`), so month splitting
 * and Zoom read the same instant. A bare `yyyy-mm-dd` is passed through: Zoom then reads the day itself
 * (UTC assumed, UNCONFIRMED — docs/zoom-api.md).
 */
import { formatInstant, parseZoomDate, ZoomInputError } from '@zcc-sms/core';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const FIX = 'use an ISO 8601 date-time such as 2026-01-31T23:59:59Z, or pick a date in the date picker';

/** Offset of `timeZone` from UTC at the instant `utcMs`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in `timeZone` (two passes settle daylight-saving transitions). */
export function wallTimeToUtc(wallMs: number, timeZone: string): number {
  const first = wallMs - zoneOffsetMs(timeZone, wallMs);
  return wallMs - zoneOffsetMs(timeZone, first);
}

function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  const iso = (value as { toISO?: () => unknown }).toISO;
  if (typeof iso === 'function') {
    const text = iso.call(value);
    return typeof text === 'string' ? text : 'Invalid DateTime';
  }
  return String(value);
}

/**
 * A date parameter as Zoom's `from`/`to`, or `undefined` when empty.
 *
 * @example
 * toZoomBound('from', '2026-01-01T00:00:00', 'Europe/Berlin'); // '2025-12-31T23:00:00Z'
 */
export function toZoomBound(field: string, value: unknown, timeZone: string): string | undefined {
  const text = textOf(value);
  if (text === undefined || text === '') return undefined;
  if (DATE_ONLY.test(text)) {
    if (!parseZoomDate(text)) throw new ZoomInputError(field, text, 'is not a real date', FIX);
    return text;
  }
  if (ZONED.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    if (Number.isNaN(ms)) throw new ZoomInputError(field, text, 'is not a real date', FIX);
    return formatInstant(ms);
  }
  const local = LOCAL.exec(text);
  if (local) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(local[i] ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    const probe = new Date(wall);
    if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
      throw new ZoomInputError(field, text, 'is not a real date', FIX);
    }
    return formatInstant(wallTimeToUtc(wall, timeZone));
  }
  throw new ZoomInputError(field, text, 'is not a date', FIX);
}
