/**
 * `GET /v2/contact_center/sms` and `/v2/accounts/{accountId}/contact_center/sms`. Order of checks:
 * faults a proxy would inject → latency → auth → account → rate limit → validation → page token → data.
 * Auth before rate limiting and counting invalid requests against the quota are assumed.
 * Synchronous unless latency is configured: with faults off a page costs no timer, promise or closure.
 * The tracking id is set on error responses and written with the page's own headers on success.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { accountForToken, resolveTarget } from './accounts.ts';
import { formatIsoSec } from './dates.ts';
import type { FaultDraw } from './faults.ts';
import { DEFAULT_ERROR_BODY, FAR_RESET_YEARS } from './faults.ts';
import { sendDripping } from './hostile-io.ts';
import {
  httpDate,
  resetConnection,
  sendHtml,
  sendJson,
  sendPage,
  sendTruncated,
  TRACKING_HEADER,
} from './http-io.ts';
import { loopToken } from './loop-tokens.ts';
import { prepareQuery } from './query-cache.ts';
import type { RateDecision, RateLimit } from './rate-limit.ts';
import { decideRate, retryAfterValue } from './rate-limit.ts';
import type { SandboxState } from './sandbox-state.ts';
import { servedPage } from './served-records.ts';
import type { SmsQuery } from './sms-query.ts';
import { buildPredicate, countMatches, findPage } from './sms-search.ts';
import type { ErrorResponse } from './zoom-errors.ts';
import {
  accountNotFound,
  DAILY_MESSAGE,
  INTERNAL_ERROR,
  MISSING_SCOPES,
  PAGE_TOKEN_INVALID,
  PER_SECOND_MESSAGE,
  proxyHtml,
  unauthorized,
} from './zoom-errors.ts';

function send(res: ServerResponse, error: ErrorResponse, extra: Readonly<Record<string, string>> = {}): void {
  sendJson(res, error.status, error.body, { ...extra, ...error.headers });
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function rateHeaders(
  rateLimit: RateLimit,
  variants: SandboxState['variants'],
  decision: RateDecision,
  nowMs: number,
  farReset = false,
): Readonly<Record<string, string>> {
  // The far-reset fault is about its Retry-After: sent even when no quota is configured.
  const unlimited = rateLimit.perSecond === null && rateLimit.daily === null && !farReset;
  if (variants.rateLimitHeaders === 'none' || unlimited) return NO_HEADERS;
  const headers: Record<string, string> = { 'X-RateLimit-Category': 'Heavy' };
  if (decision.kind === 'ok') {
    if (rateLimit.daily !== null && decision.dailyRemaining !== null) {
      headers['X-RateLimit-Limit'] = String(rateLimit.daily);
      headers['X-RateLimit-Remaining'] = String(decision.dailyRemaining);
    }
    return headers;
  }
  const perSecond = decision.kind === 'perSecond';
  headers['X-RateLimit-Type'] = perSecond ? 'QPS' : 'Daily-limit';
  headers['X-RateLimit-Limit'] = String((perSecond ? rateLimit.perSecond : rateLimit.daily) ?? 0);
  headers['X-RateLimit-Remaining'] = '0';
  headers['Retry-After'] = retryAfterValue(decision.retryAtMs, nowMs, variants.retryAfter);
  return headers;
}

function forcedDecision(kind: 'perSecond' | 'daily' | 'dailyFar', nowMs: number): RateDecision {
  const midnight = (Math.floor(nowMs / 86_400_000) + 1) * 86_400_000;
  if (kind === 'dailyFar') return { kind: 'daily', retryAtMs: midnight + FAR_RESET_YEARS * 365 * 86_400_000 };
  return kind === 'daily'
    ? { kind: 'daily', retryAtMs: midnight }
    : { kind: 'perSecond', retryAtMs: nowMs + 1000 };
}

function cachedCount(state: SandboxState, q: SmsQuery, nowSec: number, count: () => number): number {
  const key = `${q.fingerprint}|${q.lowSec}|${q.highSec}|${nowSec}`;
  const hit = state.countCache.get(key);
  if (hit !== undefined) return hit;
  if (state.countCache.size > 256) state.countCache.clear();
  const value = count();
  state.countCache.set(key, value);
  return value;
}

/**
 * Serves one List SMS request; `search` is the raw `?…` query (request-target.ts). Returns a promise only when
 * latency is configured.
 */
