/**
 * Month windows: Zoom answers at most one month per query ("The defined date range should be a month, as
 * the response only includes one month's worth of data" — List SMS reference), so longer ranges are split.
 *
 * Pure: no dependencies and no Node APIs, so Temporal workflow code imports it (`@zcc-sms/core/windows`).
 *
 * Boundaries. Zoom does not say whether `to` is inclusive, nor whether the bounds filter `start_time` or
 * `end_time` (UNCONFIRMED, docs/zoom-api.md). So neighbouring windows share their edge instant
 * (window k's `to` equals window k+1's `from`): a record whose filtered time equals the edge is returned
 * by window k+1 always and by window k too when `to` is inclusive — never by neither. Records that touch a
 * shared edge (`touchesSharedEdge`) are the only possible duplicates; callers drop them by engagement id
 * (in memory for an export, through the sink for a durable backfill). The outer bounds are sent exactly as
 * the caller gave them, so Zoom's own reading of a date-only day applies there.
 */
import { addOneMonth, formatInstant, nextMonthStart, parseZoomDate, upperInstant } from './dates.ts';
import { ZoomInputError } from './errors.ts';

/** A part of a query's range, at most one calendar month (what Zoom accepts in one query). */
export interface TimeWindow {
  /** Stable, file-name-safe id derived from the window's instants, e.g. `20260101T000000Z-20260201T000000Z`. */
  readonly id: string;
  /** Sent as Zoom's `from`. */
  readonly from: string;
  /** Sent as Zoom's `to`. */
  readonly to: string;
  /** Edge instants (ms) shared with a neighbouring window; records exactly there may come from both. */
  readonly sharedEdges: readonly number[];
}

function compact(ms: number): string {
  return formatInstant(ms).replace(/[-:]/g, '');
}

/** The shape of every `TimeWindow.id`: two `compact` instants (whole seconds, UTC) joined by `-`. */
const WINDOW_ID = /^\d{8}T\d{6}Z-\d{8}T\d{6}Z$/;

/**
 * Whether `text` has the shape of a window id this module makes — what a sink may turn into a file name.
 *
 * @example
 * isWindowId('20260101T000000Z-20260201T000000Z'); // true
 * isWindowId('../../etc/passwd'); // false
 */
export function isWindowId(text: unknown): text is string {
  return typeof text === 'string' && WINDOW_ID.test(text);
}

function makeWindow(
  from: string,
  to: string,
  fromMs: number,
  toMs: number,
  sharedEdges: readonly number[],
): TimeWindow {
  return { id: `${compact(fromMs)}-${compact(toMs)}`, from, to, sharedEdges };
}

function bounds(from: string, to: string): { fromMs: number; toMs: number } {
  const f = parseZoomDate(from);
  const t = parseZoomDate(to);
  if (!f)
    throw new ZoomInputError(
      'from',
      from,
      'is not a date',
      'use yyyy-mm-dd or ISO 8601 such as 2026-01-01T00:00:00Z',
    );
  if (!t)
    throw new ZoomInputError(
      'to',
      to,
      'is not a date',
      'use yyyy-mm-dd or ISO 8601 such as 2026-01-31T23:59:59Z',
    );
  const fromMs = f.ms;
  const toMs = upperInstant(t);
  if (toMs < fromMs) throw new ZoomInputError('to', to, `is before from "${from}"`, 'swap them');
  return { fromMs, toMs };
}

/**
 * Splits `[from, to]` into consecutive windows of at most one calendar month, aligned to UTC month starts.
 *
 * @example
 * monthWindows('2026-01-15', '2026-03-10').map((w) => w.id);
 * // ['20260115T000000Z-20260201T000000Z', '20260201T000000Z-20260301T000000Z', '20260301T000000Z-20260310T235959Z']
 */
export function monthWindows(from: string, to: string): TimeWindow[] {
  const { fromMs, toMs } = bounds(from, to);
  const edges: number[] = [];
  for (let edge = nextMonthStart(fromMs); edge < toMs; edge = nextMonthStart(edge)) edges.push(edge);
  return fromEdges(from, to, fromMs, toMs, edges, []);
}

function fromEdges(
  from: string,
  to: string,
  fromMs: number,
  toMs: number,
  edges: readonly number[],
  outerShared: readonly number[],
): TimeWindow[] {
  const starts = [fromMs, ...edges];
  return starts.map((start, i) => {
    const end = edges[i] ?? toMs;
    const first = i === 0;
    const last = i === edges.length;
    const shared = [
      ...(first ? outerShared.filter((e) => e === fromMs) : [start]),
      ...(last ? outerShared.filter((e) => e === toMs) : [end]),
    ];
    return makeWindow(
      first ? from : formatInstant(start),
      last ? to : formatInstant(end),
      start,
      end,
      shared,
    );
  });
}

/**
 * Splits a window into `parts` sub-windows of equal length (whole seconds), so several cursors can share
 * the rate budget on one busy month. Sub-window edges are shared edges like month edges.
 *
 * @example
 * const [first, second] = splitWindow(monthWindows('2026-01-01', '2026-01-31')[0]!, 2); // two halves of January
 */
export function splitWindow(window: TimeWindow, parts: number): TimeWindow[] {
  const { fromMs, toMs } = bounds(window.from, window.to);
  const span = Math.floor((toMs - fromMs) / 1000);
  const n = Math.max(1, Math.min(Math.floor(parts), span));
  if (n === 1) return [window];
  const edges: number[] = [];
  for (let i = 1; i < n; i++) edges.push(fromMs + Math.round((span * i) / n) * 1000);
  return fromEdges(window.from, window.to, fromMs, toMs, edges, window.sharedEdges);
}

/**
 * True when a window is no longer than one calendar month (what Zoom accepts in one query).
 *
 * @example
 * fitsOneMonth({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }); // true
 */
export function fitsOneMonth(window: Pick<TimeWindow, 'from' | 'to'>): boolean {
  const { fromMs, toMs } = bounds(window.from, window.to);
  return toMs <= addOneMonth(fromMs);
}

/** The record fields `touchesSharedEdge` reads: start and end times. */
export interface TimedRecord {
  /** ISO 8601 start of the engagement. */
  readonly start_time?: string | undefined;
  /** ISO 8601 end of the engagement. */
  readonly end_time?: string | undefined;
}

/**
 * True when the record's start or end time falls exactly on one of the window's shared edges.
 *
 * @example
 * if (touchesSharedEdge(record, window)) seen.add(record.engagement_id); // may come again in the next window
 */
export function touchesSharedEdge(record: TimedRecord, window: Pick<TimeWindow, 'sharedEdges'>): boolean {
  if (window.sharedEdges.length === 0) return false;
  for (const value of [record.start_time, record.end_time]) {
    if (value === undefined) continue;
    const ms = Date.parse(value);
    if (window.sharedEdges.includes(ms)) return true;
  }
  return false;
}

export type { ParsedInstant } from './dates.ts';
export { addOneMonth, formatInstant, nextUtcMidnight, parseZoomDate, upperInstant } from './dates.ts';
