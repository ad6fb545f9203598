/**
 * Paging through one window, with a visible, resumable cursor.
 *
 * `next_page_token` expires 15 minutes after it is issued and every other parameter must stay identical
 * between pages (Zoom pagination guide). When a token is too old to trust, or Zoom rejects it (HTTP 400
 * naming the page token), the window restarts from its first page and records already emitted in this run
 * are skipped by engagement id, so nothing is lost or duplicated. The skip set is per window and compact
 * (id-set.ts), so memory is bounded by the largest window, not by the export; a durable caller resuming
 * from a checkpoint in another process relies on its sink to drop the repeats instead. Every chain of
 * pages, restarts included, is bounded by what Zoom told us (page-bounds.ts).
 */
import { ZoomPageTokenError, ZoomResponseError } from './errors.ts';
import { createIdSet, type SeenIds } from './id-set.ts';
import { afterPage, MAX_TOKEN_RESTARTS, newChain, restartsAllowed } from './page-bounds.ts';
import { type SmsFilters, toSearchParams } from './query.ts';
import { getWithRetries, type RequestContext } from './request.ts';
import { parseSmsPage, type SmsPage, type SmsRecord } from './response.ts';
import type { TimeWindow } from './windows.ts';

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
}

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

export interface WindowPagesOptions {
  readonly pageSize: number;
  readonly cursor?: WindowCursor | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Restart rather than present a token older than this. Default 14 minutes (1 minute of margin). */
  readonly maxTokenAgeMs?: number | undefined;
  /** Ids already emitted for this window (kept across restarts within the run); a `Set<string>` fits. */
  readonly seen?: SeenIds | undefined;
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

const SMS_PATH = '/contact_center/sms';

/** One page of `window` at `token` (its first page without one), with the tracking id of the answer. */
async function fetchPage(
  ctx: RequestContext,
  window: TimeWindow,
  filters: SmsFilters,
  options: WindowPagesOptions,
  token: string | undefined,
): Promise<{ page: SmsPage; trackingId: string | undefined }> {
  const params = toSearchParams({
    ...filters,
    from: window.from,
    to: window.to,
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

/** The records of `page` not emitted yet, now marked as emitted. */
function takeFresh(page: SmsPage, seen: SeenIds): SmsRecord[] {
  const fresh: SmsRecord[] = [];
  for (const record of page.sms) {
    if (seen.has(record.engagement_id)) continue;
    seen.add(record.engagement_id);
    fresh.push(record);
  }
  return fresh;
}

/** The cursor after `page`, whose `fresh` records are delivered; its token was issued at `issuedAt`. */
function cursorAfter(
  window: TimeWindow,
  cursor: WindowCursor,
  page: SmsPage,
  fresh: readonly SmsRecord[],
  issuedAt: number,
): WindowCursor {
  const next = page.next_page_token ?? '';
  return {
    windowId: window.id,
    from: window.from,
    to: window.to,
    nextPageToken: next === '' ? undefined : next,
    tokenIssuedAt: next === '' ? undefined : issuedAt,
    pages: cursor.pages + 1,
    records: cursor.records + fresh.length,
    lastEngagementId: fresh.at(-1)?.engagement_id ?? cursor.lastEngagementId,
    totalRecords: page.total_records,
    done: next === '',
  };
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
  options: WindowPagesOptions,
): AsyncGenerator<SmsPageResult> {
  const maxAge = options.maxTokenAgeMs ?? PAGE_TOKEN_TTL_MS - 60_000;
  const seen = options.seen ?? createIdSet();
  let cursor = options.cursor ?? initialCursor(window);
  if (cursor.done) return;
  let token = canResume(cursor, ctx.clock.now(), maxAge) ? cursor.nextPageToken : undefined;
  let chain = newChain();
  // Rejected page tokens since the window last got further than before (see restartsAllowed).
  let rejections = 0;
  // Restarts for old tokens in a row whose chain got no further than the one before: a window that cannot
  // be paged within a token's life (a daily-quota wait in the middle of a window larger than a day's
  // quota) would otherwise re-read the same pages every day, for ever.
  let stalls = 0;
  const restart = (why: string, trackingId?: string): void => {
    ctx.logger.debug(why, { window: window.id, trackingId });
    ctx.stats.pageTokenRestarts += 1;
    // The pages read so far come back once more, as repeats: the idle-page bound allows for them (the
    // furthest any chain got, since a restart during a replay still replays everything read before).
    chain = newChain(0, Math.max(chain.pages, chain.replay));
    token = undefined;
  };

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
      restart('page token too old to trust; restarting the window');
    }
    let answer: Awaited<ReturnType<typeof fetchPage>>;
    try {
      answer = await fetchPage(ctx, window, filters, options, token);
    } catch (error) {
      const allowed = restartsAllowed(cursor.totalRecords, options.pageSize);
      // A chain that got further than any before it earns a fresh allowance: rejections that come with
      // progress (every daily-quota wait outlives the tokens in flight) end when the window does, and the
      // furthest page is itself bounded (page-bounds.ts), so the total stays bounded too.
      if (chain.pages > chain.replay) rejections = 0;
      if (error instanceof ZoomPageTokenError && token !== undefined && rejections < allowed) {
        rejections += 1;
        restart('page token rejected; restarting the window', error.trackingId);
        continue;
      }
      throw error;
    }
    const { page, trackingId } = answer;
    const issuedAt = ctx.clock.now();
    const fresh = takeFresh(page, seen);
    const verdict = afterPage(chain, {
      nextPageToken: page.next_page_token ?? '',
      freshRecords: fresh.length,
      totalRecords: page.total_records,
      pageSize: options.pageSize,
    });
    if (!verdict.ok) throw stopped(window, cursor.pages + 1, verdict.reason, trackingId);
    chain = verdict.chain;
    cursor = cursorAfter(window, cursor, page, fresh, issuedAt);
    yield { window, records: fresh, page, cursor };
    if (cursor.done) return;
    token = cursor.nextPageToken;
  }
}
