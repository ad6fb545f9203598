/**
 * What the order of records tells us, and how far a window can be narrowed because of it. Pure.
 *
 * List SMS pages through a window newest first by the timestamp `from`/`to` filter on (docs/zoom-api.md,
 * "Order of records"); which timestamp that is — `start_time` or `end_time` — is UNCONFIRMED. So the walk
 * keeps evidence for both: a field stays "sorted" while every record's value is no newer than the one
 * before it. While at least one field is sorted, everything newer than the last record on a sorted field
 * has been delivered, and the rest of the window is the range up to that record: a dead page token is
 * replaced by a fresh query with `to` narrowed there (`narrowing`), not by a re-read from the window's
 * start. When neither field is sorted the order is broken and callers fall back to re-reading the whole
 * window with full dedupe.
 *
 * Why the narrowed `to` is safe under every variant: unlanded records have bound ≤ the anchor on the bound
 * field, and the bound field is sorted. With one field sorted, the anchor is that field's last value; with
 * both sorted (it cannot yet tell which one Zoom sorts by), the anchor is the later of the two (end ≥ start),
 * which covers either reading. `to` is the anchor's second plus one second, so an exclusive `to` still
 * returns records at the anchor itself; records newer than the anchor on every sorted field were delivered
 * already (or lie outside the window when the outer `to` is a date in the account's time zone) and are
 * dropped (`isBehindAnchor`).
 */

/** Order evidence of one window's walk. Plain JSON: it rides in checkpoints. */
export interface RecordOrder {
  /** No record's `start_time` was newer than the record before it. */
  readonly startSorted: boolean;
  /** No record's `end_time` was newer than the record before it. */
  readonly endSorted: boolean;
  /** `start_time` (epoch ms) of the last record received, or the narrowed `to` at a chain's start. */
  readonly lastStartMs?: number | undefined;
  /** `end_time` (epoch ms) of the last record received, or the narrowed `to` at a chain's start. */
  readonly lastEndMs?: number | undefined;
}

/** Before the first record: both fields may be the sort key. */
export const UNKNOWN_ORDER: RecordOrder = { startSorted: true, endSorted: true };

/** The timestamps `observeOrder` reads. */
export interface OrderedRecord {
  readonly start_time?: string | undefined;
  readonly end_time?: string | undefined;
}

function ms(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** The evidence after `records`, received in this order. A record without a parsable field unsorts it. */
export function observeOrder(order: RecordOrder, records: readonly OrderedRecord[]): RecordOrder {
  let { startSorted, endSorted, lastStartMs, lastEndMs } = order;
  for (const record of records) {
    const start = ms(record.start_time);
    const end = ms(record.end_time);
    if (start === undefined || (lastStartMs !== undefined && start > lastStartMs)) startSorted = false;
    if (end === undefined || (lastEndMs !== undefined && end > lastEndMs)) endSorted = false;
    lastStartMs = start ?? lastStartMs;
    lastEndMs = end ?? lastEndMs;
  }
  return { startSorted, endSorted, lastStartMs, lastEndMs };
}

/** True when neither timestamp is in newest-first order: narrowing is unsafe. */
export function orderBroken(order: RecordOrder): boolean {
  return !order.startSorted && !order.endSorted;
}

/**
 * The instant (ms) records on a sorted field are compared with (see the module comment): no record still to
 * come is newer on the bound field. Undefined before the first record or when the order is broken.
 */
export function anchorOf(order: RecordOrder): number | undefined {
  const candidates: number[] = [];
  if (order.startSorted && order.lastStartMs !== undefined) candidates.push(order.lastStartMs);
  if (order.endSorted && order.lastEndMs !== undefined) candidates.push(order.lastEndMs);
  if (orderBroken(order) || candidates.length === 0) return undefined;
  return Math.max(...candidates);
}

/** Where a narrowed chain starts: its `to` (ms) and the evidence it carries on with. */
export interface Narrowing {
  /** The narrowed `to`: the anchor's second plus one second. */
  readonly toMs: number;
  /** Evidence for the new chain: its records are compared with `toMs` first. */
  readonly order: RecordOrder;
  /** Records newer than these on every sorted field were delivered already. */
  readonly anchor: RecordOrder;
}

/**
 * The narrowed range after a dead page token, or undefined when the evidence does not allow it (no record
 * yet, or the order is broken) or it would not be narrower than `currentToMs`.
 *
 * @example
 * const n = narrowing(cursor.order, Date.parse(cursor.to)); // undefined → re-read the whole window
 */
export function narrowing(order: RecordOrder | undefined, currentToMs: number): Narrowing | undefined {
  if (order === undefined) return undefined;
  const anchor = anchorOf(order);
  if (anchor === undefined) return undefined;
  const toMs = Math.floor(anchor / 1000) * 1000 + 1000;
  if (!(toMs < currentToMs)) return undefined;
  return {
    toMs,
    order: { ...order, lastStartMs: toMs, lastEndMs: toMs },
    anchor: { ...order },
  };
}

/** True when the record is newer than the anchor on every field sorted at the anchor: delivered before. */
export function isBehindAnchor(record: OrderedRecord, anchor: RecordOrder): boolean {
  const fields: Array<[boolean, number | undefined, string | undefined]> = [
    [anchor.startSorted, anchor.lastStartMs, record.start_time],
    [anchor.endSorted, anchor.lastEndMs, record.end_time],
  ];
  let compared = false;
  for (const [sorted, last, value] of fields) {
    if (!sorted || last === undefined) continue;
    const t = ms(value);
    if (t === undefined || t <= last) return false;
    compared = true;
  }
  return compared;
}
