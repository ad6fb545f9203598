import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../src/error-factory.ts';
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

describe('a page checked against the documented shape', () => {
  it('keeps every field as it came, unknown ones included, and turns numeric-string counts into numbers', () => {
    const record = {
      extra_first: { nested: [1, 'x'] },
      engagement_id: 'e1',
      queues: [{ cc_queue_id: 'q', queue_level: 2 }],
      total_sent_messages: '12',
      total_received_files: 3,
      sms_types: ['mms'],
    };
    const page = parseSmsPage(JSON.stringify({ total_records: '1', sms: [record], page_size: 30, x: null }));
    const expected = { ...record, total_sent_messages: 12 };
    expect(page).toEqual({ total_records: 1, sms: [expected], page_size: 30, x: null });
    // Zoom's field order is kept (the published file shows what Zoom sent).
    expect(JSON.stringify(page.sms[0])).toBe(JSON.stringify(expected));
  });

  it('keeps a descriptive field sent as null (no value), nested ones included, as it came', () => {
    const record = {
      engagement_id: 'a',
      start_time: '2025-03-01T10:00:00Z',
      end_time: '2025-03-01T10:05:00Z',
      direction: null,
      consumer_display_name: null,
      queues: [{ queue_id: null, cc_queue_id: 'q1', queue_name: null }],
      agents: [{ user_id: 'u1', display_name: null }],
      country_name: null,
      sms_types: null,
      total_sent_messages: null,
      total_received_files: '3',
    };
    const page = parseSmsPage(
      JSON.stringify({ sms: [record, { ...record, engagement_id: 'b', agents: null, queues: null }] }),
    );
    expect(page.sms[0]).toEqual({ ...record, total_received_files: 3 });
    expect(page.sms[1]).toMatchObject({ engagement_id: 'b', agents: null, queues: null });
  });

  it('refuses each malformed field with its path and what was expected, never the value', () => {
    const cases: Array<[unknown, string]> = [
      [[], '(root)'],
      [{ sms: {} }, 'sms'],
      [{ sms: [[]] }, 'sms.0'],
      [{ sms: [{}] }, 'sms.0.engagement_id'],
      [{ sms: [{ engagement_id: '' }] }, 'sms.0.engagement_id'],
      [{ sms: [{ engagement_id: 'a', direction: 5 }] }, 'sms.0.direction'],
      [{ sms: [{ engagement_id: null }] }, 'sms.0.engagement_id'],
      [{ sms: [{ engagement_id: 'a', start_time: null }] }, 'sms.0.start_time'],
      [{ sms: [{ engagement_id: 'a', end_time: null }] }, 'sms.0.end_time'],
      [{ sms: [], next_page_token: null }, 'next_page_token'],
      [{ sms: [], total_records: null }, 'total_records'],
      [{ sms: [{ engagement_id: 'a', total_sent_files: '+14155550123' }] }, 'sms.0.total_sent_files'],
      [{ sms: [{ engagement_id: 'a', total_sent_files: '__inf__' }] }, 'sms.0.total_sent_files'],
      [
        { sms: [{ engagement_id: 'a' }, { engagement_id: 'b', queues: [{ queue_id: 7 }] }] },
        'sms.1.queues.0.queue_id',
      ],
      [{ sms: [{ engagement_id: 'a', agents: {} }] }, 'sms.0.agents'],
      [{ sms: [{ engagement_id: 'a', sms_types: ['x', 1] }] }, 'sms.0.sms_types'],
      [{ sms: [], next_page_token: 5 }, 'next_page_token'],
    ];
    for (const [body, path] of cases) {
      const error = parseError(JSON.stringify(body).replace('"__inf__"', '1e400')) as ZoomResponseError;
      expect(error, path).toBeInstanceOf(ZoomResponseError);
      expect(error.path || '(root)', JSON.stringify(body)).toBe(path);
      expect(error.retryable).toBe(false);
      expect(error.message).not.toContain('+1415');
    }
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

describe('non-2xx bodies in errors', () => {
  const res = (status: number, body: string) => ({ status, headers: {}, body });
  it('keeps Zoom’s message with phone numbers masked and tokens redacted', () => {
    const e = errorFromResponse(
      res(400, '{"code":300,"message":"No such consumer +14155550123 for Bearer abcdefghijklmnop"}'),
      0,
    );
    expect(e.message).toContain('No such consumer +1415•••0123');
    expect(e.message).not.toContain('+14155550123');
    expect(e.message).not.toContain('abcdefghijklmnop');
  });
  it('says only the size of a body that is neither a Zoom error nor an HTML page with a title', () => {
    const e = errorFromResponse(res(503, 'upstream said: token=abc123 for +14155550123'), 0);
    expect(e.message).toMatch(/HTTP 503: a \d+-byte body that is not a Zoom error object/);
    expect(e.message).not.toContain('upstream');
  });
  it('drops a code that is not a number or a short word', () => {
    expect(errorFromResponse(res(400, '{"code":"eyJhbGciOiJIUzI1NiJ9x"}'), 0).code).toBeUndefined();
    expect(errorFromResponse(res(400, '{"code":"4700"}'), 0).code).toBe(4700);
  });
});
