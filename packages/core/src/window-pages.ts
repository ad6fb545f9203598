/**
 * Paging through one window, with a visible, resumable cursor.
 *
 * `next_page_token` expires 15 minutes after it is issued and every other parameter must stay identical
 * between pages (Zoom pagination guide). When a token is too old to trust, or Zoom rejects it (HTTP 400
 * naming the page token), a new chain of pages starts with `to` narrowed to the oldest record delivered
 * (record-order.ts): records come newest first, so the rest of the window lies below that record, and the
 * restart fetches at most about one page it already had. A cursor from a checkpoint whose token died
 * resumes the same way. When the records are not in newest-first order the window is re-read from its
 * first page instead (warned once). Either way, records already emitted in this run are skipped by
 * engagement id, so nothing is lost or duplicated. The skip set is per window and compact (id-set.ts), so
 * memory is bounded by the largest window, not by the export; a durable caller resuming from a checkpoint
 * in another process relies on its sink to drop the repeats instead. Every chain of pages, restarts
 * included, is bounded by what Zoom told us (page-bounds.ts).
 */
import { ZoomPageTokenError, ZoomResponseError } from './errors.ts';
import { createIdSet, type SeenIds } from './id-set.ts';
import { afterPage, MAX_TOKEN_RESTARTS, newChain, restartsAllowed } from './page-bounds.ts';
import { type SmsFilters, toSearchParams } from './query.ts';
import {
  isBehindAnchor,
  observeOrder,
  orderBroken,
  type RecordOrder,
  UNKNOWN_ORDER,
} from './record-order.ts';
import { getWithRetries, type RequestContext } from './request.ts';
import { parseSmsPage, type SmsPage, type SmsRecord } from './response.ts';
import {
  canResume,
  cursorAfter,
  initialCursor,
  PAGE_TOKEN_TTL_MS,
  restartedCursor,
  type WindowCursor,
} from './window-cursor.ts';
import type { TimeWindow } from './windows.ts';

export {
  canNarrow,
  canResume,
  initialCursor,
  PAGE_TOKEN_TTL_MS,
  type WindowCursor,
} from './window-cursor.ts';

/**
 * One page of a window: the records to deliver, Zoom's page and the cursor after it.
 *
 * @example
 * for await (const { window, records, cursor } of client.sms.pages(query)) await save(window.id, records, cursor);
 */
export interface SmsPageResult {
  /** The window this page belongs to. */
  readonly window: TimeWindow;
  /** Records to deliver: this page's records minus any already emitted. */
  readonly records: readonly SmsRecord[];
  /** The page as Zoom sent it. */
  readonly page: SmsPage;
  /** State after this page: checkpoint it to resume later. */
  readonly cursor: WindowCursor;
}

/** One page-token chain's options; the public `WindowPagesOptions` (client.ts) adds cursors and drain on top. */
export interface WindowChainOptions {
  readonly pageSize: number;
  readonly cursor?: WindowCursor | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Restart rather than present a token older than this. Default 14 minutes (1 minute of margin). */
  readonly maxTokenAgeMs?: number | undefined;
  /** Ids already emitted for this window (kept across restarts within the run); a `Set<string>` fits. */
  readonly seen?: SeenIds | undefined;
}

const SMS_PATH = '/contact_center/sms';

/** One page of `window` at `token` (its first page without one), with the tracking id of the answer. */
async function fetchPage(
  ctx: RequestContext,
  window: TimeWindow,
  filters: SmsFilters,
  options: WindowChainOptions,
  cursor: WindowCursor,
  token: string | undefined,
): Promise<{ page: SmsPage; trackingId: string | undefined }> {
  // A token is bound to the query it came from: a narrowed chain keeps sending its own `to`.
  const params = toSearchParams({
    ...filters,
    from: window.from,
    to: cursor.chainTo ?? window.to,
    page_size: options.pageSize,
    next_page_token: token,
  });
  let trackingId: string | undefined;
  const page = await getWithRetries(
    ctx,
    SMS_PATH,
    params,
    (res, url) => {
      trackingId = res.headers['x-zm-trackingid'];
      return parseSmsPage(res.body, { trackingId, url });
    },
    options.signal,
    { windowId: window.id, pageSize: options.pageSize, records: (answer) => answer.sms.length },
  );
  return { page, trackingId };
}

/**
 * The records of `page` not emitted yet, now marked as emitted. In a narrowed chain, records newer than
 * its anchor were delivered before it (or lie past the window's outer `to`): skipped even without a seen
 * set from this run, so a resumed backfill does not land them twice.
 */
function takeFresh(page: SmsPage, seen: SeenIds, anchor: RecordOrder | undefined): SmsRecord[] {
  const fresh: SmsRecord[] = [];
  for (const record of page.sms) {
    if (seen.has(record.engagement_id)) continue;
    if (anchor !== undefined && isBehindAnchor(record, anchor)) continue;
    seen.add(record.engagement_id);
    fresh.push(record);
  }
  return fresh;
}

