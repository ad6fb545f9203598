/**
 * `createZoomClient`: the portable client. Every effect is injected (transport, clock, sleep, random,
 * logger), so this module touches no timers, `process`, `console` or `fs` — n8n's verification scanner
 * rejects those even in bundled code. Node defaults live in `@zcc-sms/core/node`.
 *
 * @example
 * const client = createZoomClient({ auth: { accountId, clientId, clientSecret }, transport, clock, sleep });
 * for await (const record of client.sms.records({ from: '2025-01-01', to: '2025-12-31' })) save(record);
 */
import { tokenProviderFor, type ZoomAuth } from './auth.ts';
import { parseZoomDate } from './dates.ts';
import { accountBaseUrl, checkAccountId, checkEndpointUrl } from './endpoint-url.ts';
import { checkConcurrency, concurrencyOption, filtersOf, pageSizeOption } from './limits.ts';
import { type Logger, safeLogger, silentLogger } from './logger.ts';
import { parseSmsFilters, parseSmsQuery, type SmsFilters, type SmsQuery, toSearchParams } from './query.ts';
import { type PagesOptions, rangePages } from './range-pages.ts';
import { createRateBudget, type RateBudget, type RateBudgetOptions } from './rate-budget.ts';
import { createStats, getWithRetries, type RequestContext, type RequestStats } from './request.ts';
import type { RequestObserver } from './request-observer.ts';
import { parseSmsPage, type SmsPage, type SmsRecord } from './response.ts';
import { DEFAULT_RETRY, type RetryOptions, validateRetryOptions } from './retry-policy.ts';
import { splitWindowPages } from './split-window-pages.ts';
import type { Clock, Sleep, Transport } from './transport.ts';
import { type SmsPageResult, type WindowCursor, windowPages } from './window-pages.ts';
import { formatInstant, monthWindows, type TimeWindow } from './windows.ts';

/**
 * Zoom's API base URL; the client's `baseUrl` when none is given.
 *
 * @example
 * const url = `${DEFAULT_BASE_URL}/contact_center/sms`; // https://api.zoom.us/v2/contact_center/sms
 */
export const DEFAULT_BASE_URL = 'https://api.zoom.us/v2';

/** Options of `createZoomClient`: authentication, injected effects, rate budget, retries and logging. */
export interface ZoomClientOptions {
  /** Credentials, an access token or a token provider. */
  readonly auth: ZoomAuth;
  /** Sends HTTP requests (`createUndiciTransport` in Node). */
  readonly transport: Transport;
  /** Epoch milliseconds (`systemClock` in Node). */
  readonly clock: Clock;
  /** Waits between retries and for rate slots (`timerSleep` in Node). */
  readonly sleep: Sleep;
  /** Default `https://api.zoom.us/v2`; ZoomGov: `https://api.zoomgov.com/v2`. */
  readonly baseUrl?: string | undefined;
  /**
   * Read this account through the master-account twin `GET /accounts/{accountId}/contact_center/sms`
   * (a master account's token reading a sub-account). Default: the token's own account, plain
   * `GET /contact_center/sms`. Whose limits such reads spend is UNCONFIRMED (docs/zoom-api.md): give the
   * client the budget of the account that pays.
   */
  readonly accountId?: string | undefined;
  /** One budget per account: pass the same `RateBudget` to clients that share an account. */
  readonly budget?: RateBudget | RateBudgetOptions | undefined;
  /** Retry attempts and backoff; defaults: 8 attempts, 250 ms to 20 s. */
  readonly retry?: Partial<RetryOptions> | undefined;
  /** Where to log; default silent. Secrets are always redacted. */
  readonly logger?: Logger | undefined;
  /** Log consumer phone numbers unmasked. Default false. */
  readonly revealPhoneNumbers?: boolean | undefined;
  /** [0, 1) source for retry jitter. Default: a seeded generator (deterministic, no global Math state). */
  readonly random?: (() => number) | undefined;
  /** Told about every HTTP attempt (status, attempt, rate-limit kind, latency; no PII, no secrets). */
  readonly observer?: RequestObserver | undefined;
}

/**
 * Options of `client.sms.windowPages`: where to resume, page size, how many cursors may split the window.
 *
 * @example
 * for await (const { records, cursor } of client.sms.windowPages(window, {}, { cursor: saved, cursors: 4 })) await land(records, cursor);
 */
