/**
 * Client behaviour on undici's MockAgent (no network): the whole stack above the socket — token, budget,
 * retries, pagination — with Zoom's responses scripted per request.
 */
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_TOKENS_PER_REQUEST } from '../src/auth-stage.ts';
import { createZoomClient } from '../src/client.ts';
import { ZoomAuthError, ZoomBadRequestError, ZoomDailyQuotaError, ZoomServerError } from '../src/errors.ts';
import { createUndiciTransport } from '../src/undici-transport.ts';
import { instantSleep, manualClock } from './support/fakes.ts';

const API = 'https://api.zoom.test';
const OAUTH = 'https://zoom.test';

function rec(id: string, start: string) {
  return {
    engagement_id: id,
    direction: 'inbound',
    start_time: start,
    end_time: start,
    total_sent_messages: '3',
    queues: [{ queue_id: 'q', cc_queue_id: 'cq', queue_name: 'Sales' }],
    extra_field: 1,
  };
}

let agent: MockAgent;
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  await agent.close();
});

function client(extra: Record<string, unknown> = {}) {
  const clock = manualClock();
  const sleeps: number[] = [];
  let tokens = 0;
  agent
    .get(OAUTH)
    .intercept({ path: /\/oauth\/token/, method: 'POST' })
    .reply(() => {
      tokens += 1;
      return {
        statusCode: 200,
        data: { access_token: `tok-${tokens}`, token_type: 'bearer', expires_in: 3600 },
      };
    })
    .persist();
  const c = createZoomClient({
    auth: { accountId: 'a', clientId: 'c', clientSecret: 'secret-value', tokenUrl: `${OAUTH}/oauth/token` },
    baseUrl: `${API}/v2`,
    transport: createUndiciTransport({ dispatcher: agent }).transport,
    clock,
    sleep: instantSleep(clock, sleeps),
    budget: { perSecond: 1000, daily: 1_000_000 },
    ...extra,
  });
  return { c, clock, sleeps, tokenCount: () => tokens };
}

const api = () => agent.get(API);

