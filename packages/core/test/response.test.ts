import { describe, expect, it } from 'vitest';
import { ZoomAuthError, ZoomPageTokenError, ZoomPermissionError, ZoomResponseError } from '../src/errors.ts';
import { isAbsurdWait, MAX_RETRY_AFTER_MS, saneRetryAfter } from '../src/rate-limit-policy.ts';
import { parseSmsPage } from '../src/response.ts';

const ctx = { trackingId: 'v=2.0;clid=x;rid=R1' };
const parseError = (body: string) => {
  try {
    parseSmsPage(body, ctx);
  } catch (error) {
    return error as Error;
  }
  throw new Error('parsed');
};

describe('a 2xx body that is not a page', () => {
  it('{} is a retryable response error with the tracking id, never an empty page', () => {
    const error = parseError('{}');
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as ZoomResponseError).retryable).toBe(true);
    expect(error.message).toMatch(
      /HTTP 200 with an object without "sms" .*\[tracking id v=2.0;clid=x;rid=R1\]/,
    );
    expect(parseError('{"sms":null,"total_records":7}')).toBeInstanceOf(ZoomResponseError);
  });

  it('Zoom error objects become the error they describe', () => {
    expect(parseError('{"code":124,"message":"Invalid access token."}')).toBeInstanceOf(ZoomAuthError);
    expect(
      parseError('{"code":4700,"message":"Invalid access token, does not contain scopes"}'),
    ).toBeInstanceOf(ZoomPermissionError);
    expect(parseError('{"code":300,"message":"The next page token is invalid or expired."}')).toBeInstanceOf(
      ZoomPageTokenError,
    );
    const other = parseError('{"code":-1,"message":"Internal Error +14155550123"}') as ZoomResponseError;
    expect(other).toBeInstanceOf(ZoomResponseError);
    expect(other.retryable).toBe(true);
    expect(other.code).toBe(-1);
    expect(other.message).not.toContain('+1415');
  });

  it('total_records 0 without sms is the documented empty answer', () => {
    expect(parseSmsPage('{"total_records":0,"next_page_token":""}').sms).toEqual([]);
  });

  it('a cut-off body names its size, not its text, and keeps no JSON.parse cause', () => {
    const error = parseError('{"sms":[{"engagement_id":"e1","consumer_number":"+14155550123"');
    expect(error.message).toMatch(/not complete JSON \(\d+ bytes of JSON cut short\)/);
    expect(error.cause).toBeUndefined();
  });
});

describe('Retry-After sanity', () => {
  const now = Date.UTC(2026, 10, 28, 12, 0, 0);
  it('keeps waits up to 25 hours', () => {
    expect(saneRetryAfter(3_600_000, now)).toBe(3_600_000);
    expect(saneRetryAfter(MAX_RETRY_AFTER_MS, now)).toBe(MAX_RETRY_AFTER_MS);
  });
  it('replaces a wait of years (or an infinite one) by the next 00:00 UTC plus a minute', () => {
    const toMidnight = Date.UTC(2026, 10, 29) + 60_000 - now;
    expect(saneRetryAfter(5 * 365 * 86_400_000, now)).toBe(toMidnight);
    expect(saneRetryAfter(Number.POSITIVE_INFINITY, now)).toBe(toMidnight);
    expect(isAbsurdWait(Number.NaN)).toBe(true);
  });
});