export interface WindowPagesOptions {
  /** The checkpointed cursor to resume from (a page's `cursor`). */
  readonly cursor?: WindowCursor | undefined;
  /** Records per request, 1–100. Default 100. */
  readonly pageSize?: number | undefined;
  /** Stops paging (`ZoomAbortError`). */
  readonly signal?: AbortSignal | undefined;
  /** Ids already delivered in this process (single cursor only); a `Set<string>` fits. */
  readonly seen?: Set<string> | undefined;
  /**
   * Cursors that may page the window at once, 1–64: above 1 the window is split lazily by records while
   * the rate limit has room for more cursors (other cursors on the same budget count). Default 1.
   */
  readonly cursors?: number | undefined;
  /** With `cursors`: the round trip (ms) split decisions assume instead of the one measured. */
  readonly latencyMs?: number | undefined;
  /**
   * When aborted, paging stops after the pages already asked for are delivered (no new request): the
   * last page's cursor then holds what is left. A worker that is shutting down lands them instead of
   * fetching them again.
   */
  readonly drain?: AbortSignal | undefined;
}

/** A client's request counters plus its rate budget's state, from `client.stats()`. */
export interface ClientStats extends RequestStats {
  /** Requests per second the budget allows now (lowered after 429s). */
  readonly rate: number;
  /** Requests per second configured (the plan's, times `share`). */
  readonly configuredRate: number;
  /** Requests spent today (UTC). */
  readonly usedToday: number;
  /** Requests allowed per UTC day. */
  readonly dailyLimit: number;
  /** Epoch ms of the daily reset while a caller waits for it. */
  readonly waitingUntil: number | undefined;
  /** Smoothed round-trip time of successful requests (ms). */
  readonly latencyMs: number;
}

/**
 * The List SMS endpoint (`GET /contact_center/sms`): single pages, every page of a range, or one window.
 *
 * @example
 * const page = await client.sms.list({ from: '2026-01-01', to: '2026-01-31', page_size: 100 });
 * const all = await client.sms.collect({ from: '2026-01-01', to: '2026-03-31' });
 */
export interface SmsApi {
  /** One page (one request, with retries). Validates the query first. */
  list(query?: SmsQuery, options?: { signal?: AbortSignal }): Promise<SmsPage>;
  /** Pages of every window of the query's range; records deduplicated across windows and restarts. */
  pages(query?: SmsQuery, options?: PagesOptions): AsyncGenerator<SmsPageResult>;
  /** Every record of the range, exactly once. */
  records(query?: SmsQuery, options?: PagesOptions): AsyncGenerator<SmsRecord>;
  /** Collects records, stopping after `limit` (default: all). */
  collect(query?: SmsQuery, options?: PagesOptions & { limit?: number }): Promise<SmsRecord[]>;
  /**
   * Pages of one window, resumable from `cursor` (what a durable worker heartbeats). With `cursors` above
   * 1 the window is split lazily by records among that many cursors at most, as the rate limit needs
   * (split-window-pages.ts); each page's cursor then holds every unfinished part of the window, and a
   * checkpoint with parts resumes them all.
   */
  windowPages(
    window: TimeWindow,
    filters?: SmsFilters,
    options?: WindowPagesOptions,
  ): AsyncGenerator<SmsPageResult>;
  /** `total_records` of one window with a `page_size=1` probe (one cheap request). */
  count(
    window: Pick<TimeWindow, 'from' | 'to'>,
    filters?: SmsFilters,
    options?: { signal?: AbortSignal },
  ): Promise<number>;
}

/** A client for List SMS with a shared rate budget, retries and statistics (see `createZoomClient`). */
export interface ZoomClient {
  /** The List SMS endpoint. */
  readonly sms: SmsApi;
  /** The rate budget the client's requests wait on. */
  readonly budget: RateBudget;
  /** Request counters and the budget's state. */
  stats(): ClientStats;
  /** The client's clock (epoch ms). */
  now(): number;
  /** Month windows for a query's range (the last 24 hours when it has none). */
  windowsFor(query?: SmsQuery): TimeWindow[];
}

/** Stops a single cursor after the page it was fetching when `drain` is aborted. */
async function* drained<T>(pages: AsyncGenerator<T>, drain: AbortSignal | undefined): AsyncGenerator<T> {
  for await (const page of pages) {
    yield page;
    if (drain?.aborted) return;
  }
}

/** Mulberry32: small seeded PRNG for jitter, so the client needs no global `Math.random` state. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type { PagesOptions, ZoomAuth };

/**
 * A portable client: every effect (transport, clock, sleep) is injected. In Node, `createNodeZoomClient` fills them in.
 * Throws `ZoomInputError` for bad options before any request.
 *
 * @example
 * const client = createZoomClient({
 *   auth: { accessToken: token },
 *   transport: createUndiciTransport().transport,
 *   clock: { now: Date.now },
 *   sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
 * });
 * for await (const record of client.sms.records({ from: '2026-01-01', to: '2026-01-31' })) console.log(record.engagement_id);
 */
