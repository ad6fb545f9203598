/**
 * The cursor of one window's paging: what a durable caller checkpoints, and how it moves — after a page,
 * and at a restart (narrowed below the oldest record delivered, or the whole window again when the order
 * of records cannot be trusted: record-order.ts). Pure.
 */
import { narrowing, observeOrder, orderBroken, type RecordOrder, UNKNOWN_ORDER } from './record-order.ts';
import type { SmsPage, SmsRecord } from './response.ts';
import { formatInstant, parseZoomDate, type TimeWindow, upperInstant } from './windows.ts';

/** 15 minutes (List SMS reference: "This token's expiration period is 15 minutes"). */
export const PAGE_TOKEN_TTL_MS = 15 * 60_000;

/** Where paging of one window stands: the page token and its age, pages and records so far. Checkpoint it to resume. */
export interface WindowCursor {
  /** The window's id (`TimeWindow.id`). */
  readonly windowId: string;
  /** The window's `from`. */
  readonly from: string;
  /** The window's `to`. */
  readonly to: string;
  /** Token for the next page; absent before the first page. */
  readonly nextPageToken?: string | undefined;
  /** Epoch ms (client clock) when `nextPageToken` was issued. */
  readonly tokenIssuedAt?: number | undefined;
  /** Pages fetched for this window so far. */
  readonly pages: number;
  /** Records emitted for this window so far. */
  readonly records: number;
  /** Engagement id of the last record emitted. */
  readonly lastEngagementId?: string | undefined;
  /** `total_records` of the last page. */
  readonly totalRecords?: number | undefined;
  /** True once the last page is fetched. */
  readonly done: boolean;
  /**
   * The `to` sent with this chain of pages when it is narrower than the window's (after a dead page
   * token: see record-order.ts); absent while the chain covers the whole window.
   */
  readonly chainTo?: string | undefined;
  /** Pages of the current chain (since the window's first page or the last narrowing). */
  readonly chainPages?: number | undefined;
  /** Whether records came newest first so far, and the last one's timestamps: what a narrowing needs. */
  readonly order?: RecordOrder | undefined;
  /** Records of a narrowed chain newer than this on every sorted field were delivered before it. */
  readonly anchor?: RecordOrder | undefined;
  /**
   * Set when several cursors page the window (`windowPages` with `cursors` above 1): the parts of the
   * window not finished yet, each with its own range, token and order evidence. Together they are all the
   * window has left: a resume pages exactly these. The top-level token fields are then unused.
   */
  readonly parts?: readonly WindowPart[] | undefined;
}

/**
 * One unfinished part of a window paged by several cursors: its cursor (range, token, order evidence) and,
 * once another cursor took the part below it, its raised lower bound — records older than it on both
 * timestamps belong to that other part (steal-policy.ts).
 */
export interface WindowPart {
  /** The part's own cursor; `from`/`to` are the range its page token was issued for. */
  readonly cursor: WindowCursor;
  /** The raised lower bound, when a part below was split off; absent while it is the cursor's `from`. */
  readonly lower?: string | undefined;
}

/**
 * True when a checkpointed cursor's page token is still young enough to present.
 *
 * @example
 * const start = saved && canResume(saved, Date.now()) ? saved : undefined;
 * for await (const result of client.sms.windowPages(window, filters, { cursor: start })) checkpoint(result.cursor);
 */
export function canResume(
  cursor: WindowCursor,
  now: number,
  maxTokenAgeMs = PAGE_TOKEN_TTL_MS - 60_000,
): boolean {
  return (
    !cursor.done &&
    cursor.nextPageToken !== undefined &&
    cursor.nextPageToken !== '' &&
    cursor.tokenIssuedAt !== undefined &&
    now - cursor.tokenIssuedAt < maxTokenAgeMs
  );
}

export function initialCursor(window: TimeWindow): WindowCursor {
  return { windowId: window.id, from: window.from, to: window.to, pages: 0, records: 0, done: false };
}

/**
 * True when a checkpointed cursor whose token died can resume without re-reading its window: it holds
 * records in newest-first order (see record-order.ts). Otherwise the window restarts from its first page.
 *
 * @example
 * const start = saved && (canResume(saved, Date.now()) || canNarrow(saved)) ? saved : undefined;
 */
export function canNarrow(cursor: WindowCursor): boolean {
  if (cursor.done) return false;
  // A split window resumes part by part (each narrows, or at worst re-reads its own range): never the
  // whole window again.
  if (cursor.parts !== undefined) return true;
  return narrowing(cursor.order, upperOf(cursor)) !== undefined;
}

/** The upper instant (ms) of the cursor's current chain. */
function upperOf(cursor: Pick<WindowCursor, 'to' | 'chainTo'>): number {
  const to = cursor.chainTo ?? cursor.to;
  const parsed = parseZoomDate(to);
  return parsed ? upperInstant(parsed) : Number.POSITIVE_INFINITY;
}

/** The cursor after `page` (all of whose records were received), `fresh` of them delivered; its token issued at `issuedAt`. */
export function cursorAfter(
  cursor: WindowCursor,
  page: SmsPage,
  fresh: readonly SmsRecord[],
  issuedAt: number,
): WindowCursor {
  const next = page.next_page_token ?? '';
  return {
    ...cursor,
    nextPageToken: next === '' ? undefined : next,
    tokenIssuedAt: next === '' ? undefined : issuedAt,
    pages: cursor.pages + 1,
    chainPages: (cursor.chainPages ?? cursor.pages) + 1,
    records: cursor.records + fresh.length,
    lastEngagementId: fresh.at(-1)?.engagement_id ?? cursor.lastEngagementId,
    totalRecords: page.total_records,
    order: observeOrder(cursor.order ?? UNKNOWN_ORDER, page.sms),
    done: next === '',
  };
}

/**
 * The cursor for a new chain after a dead page token: `to` narrowed below the oldest record delivered when
 * the order allows it; the same range again when nothing narrower is known (no record yet, or the anchor
 * in the chain's last second); the whole window again when the order is broken (`broken`) — its evidence
 * kept, so a broken order stays known. Only a `narrowed` restart avoids re-reading the chain's pages.
 */
export function restartedCursor(cursor: WindowCursor): {
  cursor: WindowCursor;
  narrowed: boolean;
  broken: boolean;
} {
  const base = { ...cursor, nextPageToken: undefined, tokenIssuedAt: undefined, chainPages: 0, done: false };
  const order = cursor.order ?? UNKNOWN_ORDER;
  if (orderBroken(order)) {
    const reset = { ...order, lastStartMs: undefined, lastEndMs: undefined };
    return {
      cursor: { ...base, chainTo: undefined, anchor: undefined, order: reset },
      narrowed: false,
      broken: true,
    };
  }
  const next = narrowing(order, upperOf(cursor));
  if (next === undefined) {
    const baseline = cursor.chainTo === undefined ? undefined : upperOf(cursor);
    const same = { ...order, lastStartMs: baseline, lastEndMs: baseline };
    return { cursor: { ...base, order: same }, narrowed: false, broken: false };
  }
  return {
    cursor: { ...base, chainTo: formatInstant(next.toMs), order: next.order, anchor: next.anchor },
    narrowed: true,
    broken: false,
  };
}
