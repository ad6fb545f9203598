import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../src/error-factory.ts';
import {
  ZoomAuthError,
  ZoomBadRequestError,
  ZoomDailyQuotaError,
  ZoomNetworkError,
  ZoomPageTokenError,
  ZoomPermissionError,
  ZoomRateLimitError,
  ZoomServerError,
} from '../src/errors.ts';
import { classify429, dailyResetAt, parseRetryAfter } from '../src/rate-limit-policy.ts';
import { DEFAULT_RETRY, retryDelay, shouldRetry } from '../src/retry-policy.ts';

const NOW = Date.UTC(2026, 10, 28, 15, 0, 0);
const PER_SECOND = 'You have reached the maximum per-second rate limit for this API. Try again later.';
const DAILY =
  'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.';

describe('classify429', () => {
  it('trusts X-RateLimit-Type when present', () => {
    expect(classify429({ headers: { 'x-ratelimit-type': 'Daily-limit' }, message: PER_SECOND })).toBe(
      'daily',
    );
    expect(classify429({ headers: { 'x-ratelimit-type': 'QPS' }, message: DAILY })).toBe('per-second');
  });
  it('falls back to the message text when headers are missing', () => {
    expect(classify429({ headers: {}, message: DAILY })).toBe('daily');
    expect(classify429({ headers: {}, message: PER_SECOND })).toBe('per-second');
    expect(classify429({ headers: {} })).toBe('per-second');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => expect(parseRetryAfter('2', NOW)).toBe(2000));
  it('reads an ISO timestamp as Zoom documents it', () => {
    expect(parseRetryAfter('2026-11-29T00:00:00Z', NOW)).toBe(9 * 3600_000);
  });
  it('reads an HTTP-date', () => expect(parseRetryAfter('Sat, 28 Nov 2026 15:00:30 GMT', NOW)).toBe(30_000));
  it('ignores garbage and absence', () => {
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
  it('never returns a negative delay', () => expect(parseRetryAfter('2020-01-01T00:00:00Z', NOW)).toBe(0));
});

describe('dailyResetAt', () => {
  it('is 00:00 UTC of the next day unless Retry-After says otherwise', () => {
    expect(dailyResetAt(undefined, NOW)).toBe(Date.UTC(2026, 10, 29));
    expect(dailyResetAt(60_000, NOW)).toBe(NOW + 60_000);
  });
});

describe('errorFromResponse', () => {
  const res = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
    status,
    headers: { 'x-zm-trackingid': 'WEB_abc', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

  it('keeps status, code, message and tracking id', () => {
    const e = errorFromResponse(
      res(400, { code: 300, message: 'Invalid field.', errors: [{ field: 'from', message: 'bad' }] }),
      NOW,
    );
    expect(e).toBeInstanceOf(ZoomBadRequestError);
    expect(e).toMatchObject({ status: 400, code: 300, trackingId: 'WEB_abc', retryable: false });
    expect((e as ZoomBadRequestError).errors).toEqual([{ field: 'from', message: 'bad' }]);
  });
  it('detects page-token problems by status and wording', () => {
    expect(
      errorFromResponse(res(400, { code: 300, message: 'The next page token is invalid or expired.' }), NOW),
    ).toBeInstanceOf(ZoomPageTokenError);
    expect(
      errorFromResponse(res(400, { code: 300, message: 'Invalid next_page_token' }), NOW),
    ).toBeInstanceOf(ZoomPageTokenError);
  });
  it('types both 401 bodies as auth errors', () => {
    expect(errorFromResponse(res(401, { code: 124, message: 'Invalid access token.' }), NOW)).toBeInstanceOf(
      ZoomAuthError,
    );
    const alt = errorFromResponse(res(401, { status: false, errorCode: 401 }), NOW);
    expect(alt).toBeInstanceOf(ZoomAuthError);
    expect(alt.code).toBe(401);
  });
  it('types missing scopes (4700) as permission errors', () => {
    expect(
      errorFromResponse(
        res(400, { code: 4700, message: 'Invalid access token, does not contain scopes.' }),
        NOW,
      ),
    ).toBeInstanceOf(ZoomPermissionError);
  });
  it('classifies 429s and carries the daily reset', () => {
    const daily = errorFromResponse(
      res(429, { code: 429, message: DAILY }, { 'retry-after': '2026-11-29T00:00:00Z' }),
      NOW,
    );
    expect(daily).toBeInstanceOf(ZoomDailyQuotaError);
    expect((daily as ZoomDailyQuotaError).resetAt).toBe(Date.UTC(2026, 10, 29));
    const bare = errorFromResponse(res(429, { code: 429, message: DAILY }), NOW);
    expect((bare as ZoomDailyQuotaError).resetAt).toBe(Date.UTC(2026, 10, 29));
    const second = errorFromResponse(
      res(429, { code: 429, message: PER_SECOND }, { 'retry-after': '1' }),
      NOW,
    );
    expect(second).toBeInstanceOf(ZoomRateLimitError);
    expect(second.retryAfterMs).toBe(1000);
  });
  it('summarises HTML proxy pages instead of dumping them', () => {
    const e = errorFromResponse(
      res(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'),
      NOW,
    );
    expect(e).toBeInstanceOf(ZoomServerError);
    expect(e.message).toContain('502 Bad Gateway');
    expect(e.message).not.toContain('<html>');
    expect(e.retryable).toBe(true);
  });
  it('types 500 code -1 as a retryable server error', () => {
    const e = errorFromResponse(res(500, { code: -1, message: 'Internal Error' }), NOW);
    expect(e).toMatchObject({ status: 500, code: -1, retryable: true });
  });
});

describe('retry policy', () => {
  it('retries transient failures only, up to maxAttempts', () => {
    const net = new ZoomNetworkError('reset');
    expect(shouldRetry(net, 1, DEFAULT_RETRY)).toBe(true);
    expect(shouldRetry(net, DEFAULT_RETRY.maxAttempts, DEFAULT_RETRY)).toBe(false);
    expect(shouldRetry(new ZoomBadRequestError('bad', { status: 400 }), 1, DEFAULT_RETRY)).toBe(false);
    expect(shouldRetry(new ZoomServerError('oops', { status: 503 }), 1, DEFAULT_RETRY)).toBe(true);
    expect(shouldRetry(new Error('programming error'), 1, DEFAULT_RETRY)).toBe(false);
  });
  it('backs off exponentially with full jitter under a cap', () => {
    const top = () => 0.999999;
    expect(retryDelay(1, DEFAULT_RETRY, top)).toBe(249);
    expect(retryDelay(3, DEFAULT_RETRY, top)).toBe(999);
    expect(retryDelay(20, DEFAULT_RETRY, top)).toBe(19_999);
    expect(retryDelay(3, DEFAULT_RETRY, () => 0)).toBe(0);
  });
  it('never waits less than Retry-After', () => {
    expect(retryDelay(1, DEFAULT_RETRY, () => 0, 5000)).toBe(5000);
  });
});