export function createZoomClient(options: ZoomClientOptions): ZoomClient {
  const baseUrl = checkEndpointUrl('baseUrl', options.baseUrl ?? DEFAULT_BASE_URL, DEFAULT_BASE_URL);
  const accountId = checkAccountId('accountId', options.accountId);
  const tokens = tokenProviderFor(options.auth, options.transport, options.clock);
  const budget =
    options.budget !== undefined && 'acquire' in options.budget
      ? options.budget
      : createRateBudget(options.budget ?? {}, { clock: options.clock, sleep: options.sleep });
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  validateRetryOptions(retry);
  const stats = createStats();
  const ctx: RequestContext = {
    // Every request path is relative to this base, so the twin needs no other change in the request path.
    baseUrl: accountBaseUrl(baseUrl, accountId),
    transport: options.transport,
    tokens,
    budget,
    clock: options.clock,
    sleep: options.sleep,
    random: options.random ?? seededRandom(options.clock.now()),
    logger: safeLogger(options.logger ?? silentLogger, { revealPhoneNumbers: options.revealPhoneNumbers }),
    retry,
    maxRateLimitRetries: 30,
    stats,
    observer: options.observer,
    warned: new Set(),
  };

  function windowsFor(query: SmsQuery = {}): TimeWindow[] {
    if (query.from !== undefined && query.to !== undefined) return monthWindows(query.from, query.to);
    // No range: Zoom returns the last 24 hours. Made explicit so the cursor can be checkpointed.
    const now = Math.floor(options.clock.now() / 1000) * 1000;
    return monthWindows(formatInstant(now - 86_400_000), formatInstant(now));
  }

  async function* pages(query: SmsQuery = {}, opts: PagesOptions = {}): AsyncGenerator<SmsPageResult> {
    const valid = parseSmsQuery(query);
    const pageSize = pageSizeOption(opts.pageSize ?? valid.page_size);
    const concurrency = concurrencyOption(opts.concurrency);
    const windows = opts.windows ?? windowsFor(valid);
    const filters = filtersOf(valid);
    yield* rangePages(ctx, windows, filters, { ...opts, pageSize, concurrency });
  }

  async function* records(query: SmsQuery = {}, opts: PagesOptions = {}): AsyncGenerator<SmsRecord> {
    for await (const page of pages(query, opts)) yield* page.records;
  }

  const sms: SmsApi = {
    async list(query = {}, opts = {}) {
      const valid = parseSmsQuery(query);
      return getWithRetries(
        ctx,
        '/contact_center/sms',
        toSearchParams(valid),
        (res, url) => parseSmsPage(res.body, { trackingId: res.headers['x-zm-trackingid'], url }),
        opts.signal,
        { pageSize: valid.page_size, records: (page) => page.sms.length },
      );
    },
    pages,
    records,
    async collect(query = {}, opts = {}) {
      const limit = opts.limit ?? Number.POSITIVE_INFINITY;
      const out: SmsRecord[] = [];
      if (limit <= 0) return out;
      for await (const record of records(query, opts)) {
        out.push(record);
        if (out.length >= limit) break;
      }
      return out;
    },
    windowPages(window, filters = {}, opts = {}) {
      const valid = parseSmsFilters(filters);
      const pageSize = pageSizeOption(opts.pageSize);
      const cursors = opts.cursors === undefined ? 1 : checkConcurrency('cursors', opts.cursors);
      if (cursors > 1 || opts.cursor?.parts !== undefined) {
        return splitWindowPages(ctx, window, valid, { ...opts, pageSize, concurrency: cursors });
      }
      return drained(windowPages(ctx, window, valid, { ...opts, pageSize }), opts.drain);
    },
    async count(window, filters = {}, opts = {}) {
      const valid = parseSmsQuery({
        ...parseSmsFilters(filters),
        from: window.from,
        to: window.to,
        page_size: 1,
      });
      const page = await sms.list(valid, opts);
      return page.total_records ?? page.sms.length;
    },
  };

  return {
    sms,
    budget,
    now: () => options.clock.now(),
    windowsFor(query = {}) {
      const valid = parseSmsQuery(query);
      return windowsFor(valid);
    },
    stats() {
      const b = budget.state();
      return {
        ...stats,
        rate: b.rate,
        configuredRate: b.configuredRate,
        usedToday: b.usedToday,
        dailyLimit: b.dailyLimit,
        waitingUntil: b.waitingUntil,
      };
    },
  };
}

export { parseZoomDate };
