/**
 * Validated List SMS queries, remembered by their raw query string without the page token. The pages of one
 * export differ only in `next_page_token`, so URLSearchParams, date parsing, validation, the fingerprint and
 * its SHA-256 were repeated identically on every page: a visible share of a small page's CPU.
 *
 * What is remembered must be exactly what a fresh parse would return:
 * - only successful parses with an explicit `to` (without one the window is "the last 24 h" and depends on
 *   the sandbox time); errors are cheap to rebuild and not kept;
 * - keyed by the variants object they were validated under (`setVariants` replaces it, so a change misses);
 * - the token is taken from the raw string only when it is a literal `next_page_token=` parameter without
 *   `%` or `+` (so its raw value is its decoded value) and the rest of the query holds no other page token
 *   and no `access_token`; anything else takes the full parse every time.
 */
import { fingerprintHash } from './page-token.ts';
import type { SmsQuery, SmsQueryResult } from './sms-query.ts';
import { parseSmsQuery } from './sms-query.ts';
import type { Variants } from './variants.ts';

export interface CachedQuery {
  variants: Variants;
  /** With `pageToken: null`; the request's own token is set on every hit. */
  query: SmsQuery;
  queryHash: string;
}

export interface PreparedQuery {
  /** An `access_token` query parameter is present (always a 401, docs/zoom-api.md). */
  hasAccessToken: boolean;
  result: SmsQueryResult;
  /** `fingerprintHash(query.fingerprint)` when the parse succeeded. */
  queryHash: string;
}

/** Entries kept; concurrent exports each page their own query, a handful at a time. */
const MAX_ENTRIES = 64;
const TOKEN_PARAM = 'next_page_token=';

interface Split {
  /** The query string without the token parameter. */
  rest: string;
  token: string;
}

/**
 * The first literal `next_page_token=` parameter taken out of a `?…` search (URLSearchParams drops its one
 * leading `?`), or null when the token is not usable as it stands.
 */
function splitToken(search: string): Split | null {
  const body = search.startsWith('?') ? 1 : 0;
  let at = body;
  if (!search.startsWith(TOKEN_PARAM, body)) {
    const amp = search.indexOf(`&${TOKEN_PARAM}`, body);
    if (amp < 0) return { rest: search, token: '' };
    at = amp + 1;
  }
  let end = search.indexOf('&', at);
  if (end < 0) end = search.length;
  const token = search.slice(at + TOKEN_PARAM.length, end);
  if (token.includes('%') || token.includes('+')) return null;
  // First parameter: drop it and the `&` after it; otherwise the `&` before it.
  const rest =
    at === body ? search.slice(0, body) + search.slice(end + 1) : search.slice(0, at - 1) + search.slice(end);
  return { rest, token };
}

/** Parses (or recalls) the List SMS query of a request; `search` is its raw `?…` query string or ''. */
export function prepareQuery(
  cache: Map<string, CachedQuery>,
  search: string,
  variants: Variants,
  nowMs: number,
): PreparedQuery {
  const split = splitToken(search);
  if (split !== null) {
    const hit = cache.get(split.rest);
    if (hit !== undefined && hit.variants === variants) {
      const pageToken = split.token === '' ? null : split.token; // empty parameters are ignored
      return {
        hasAccessToken: false,
        result: { ok: true, query: { ...hit.query, pageToken } },
        queryHash: hit.queryHash,
      };
    }
  }
  const params = new URLSearchParams(search);
  const result = parseSmsQuery(params, variants, nowMs);
  const hasAccessToken = params.has('access_token');
  const queryHash = result.ok ? fingerprintHash(result.query.fingerprint) : '';
  if (split !== null && result.ok && !hasAccessToken && (params.get('to') ?? '') !== '') {
    const rest = new URLSearchParams(split.rest);
    if (!rest.has('next_page_token')) {
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(split.rest, { variants, query: { ...result.query, pageToken: null }, queryHash });
    }
  }
  return { hasAccessToken, result, queryHash };
}
