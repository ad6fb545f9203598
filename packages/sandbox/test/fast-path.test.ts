/**
 * The per-request shortcuts of the List SMS path must answer exactly what the plain way answers: the split
 * request target what `new URL` gives, a remembered query what a fresh parse gives, a remembered page token
 * what a full decode gives, and a quiet fault engine what drawing every rule gives.
 */
import { describe, expect, it } from 'vitest';
import { createFaultEngine } from '../src/faults.ts';
import { createPageTokenCodec, fingerprintHash } from '../src/page-token.ts';
import type { CachedQuery } from '../src/query-cache.ts';
import { prepareQuery } from '../src/query-cache.ts';
import { splitRequestTarget } from '../src/request-target.ts';
import { parseSmsQuery } from '../src/sms-query.ts';
import { DEFAULT_VARIANTS, mergeVariants } from '../src/variants.ts';

const NOW = Date.parse('2026-03-01T00:00:00Z');

describe('splitRequestTarget', () => {
  const targets = [
    '/v2/contact_center/sms?from=2025-06-01&to=2025-06-28&page_size=100&next_page_token=abc-_123',
    '/v2/accounts/AbC_12-x/contact_center/sms/',
    '/v2/contact_center/sms?',
    '/v2/contact_center/sms',
    '/v2/../v2/contact_center/sms?from=2025-06-01',
    '/v2/./contact_center/sms?to=x',
    '//evil/v2/contact_center/sms?a=1',
    '/v2\\contact_center\\sms?a=1',
    '/v2/contact_center/sms?a="<>\'&b=%41+c&c=%zz',
    '/v2/contact_center/sms?a=1#fragment',
    '/v2/contact_%73ms?a=1',
    '/v2/accounts/%41b/contact_center/sms',
    '/caf\u00e9?q=\u00e9',
    '/oauth/token??grant_type=account_credentials',
    'http://host/v2/contact_center/sms?a=1',
    '/a b?x=1 2',
  ];
  for (const target of targets) {
    it(`agrees with new URL for ${JSON.stringify(target)}`, () => {
      const url = new URL(target, 'http://sandbox');
      const split = splitRequestTarget(target);
      expect(split.path).toBe(url.pathname);
      expect([...new URLSearchParams(split.search)]).toEqual([...url.searchParams]);
    });
  }
});