/** Why paging `window` stopped, after `pages` pages (what the user sees: the window and how far it got). */
function stopped(window: TimeWindow, pages: number, reason: string, trackingId?: string): ZoomResponseError {
  return new ZoomResponseError(
    `Stopped paging window ${window.id} (${window.from} – ${window.to}) after ${pages} pages: ${reason}` +
      `${trackingId ? ` [tracking id ${trackingId}]` : ''}`,
    { truncated: false, trackingId },
  );
}

export async function* windowPages(
  ctx: RequestContext,
  window: TimeWindow,
  filters: SmsFilters,
  options: WindowChainOptions,
): AsyncGenerator<SmsPageResult> {
  const maxAge = options.maxTokenAgeMs ?? PAGE_TOKEN_TTL_MS - 60_000;
  const seen = options.seen ?? createIdSet();
  let cursor = options.cursor ?? initialCursor(window);
  if (cursor.done) return;
  let chain = newChain();
  let token: string | undefined;
  // Rejected page tokens since the window last got further than before (see restartsAllowed).
  let rejections = 0;
  // Restarts for old tokens in a row whose chain got no further than the one before: a window whose
  // chains cannot get a page further within a token's life would otherwise restart for ever.
  let stalls = 0;
  const restart = (why: string, trackingId?: string): void => {
    const next = restartedCursor(cursor);
    ctx.logger.debug(why, { window: window.id, trackingId, narrowedTo: next.cursor.chainTo });
    ctx.stats.pageTokenRestarts += 1;
    if (next.broken && !ctx.warned.has('record-order')) {
      ctx.warned.add('record-order');
      ctx.logger.warn(
        'List SMS records did not come newest first; windows restart from their first page (slower, nothing lost)',
        { window: window.id },
      );
    }
    // A narrowed chain fetches about one page again (the records at the oldest one's second); a re-read
    // brings the pages read so far back once more as repeats, which the idle-page bound allows for.
    chain = newChain(
      0,
      next.narrowed ? 1 : Math.max(chain.pages, chain.replay, next.broken ? cursor.pages : 0),
    );
    cursor = next.cursor;
    token = undefined;
  };
  if (canResume(cursor, ctx.clock.now(), maxAge)) token = cursor.nextPageToken;
  else if (cursor.pages > 0) restart('checkpointed page token too old; resuming with a new chain');

  for (;;) {
    if (
      token !== undefined &&
      cursor.tokenIssuedAt !== undefined &&
      ctx.clock.now() - cursor.tokenIssuedAt >= maxAge
    ) {
      stalls = chain.pages > chain.replay ? 0 : stalls + 1;
      if (stalls > MAX_TOKEN_RESTARTS) {
        throw stopped(
          window,
          cursor.pages,
          `its page token outlived ${maxAge / 60_000} minutes ${stalls} times without getting further; ` +
            'page it in smaller windows (splitWindow) or with fewer waits in between',
        );
      }
      restart('page token too old to trust; restarting with a new chain');
    }
    let answer: Awaited<ReturnType<typeof fetchPage>>;
    try {
      answer = await fetchPage(ctx, window, filters, options, cursor, token);
    } catch (error) {
      const allowed = restartsAllowed(cursor.totalRecords, options.pageSize);
      // A chain that got further than any before it earns a fresh allowance: rejections that come with
      // progress (every daily-quota wait outlives the tokens in flight) end when the window does, and the
      // furthest page is itself bounded (page-bounds.ts), so the total stays bounded too.
      if (chain.pages > chain.replay) rejections = 0;
      if (error instanceof ZoomPageTokenError && token !== undefined && rejections < allowed) {
        rejections += 1;
        restart('page token rejected; restarting with a new chain', error.trackingId);
        continue;
      }
      throw error;
    }
    const { page, trackingId } = answer;
    const issuedAt = ctx.clock.now();
    const wasSorted = !orderBroken(cursor.order ?? UNKNOWN_ORDER);
    const broke = wasSorted && orderBroken(observeOrder(cursor.order ?? UNKNOWN_ORDER, page.sms));
    // The anchor is only as good as the order it came from: a page that breaks it delivers everything new.
    const fresh = takeFresh(page, seen, broke ? undefined : cursor.anchor);
    const verdict = afterPage(chain, {
      nextPageToken: page.next_page_token ?? '',
      freshRecords: fresh.length,
      totalRecords: page.total_records,
      pageSize: options.pageSize,
    });
    if (!verdict.ok) throw stopped(window, cursor.pages + 1, verdict.reason, trackingId);
    chain = verdict.chain;
    cursor = cursorAfter(cursor, page, fresh, issuedAt);
    yield { window, records: fresh, page, cursor };
    if (cursor.done && !(broke && cursor.chainTo !== undefined)) return;
    token = cursor.nextPageToken;
    // A narrowed chain trusted an order that has just broken: records above its `to` may never have come.
    if (broke && cursor.chainTo !== undefined) restart('records out of order in a narrowed chain');
  }
}
