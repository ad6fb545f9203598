/**
 * Date parsing and calendar arithmetic for the `from`/`to` parameters. Formats accepted follow the endpoint
 * reference: `yyyy-mm-dd` or ISO 8601 `yyyy-MM-dd'T'HH:mm:ss'Z'` / `…TZD` (seed spec, List SMS).
 * All sandbox times are integer epoch seconds: Zoom timestamps have second precision.
 */

export type ParsedDate =
  | { kind: 'date'; year: number; month: number; day: number }
  | { kind: 'datetime'; epochSec: number; offsetMin: number };

export type DateParseResult =
  | { ok: true; value: ParsedDate }
  | { ok: false; reason: 'format' | 'impossible' };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// Fractional seconds and a space instead of '+' (an unencoded '+' decodes to a space in query strings) are
// accepted leniently: assumed, Zoom's exact parser is unknown.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+\- ]\d{2}:?\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validYmd(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseZoomDate(text: string): DateParseResult {
  const d = DATE_ONLY.exec(text);
  if (d) {
    const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    if (!validYmd(year, month, day)) return { ok: false, reason: 'impossible' };
    return { ok: true, value: { kind: 'date', year, month, day } };
  }
  const t = DATE_TIME.exec(text);
  if (!t) return { ok: false, reason: 'format' };
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(t[i]));
  if (!validYmd(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59) {
    return { ok: false, reason: 'impossible' };
  }
  const offsetMin = parseOffset(t[7]!);
  if (offsetMin === null) return { ok: false, reason: 'impossible' };
  const local = Date.UTC(year!, month! - 1, day!, hour, minute, second) / 1000;
  return { ok: true, value: { kind: 'datetime', epochSec: local - offsetMin * 60, offsetMin } };
}

/** `Z`, `+05:30`, `-0800` → minutes east of UTC; null when out of range. */
export function parseOffset(text: string): number | null {
  if (text === 'Z') return 0;
  const m = /^([+\- ])(\d{2}):?(\d{2})$/.exec(text);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 18 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Start of a calendar day, as epoch seconds, in a zone `offsetMin` east of UTC. */
export function startOfDaySec(year: number, month: number, day: number, offsetMin: number): number {
  return Date.UTC(year, month - 1, day) / 1000 - offsetMin * 60;
}

/**
 * Adds calendar months in the local calendar of `offsetMin`, clamping the day (Jan 31 + 1 month = Feb 28/29).
 * Clamping is assumed (it is what most date libraries and Java's plusMonths do).
 */
export function addMonthsSec(epochSec: number, months: number, offsetMin: number): number {
  const local = new Date((epochSec + offsetMin * 60) * 1000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const day = Math.min(local.getUTCDate(), daysInMonth(targetYear, targetMonth + 1));
  const ms = Date.UTC(
    targetYear,
    targetMonth,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
  );
  return ms / 1000 - offsetMin * 60;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * The civil date of a day number (days since 1970-01-01) as one integer `yyyymmdd`, so hot paths get it
 * without allocating. Civil-from-days by H. Hinnant ("chrono-Compatible Low-Level Date Algorithms").
 */
export function civilFromDays(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + day;
}

/**
 * `2026-01-31T23:59:59Z`: Zoom's second-precision UTC format. Hand-rolled because it runs twice per record
 * served and Date#toISOString was a visible cost.
 */
export function formatIsoSec(epochSec: number): string {
  const days = Math.floor(epochSec / 86_400);
  const secOfDay = epochSec - days * 86_400;
  const ymd = civilFromDays(days);
  const year = Math.floor(ymd / 10_000);
  const month = Math.floor(ymd / 100) % 100;
  const day = ymd % 100;
  const hh = Math.floor(secOfDay / 3600);
  const mm = Math.floor((secOfDay % 3600) / 60);
  const ss = secOfDay % 60;
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hh)}:${pad2(mm)}:${pad2(ss)}Z`;
}

/** Parses an ISO instant or date-only string (treated as UTC midnight) to epoch seconds; throws if invalid. */
export function isoToSec(text: string): number {
  const parsed = parseZoomDate(text);
  if (parsed.ok) {
    const v = parsed.value;
    return v.kind === 'date' ? startOfDaySec(v.year, v.month, v.day, 0) : v.epochSec;
  }
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new Error(`Invalid date: ${text}`);
  return Math.floor(ms / 1000);
}

/** First second of the UTC month containing `epochSec`. */
export function monthStartSec(epochSec: number): number {
  const d = new Date(epochSec * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
}

/** Next 00:00:00 UTC strictly after `epochMs` (the daily quota reset: Zoom staff forum answer). */
export function nextUtcMidnightMs(epochMs: number): number {
  return (Math.floor(epochMs / 86_400_000) + 1) * 86_400_000;
}