describe('prepareQuery', () => {
  const fresh = (query: string, variants = DEFAULT_VARIANTS, nowMs = NOW) => {
    const params = new URLSearchParams(query);
    const result = parseSmsQuery(params, variants, nowMs);
    return {
      hasAccessToken: params.has('access_token'),
      result,
      queryHash: result.ok ? fingerprintHash(result.query.fingerprint) : '',
    };
  };

  it('answers every page of a query exactly as a fresh parse, from one cache entry', () => {
    const cache = new Map<string, CachedQuery>();
    const base = 'from=2025-06-01&to=2025-06-28T10%3A00%3A00Z&page_size=100&direction=inbound';
    const searches = [
      `?${base}`,
      `?${base}&next_page_token=tok1`,
      `?next_page_token=tok2&${base}`,
      '?from=2025-06-01&next_page_token=tok3&to=2025-06-28T10%3A00%3A00Z&page_size=100&direction=inbound',
      `?${base}&next_page_token=`,
    ];
    for (let round = 0; round < 2; round++) {
      for (const search of searches) {
        expect(prepareQuery(cache, search, DEFAULT_VARIANTS, NOW)).toEqual(fresh(search));
      }
    }
    expect(prepareQuery(cache, `?${base}&next_page_token=tok1`, DEFAULT_VARIANTS, NOW).result).toMatchObject({
      ok: true,
      query: { pageToken: 'tok1' },
    });
    expect(cache.size).toBe(1); // without its token, every one of them is `?${base}`
  });

  it('never takes a second token or a `?`-prefixed name for the page token', () => {
    const cache = new Map<string, CachedQuery>();
    const searches = [
      '?from=2025-06-01&to=2025-06-28&next_page_token=tok4&next_page_token=tok5',
      '??next_page_token=x&from=2025-06-01&to=2025-06-28',
      '??from=2025-06-01&to=2025-06-28&next_page_token=y',
    ];
    for (let round = 0; round < 2; round++) {
      for (const search of searches) {
        expect(prepareQuery(cache, search, DEFAULT_VARIANTS, NOW)).toEqual(fresh(search));
      }
    }
    // `?next_page_token` and `?from` are other parameters: the whole query is the key, the token stays.
    expect([...cache.keys()]).toEqual([
      '??next_page_token=x&from=2025-06-01&to=2025-06-28',
      '??from=2025-06-01&to=2025-06-28',
    ]);
  });

  it('takes the full parse for encoded, duplicated or secret parameters', () => {
    const cache = new Map<string, CachedQuery>();
    const queries = [
      '?from=2025-06-01&to=2025-06-28&next_page_token=a%2Bb',
      '?from=2025-06-01&to=2025-06-28&next_page_token=a+b',
      '?from=2025-06-01&to=2025-06-28&next%5Fpage_token=x&next_page_token=y',
      '?from=2025-06-01&to=2025-06-28&access_token=secret&next_page_token=z',
      '?from=2025-06-01&to=2025-06-28&page_size=abc',
    ];
    for (let round = 0; round < 2; round++) {
      for (const query of queries)
        expect(prepareQuery(cache, query, DEFAULT_VARIANTS, NOW)).toEqual(fresh(query));
    }
    expect(cache.size).toBe(0);
  });

  it('does not remember a window that depends on the sandbox time, nor across variants', () => {
    const cache = new Map<string, CachedQuery>();
    const query = '?page_size=5&next_page_token=t';
    expect(prepareQuery(cache, query, DEFAULT_VARIANTS, NOW)).toEqual(fresh(query));
    expect(prepareQuery(cache, query, DEFAULT_VARIANTS, NOW + 3_600_000)).toEqual(
      fresh(query, DEFAULT_VARIANTS, NOW + 3_600_000),
    );
    expect(cache.size).toBe(0);

    const bounded = '?from=2025-06-01&to=2025-07-15&page_size=500';
    const cut = mergeVariants(DEFAULT_VARIANTS, { overMonth: 'cut', pageSizeOver100: 'clamp' });
    expect(prepareQuery(cache, bounded, cut, NOW)).toEqual(fresh(bounded, cut));
    expect(prepareQuery(cache, bounded, DEFAULT_VARIANTS, NOW)).toEqual(fresh(bounded));
    expect(fresh(bounded).result.ok).toBe(false);
    expect(prepareQuery(cache, bounded, cut, NOW)).toEqual(fresh(bounded, cut));
  });
});

describe('page tokens', () => {
  const cursor = {
    fingerprintHash: fingerprintHash('q'),
    rank: 123_456,
    lowSec: 1_748_736_000,
    highSec: 1_751_068_799,
    fromSec: 1_748_736_000,
    toSec: 1_751_068_800,
    issuedAtMs: 1_772_323_200_000.5,
    seq: 7,
  };

  it('decodes a recently issued token as a full decode does', () => {
    const issuer = createPageTokenCodec('s'.repeat(64));
    const token = issuer.encode(cursor);
    const remembered = issuer.decode(token);
    expect(remembered).toEqual(cursor);
    expect(createPageTokenCodec('s'.repeat(64)).decode(token)).toEqual(remembered);
    expect(createPageTokenCodec('t'.repeat(64)).decode(token)).toBeNull();
  });

  it('remembers nothing a full decode would reject', () => {
    const issuer = createPageTokenCodec('s'.repeat(64));
    const token = issuer.encode({ ...cursor, rank: Number.NaN });
    expect(issuer.decode(token)).toBeNull();
  });
});

describe('quiet fault engine', () => {
  it('draws as an engine with rules that never fire, and counts requests for everyNth', () => {
    const quiet = createFaultEngine(3);
    const draws = Array.from({ length: 5 }, () => quiet.draw());
    expect(draws).toEqual(
      Array.from({ length: 5 }, () => ({
        response: null,
        unauthorizedBody: null,
        forceRateLimit: null,
        latencyMs: 0,
      })),
    );
    quiet.failNext('badGateway', 1);
    expect(quiet.draw().response).toBe('badGateway');
    expect(quiet.drawPageTokenExpiry()).toBe(false);
    quiet.failNext('pageTokenExpired', 1);
    expect(quiet.drawPageTokenExpiry()).toBe(true);
    quiet.set({ internalError: { everyNth: 2 } });
    expect([quiet.draw().response, quiet.draw().response]).toEqual([null, 'internalError']);
  });
});