describe('client', () => {
  it('pages through a window with identical parameters and the page token', async () => {
    const { c } = client();
    const seenPaths: string[] = [];
    api()
      .intercept({ path: (p) => p.startsWith('/v2/contact_center/sms') && !p.includes('next_page_token') })
      .reply((opts) => {
        seenPaths.push(String(opts.path));
        return {
          statusCode: 200,
          data: {
            next_page_token: 'T1',
            total_records: 3,
            sms: [rec('e1', '2026-01-20T00:00:00Z'), rec('e2', '2026-01-10T00:00:00Z')],
          },
        };
      });
    api()
      .intercept({ path: (p) => p.includes('next_page_token=T1') })
      .reply((opts) => {
        seenPaths.push(String(opts.path));
        return {
          statusCode: 200,
          data: { next_page_token: '', total_records: 3, sms: [rec('e3', '2026-01-05T00:00:00Z')] },
        };
      });
    const records = await c.sms.collect({
      from: '2026-01-01',
      to: '2026-01-31',
      direction: 'inbound',
      country_iso_codes: ['US', 'CA'],
    });
    expect(records.map((r) => r.engagement_id)).toEqual(['e1', 'e2', 'e3']);
    expect(records[0]!.total_sent_messages).toBe(3);
    expect(records[0]).toHaveProperty('extra_field', 1);
    expect(seenPaths[0]).toBe(
      '/v2/contact_center/sms?from=2026-01-01&to=2026-01-31&page_size=100&country_iso_codes=US&country_iso_codes=CA&direction=inbound',
    );
    expect(seenPaths[1]).toBe(`${seenPaths[0]}&next_page_token=T1`);
  });

  it('refreshes the token once on a 401 (either body) and replays', async () => {
    const { c, tokenCount } = client();
    const auths: string[] = [];
    api()
      .intercept({ path: /contact_center\/sms/ })
      .reply((opts) => {
        auths.push(String((opts.headers as Record<string, string>).authorization));
        return { statusCode: 401, data: { status: false, errorCode: 401 } };
      });
    api()
      .intercept({ path: /contact_center\/sms/ })
      .reply((opts) => {
        auths.push(String((opts.headers as Record<string, string>).authorization));
        return { statusCode: 200, data: { next_page_token: '', sms: [rec('e1', '2026-01-02T00:00:00Z')] } };
      });
    const page = await c.sms.list({ from: '2026-01-01', to: '2026-01-31' });
    expect(page.sms).toHaveLength(1);
    expect(auths).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(tokenCount()).toBe(2);
  });

  it('refreshes once per rejected token, a bounded number of times, then gives up', async () => {
    const { c, tokenCount } = client();
    api()
      .intercept({ path: /contact_center\/sms/ })
      .reply(401, { code: 124, message: 'Invalid access token.' })
      .persist();
    await expect(c.sms.list()).rejects.toBeInstanceOf(ZoomAuthError);
    expect(c.stats().requests).toBe(MAX_TOKENS_PER_REQUEST + 1);
    expect(tokenCount()).toBe(MAX_TOKENS_PER_REQUEST + 1);
  });

  it('does not refresh a static token in a loop', async () => {
    const { c } = client({ auth: { accessToken: 'fixed' } });
    api()
      .intercept({ path: /contact_center\/sms/ })
      .reply(401, { code: 124, message: 'Invalid access token.' })
      .persist();
    await expect(c.sms.list()).rejects.toBeInstanceOf(ZoomAuthError);
    expect(c.stats().requests).toBe(2);
  });

  it('restarts a window below its oldest record when the page token is rejected, emitting nothing twice', async () => {
    const { c } = client();
    const first = {
      next_page_token: 'T1',
      sms: [rec('e1', '2026-01-20T00:00:00Z'), rec('e2', '2026-01-19T00:00:00Z')],
    };
    api()
      .intercept({ path: (p) => p.includes('/sms') && !p.includes('next_page_token') })
      .reply(200, first);
    api()
      .intercept({ path: (p) => p.includes('next_page_token=T1') })
      .reply(400, { code: 300, message: 'The next page token is invalid or expired.' });
    // The new chain asks only for what is left: `to` one second past the oldest record delivered.
    api()
      .intercept({ path: (p) => p.includes('to=2026-01-19T00%3A00%3A01Z') && !p.includes('next_page_token') })
      .reply(200, {
        next_page_token: 'T2',
        sms: [rec('e2', '2026-01-19T00:00:00Z'), rec('e3', '2026-01-18T00:00:00Z')],
      });
    api()
      .intercept({
        path: (p) => p.includes('next_page_token=T2') && p.includes('to=2026-01-19T00%3A00%3A01Z'),
      })
      .reply(200, { next_page_token: '', sms: [rec('e4', '2026-01-17T00:00:00Z')] });
    const ids = (await c.sms.collect({ from: '2026-01-01', to: '2026-01-31' })).map((r) => r.engagement_id);
    expect(ids).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(c.stats().pageTokenRestarts).toBe(1);
  });

  it('a narrowed chain whose records break the newest-first order: re-reads the whole window', async () => {
    const { c } = client();
    api()
      .intercept({ path: (p) => p.includes('to=2026-01-31') && !p.includes('next_page_token') })
      .reply(200, { next_page_token: 'T1', sms: [rec('e1', '2026-01-20T00:00:00Z')] });
    api()
      .intercept({ path: (p) => p.includes('next_page_token=T1') })
      .reply(400, { code: 300, message: 'The next page token is invalid or expired.' });
    // A record newer than the narrowed `to`: the order cannot be trusted, so neither can the narrowing.
    api()
      .intercept({ path: (p) => p.includes('to=2026-01-20T00%3A00%3A01Z') })
      .reply(200, { next_page_token: '', sms: [rec('e9', '2026-01-25T00:00:00Z')] });
    api()
      .intercept({ path: (p) => p.includes('to=2026-01-31') && !p.includes('next_page_token') })
      .reply(200, {
        next_page_token: '',
        sms: [rec('e1', '2026-01-20T00:00:00Z'), rec('e5', '2026-01-22T00:00:00Z')],
      });
    const ids = (await c.sms.collect({ from: '2026-01-01', to: '2026-01-31' })).map((r) => r.engagement_id);
    expect(ids.sort()).toEqual(['e1', 'e5', 'e9']);
    expect(c.stats().pageTokenRestarts).toBe(2);
  });

  it('restarts instead of presenting a page token older than 14 minutes', async () => {
    const { c, clock } = client();
    api()
      .intercept({ path: (p) => p.includes('/sms') && !p.includes('next_page_token') })
      .reply(200, { next_page_token: 'OLD', sms: [rec('e1', '2026-01-20T00:00:00Z')] });
    api()
      .intercept({ path: (p) => p.includes('/sms') && !p.includes('next_page_token') })
      .reply(200, {
        next_page_token: '',
        sms: [rec('e1', '2026-01-20T00:00:00Z'), rec('e2', '2026-01-19T00:00:00Z')],
      });
    const ids: string[] = [];
    const [window] = c.windowsFor({ from: '2026-01-01', to: '2026-01-31' });
    for await (const page of c.sms.windowPages(window!)) {
      ids.push(...page.records.map((r) => r.engagement_id));
      clock.advance(15 * 60_000); // the consumer was slow
    }
    expect(ids).toEqual(['e1', 'e2']);
  });

  it('retries 5xx, HTML 502 and truncated bodies, then succeeds', async () => {
    const { c } = client();
    api().intercept({ path: /sms/ }).reply(500, { code: -1, message: 'Internal Error' });
    api()
      .intercept({ path: /sms/ })
      .reply(502, '<html><title>502 Bad Gateway</title></html>', {
        headers: { 'content-type': 'text/html' },
      });
    api().intercept({ path: /sms/ }).reply(200, '{"next_page_token":"","sms":[{"engagement_');
    api()
      .intercept({ path: /sms/ })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    api()
      .intercept({ path: /sms/ })
      .reply(200, { next_page_token: '', sms: [rec('e1', '2026-01-02T00:00:00Z')] });
    const page = await c.sms.list();
    expect(page.sms[0]!.engagement_id).toBe('e1');
    expect(c.stats().retries).toBe(4);
  });

  it('gives up on 5xx after maxAttempts with a typed error carrying the tracking id', async () => {
    const { c } = client({ retry: { maxAttempts: 3 } });
    api()
      .intercept({ path: /sms/ })
      .reply(503, { code: -1, message: 'busy' }, { headers: { 'x-zm-trackingid': 'TRK1' } })
      .times(3);
    const error = await c.sms.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomServerError);
    expect((error as ZoomServerError).trackingId).toBe('TRK1');
  });

  it('retries a network fault at the token endpoint like any other', async () => {
    const clock = manualClock();
    let calls = 0;
    agent
      .get(OAUTH)
      .intercept({ path: /\/oauth\/token/, method: 'POST' })
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    agent
      .get(OAUTH)
      .intercept({ path: /\/oauth\/token/, method: 'POST' })
      .reply(() => {
        calls += 1;
        return { statusCode: 200, data: { access_token: 'tok-after-fault', expires_in: 3600 } };
      });
    const c = createZoomClient({
      auth: { accountId: 'a', clientId: 'c', clientSecret: 's', tokenUrl: `${OAUTH}/oauth/token` },
      baseUrl: `${API}/v2`,
      transport: createUndiciTransport({ dispatcher: agent }).transport,
      clock,
      sleep: instantSleep(clock),
      budget: { perSecond: 1000, daily: 1000 },
    });
    api().intercept({ path: /sms/ }).reply(200, { next_page_token: '', sms: [] });
    await expect(c.sms.list()).resolves.toMatchObject({ sms: [] });
    expect(calls).toBe(1);
    expect(c.stats().retries).toBe(1);
  });

  it('a refresh after a 401 that meets a network fault is retried, then replays with the fresh token', async () => {
    const clock = manualClock();
    const oauth = agent.get(OAUTH);
    oauth
      .intercept({ path: /\/oauth\/token/, method: 'POST' })
      .reply(200, { access_token: 'tok-1', expires_in: 3600 });
    oauth
      .intercept({ path: /\/oauth\/token/, method: 'POST' })
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    oauth
      .intercept({ path: /\/oauth\/token/, method: 'POST' })
      .reply(200, { access_token: 'tok-2', expires_in: 3600 });
    const c = createZoomClient({
      auth: { accountId: 'a', clientId: 'c', clientSecret: 's', tokenUrl: `${OAUTH}/oauth/token` },
      baseUrl: `${API}/v2`,
      transport: createUndiciTransport({ dispatcher: agent }).transport,
      clock,
      sleep: instantSleep(clock),
      budget: { perSecond: 1000, daily: 1000 },
    });
    const auths: string[] = [];
    const answer = (statusCode: number, data: object) => (opts: { headers?: unknown }) => {
      auths.push(String((opts.headers as Record<string, string>).authorization));
      return { statusCode, data };
    };
    api()
      .intercept({ path: /sms/ })
      .reply(answer(401, { code: 124, message: 'Invalid access token.' }));
    api()
      .intercept({ path: /sms/ })
      .reply(answer(200, { next_page_token: '', sms: [rec('e1', '2026-01-02T00:00:00Z')] }));
    const page = await c.sms.list();
    expect(page.sms.map((r) => r.engagement_id)).toEqual(['e1']);
    expect(auths).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(c.stats()).toMatchObject({ requests: 2, retries: 1, tokenRefreshes: 1 });
  });

  it('does not retry other 4xx', async () => {
    const { c } = client();
    api().intercept({ path: /sms/ }).reply(400, { code: 300, message: 'Invalid field.' });
    await expect(c.sms.list()).rejects.toBeInstanceOf(ZoomBadRequestError);
    expect(c.stats().requests).toBe(1);
  });

  it('paces per-second 429s with Retry-After and slows the shared rate', async () => {
    const { c, sleeps } = client({ budget: { perSecond: 10, daily: 1000 } });
    api()
      .intercept({ path: /sms/ })
      .reply(
        429,
        {
          code: 429,
          message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
        },
        { headers: { 'retry-after': '2' } },
      );
    api().intercept({ path: /sms/ }).reply(200, { next_page_token: '', sms: [] });
    await c.sms.list();
    expect(sleeps).toContain(2000);
    expect(c.stats().throttled).toBe(1);
    expect(c.stats().rate).toBeLessThan(10);
  });

  it('raises the daily quota error with the reset time, without retrying', async () => {
    const { c } = client();
    api().intercept({ path: /sms/ }).reply(429, {
      code: 429,
      message:
        'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.',
    });
    const error = (await c.sms.list().catch((e: unknown) => e)) as ZoomDailyQuotaError;
    expect(error).toBeInstanceOf(ZoomDailyQuotaError);
    expect(error.resetAt).toBe(Date.UTC(2026, 10, 29));
    expect(c.stats().requests).toBe(1);
  });

  it('dedupes a record on a shared month edge returned by both windows', async () => {
    const { c } = client();
    const edge = rec('edge', '2026-02-01T00:00:00Z');
    api()
      .intercept({ path: (p) => p.includes('from=2026-01-01&') })
      .reply(200, { next_page_token: '', sms: [edge, rec('jan', '2026-01-15T00:00:00Z')] });
    api()
      .intercept({ path: (p) => p.includes('from=2026-02-01T00') })
      .reply(200, { next_page_token: '', sms: [rec('feb', '2026-02-15T00:00:00Z'), edge] });
    const ids = (await c.sms.collect({ from: '2026-01-01', to: '2026-02-28' }, { concurrency: 2 })).map(
      (r) => r.engagement_id,
    );
    expect(ids.sort()).toEqual(['edge', 'feb', 'jan']);
  });

  it('rejects bad input before any request', async () => {
    const { c } = client();
    await expect(c.sms.collect({ from: '2026-02-30', to: '2026-03-01' })).rejects.toThrow(
      /^from: "2026-02-30"/,
    );
    await expect(c.sms.collect({}, { pageSize: 500 })).rejects.toThrow(/pageSize: 500 is out of range/);
    expect(c.stats().requests).toBe(0);
  });
});