export function handleSms(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  search: string,
  accountInPath: string | null,
  trackingId: string,
): Promise<void> | undefined {
  const draw = state.faults.draw();
  if (draw.latencyMs > 0) {
    return sleep(draw.latencyMs).then(() =>
      respond(state, req, res, search, accountInPath, trackingId, draw),
    );
  }
  respond(state, req, res, search, accountInPath, trackingId, draw);
  return undefined;
}

function respond(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  search: string,
  accountInPath: string | null,
  trackingId: string,
  draw: FaultDraw,
): void {
  if (draw.response !== null) res.setHeader(TRACKING_HEADER, trackingId);
  switch (draw.response) {
    case 'connectionReset':
      resetConnection(req);
      return;
    case 'badGateway':
      sendHtml(res, 502, proxyHtml(502));
      return;
    case 'serviceUnavailable':
      sendHtml(res, 503, proxyHtml(503));
      return;
    case 'gatewayTimeout':
      sendHtml(res, 504, proxyHtml(504));
      return;
    case 'internalError':
      send(res, INTERNAL_ERROR);
      return;
    case 'unauthorized':
      send(res, unauthorized(draw.unauthorizedBody ?? 'errorCode401'));
      return;
    case 'errorBody': {
      const rule = state.faults.config().errorBody;
      sendJson(res, 200, {
        code: rule?.code ?? DEFAULT_ERROR_BODY.code,
        message: rule?.message ?? DEFAULT_ERROR_BODY.message,
      });
      return;
    }
    case 'emptyBody':
      sendJson(res, 200, {});
      return;
  }

  let nowMs = state.clock.now();
  // Parsing has no effects: done here (from the query cache, usually) for the access_token check below.
  const prepared = prepareQuery(state.queryCache, search, state.variants, nowMs);
  // Query-string tokens are rejected since 2023-02-14 (docs/zoom-api.md): any access_token parameter → 401.
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  const revokeAfter = state.faults.config().revokeTokenAfterUses ?? null;
  const caller =
    prepared.hasAccessToken || !bearer ? undefined : accountForToken(state, bearer[1]!, nowMs, revokeAfter);
  if (!caller) {
    res.setHeader(TRACKING_HEADER, trackingId);
    send(res, unauthorized(state.variants.unauthorizedBody));
    return;
  }
  if (!caller.smsReadGranted) {
    res.setHeader(TRACKING_HEADER, trackingId);
    send(res, MISSING_SCOPES);
    return;
  }
  const pathAccount = accountInPath === null ? null : decodeURIComponent(accountInPath);
  const target = resolveTarget(state, caller, pathAccount);
  if (!target) {
    res.setHeader(TRACKING_HEADER, trackingId);
    send(res, accountNotFound(pathAccount ?? ''));
    return;
  }
  // `data` is whose records are read, `charged` whose limits the request spends (accounts.ts).
  const { data, charged } = target;
  if (charged !== state) charged.stats.count('apiRequests');

  let decision: RateDecision;
  if (draw.forceRateLimit) decision = forcedDecision(draw.forceRateLimit, nowMs);
  else {
    const result = decideRate(charged.rateState, charged.rateLimit, nowMs);
    charged.rateState = result.state;
    decision = result.decision;
  }
  const headers = rateHeaders(
    charged.rateLimit,
    state.variants,
    decision,
    nowMs,
    draw.forceRateLimit === 'dailyFar',
  );
  if (decision.kind !== 'ok') {
    res.setHeader(TRACKING_HEADER, trackingId);
    state.stats.rateLimited(decision.kind);
    if (charged !== state) charged.stats.rateLimited(decision.kind);
    const message = decision.kind === 'daily' ? DAILY_MESSAGE : PER_SECOND_MESSAGE;
    sendJson(res, 429, { code: 429, message }, headers);
    return;
  }

  const parsed = prepared.result;
  if (!parsed.ok) {
    res.setHeader(TRACKING_HEADER, trackingId);
    send(res, parsed.error, headers);
    return;
  }
  let q = parsed.query;
  const { queryHash } = prepared;
  let beforeRank: number | null = null;
  if (q.pageToken !== null) {
    // Each account signs its own page tokens: one account's token is invalid for another's data.
    const cursor = data.pageTokens.decode(q.pageToken);
    const valid =
      cursor !== null &&
      cursor.fingerprintHash === queryHash &&
      cursor.seq >= state.pageTokenFloor &&
      nowMs - cursor.issuedAtMs <= state.pageTokenTtlMs;
    if (!valid || state.faults.drawPageTokenExpiry()) {
      res.setHeader(TRACKING_HEADER, trackingId);
      send(res, PAGE_TOKEN_INVALID, headers);
      return;
    }
    // The window is the one resolved on the first page: "last 24 h" must not drift while paging.
    q = {
      ...q,
      lowSec: cursor.lowSec,
      highSec: cursor.highSec,
      fromSec: cursor.fromSec,
      toSec: cursor.toSec,
    };
    beforeRank = cursor.rank;
  }

  nowMs = state.clock.now();
  const nowSec = Math.floor(nowMs / 1000);
  const { dataset, catalog } = data;
  const { variants } = state;
  const ordering = data.index.ordering(variants.boundField);
  const predicate = buildPredicate(dataset, catalog, q, nowSec);
  const total = cachedCount(data, q, nowSec, () => countMatches(dataset, ordering, q, predicate));
  const page = findPage(dataset, ordering, q, predicate, beforeRank, q.pageSize);
  let nextToken = '';
  const loop = state.faults.config().loopPageTokens === true && q.pageToken !== null && page.hasMore;
  if (loop) nextToken = loopToken(state, q, queryHash, predicate, nowMs, q.pageToken!);
  else if (page.hasMore) {
    nextToken = data.pageTokens.encode({
      fingerprintHash: queryHash,
      rank: page.lastRank,
      lowSec: q.lowSec,
      highSec: q.highSec,
      fromSec: q.fromSec,
      toSec: q.toSec,
      issuedAtMs: nowMs,
      seq: state.pageTokenSeq++,
    });
    state.stats.count('pageTokensIssued');
  }
  state.stats.count('recordsServed', page.positions.length);
  if (data !== state) data.stats.count('recordsServed', page.positions.length);
  const head = {
    next_page_token: nextToken,
    page_size: q.pageSize,
    total_records: total, // typed <integer> in the seed spec, unlike the <long> counts
    from: formatIsoSec(q.fromSec),
    to: formatIsoSec(q.toSec),
  };
  const positions = variants.recordOrder === 'shuffled' ? shuffled(page.positions) : page.positions;
  const payload = servedPage(
    data.encodePage(head, positions, variants),
    variants,
    state.faults.config().poisonRecords?.every,
  );
  const pageHeaders = { ...headers, date: httpDate(nowMs) };
  if (draw.response === 'slowDrip') {
    sendDripping(
      res,
      payload,
      { ...pageHeaders, [TRACKING_HEADER]: trackingId },
      state.faults.config().slowDrip,
    );
  } else if (draw.response !== null) sendTruncated(res, payload, pageHeaders, draw.response);
  else sendPage(res, payload, pageHeaders, trackingId);
}

/**
 * The page's records in a fixed pseudo-random order (variant `recordOrder: 'shuffled'`): the same page
 * always comes out the same way, so tests are deterministic.
 */
function shuffled(positions: readonly number[]): number[] {
  const key = (pos: number): number => Math.imul(pos ^ 0x5bd1e995, 0x9e3779b1) >>> 0;
  return [...positions].sort((a, b) => key(a) - key(b));
}
