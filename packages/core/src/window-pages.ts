/**
 * Paging through one window, with a visible, resumable cursor.
 *
 * `next_page_token` expires 15 minutes after it is issued and every other parameter must stay identical
 * between pages (Zoom pagination guide). When a token is too old to trust, or Zoom rejects it (HTTP 400
 * naming the page token), the window restarts from its first page and records already emitted in this run
 * are skipped by engagement id, so nothing is lost or duplicated. The skip set is per window, so memory is
 * bounded by the largest window, not by the export; a durable caller resuming from a checkpoint in another
 * process relies on its sink to drop the repeats instead.
 */
import { ZoomPageTokenError, ZoomResponseError } from './errors.ts';
import { type SmsFilters, toSearchParams } from './query.ts';
import { getWithRetries, type RequestContext } from './request.ts';
import { parseSmsPage, type SmsPage, type SmsRecord } from './response.ts';
import type { TimeWindow } from './windows.ts';

/** 15 minutes (List SMS reference: "This token's expiration period is 15 minutes"). */
export const PAGE_TOKEN_TTL_MS = 15 * 60_000;

export interface WindowCursor {
  readonly windowId: string;
  readonly from: string;
  readonly to: string;
  /** Token for the next page; absent before the first page. */
  readonly nextPageToken?: string | undefined;
  /** Epoch ms (client clock) when `nextPageToken` was issued. */
  readonly tokenIssuedAt?: number | undefined;
  readonly pages: number;
  /** Records emitted for this window so far. */
  readonly records: number;
  readonly lastEngagementId?: string | undefined;
  /** `total_records` of the last page. */
  readonly totalRecords?: number | undefined;
  readonly done: boolean;
}

export interface SmsPageResult {
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
  /** Ids already emitted for this window (kept across restarts within the run). */
  readonly seen?: Set<string> | undefined;
}

/** True when a checkpointed cursor's page token is still young enough to present. */
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

export async function* windowPages(
  ctx: RequestContext,
  window: TimeWindow,
  filters: SmsFilters,
  options: WindowPagesOptions,
): AsyncGenerator<SmsPageResult> {
  const maxAge = options.maxTokenAgeMs ?? PAGE_TOKEN_TTL_MS - 60_000;
  const seen = options.seen ?? new Set<string>();
  let cursor = options.cursor ?? initialCursor(window);
  if (cursor.done) return;
  let token = canResume(cursor, ctx.clock.now(), maxAge) ? cursor.nextPageToken : undefined;
  let rejectedInRow = 0;

  for (;;) {
    if (
      token !== undefined &&
      cursor.tokenIssuedAt !== undefined &&
      ctx.clock.now() - cursor.tokenIssuedAt >= maxAge
    ) {
      ctx.logger.debug('page token too old to trust; restarting the window', { window: window.id });
      ctx.stats.pageTokenRestarts += 1;
      token = undefined;
    }
    const params = toSearchParams({
      ...filters,
      from: window.from,
      to: window.to,
      page_size: options.pageSize,
      next_page_token: token,
    });
    let page: SmsPage;
    try {
      page = await getWithRetries(
        ctx,
        SMS_PATH,
        params,
        (res, url) => parseSmsPage(res.body, { trackingId: res.headers['x-zm-trackingid'], url }),
        options.signal,
      );
    } catch (error) {
      if (error instanceof ZoomPageTokenError && token !== undefined && rejectedInRow < 3) {
        rejectedInRow += 1;
        ctx.stats.pageTokenRestarts += 1;
        ctx.logger.debug('page token rejected; restarting the window', {
          window: window.id,
          trackingId: error.trackingId,
        });
        token = undefined;
        continue;
      }
      throw error;
    }
    rejectedInRow = 0;
    const issuedAt = ctx.clock.now();
    const fresh: SmsRecord[] = [];
    for (const record of page.sms) {
      if (seen.has(record.engagement_id)) continue;
      seen.add(record.engagement_id);
      fresh.push(record);
    }
    const next = page.next_page_token ?? '';
    if (next !== '' && next === token) {
      throw new ZoomResponseError('Zoom returned the same next_page_token twice; stopping to avoid a loop', {
        truncated: false,
      });
    }
    cursor = {
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
    yield { window, records: fresh, page, cursor };
    if (next === '') return;
    token = next;
  }
}
