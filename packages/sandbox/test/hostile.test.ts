/**
 * Hostile answers over real HTTP: each fault as a client sees it on the wire, switched on through the
 * programmatic control and through the admin API.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { startSandbox } from '../src/index.ts';
import { listSms, postJson, requestToken } from './support/http.ts';

let sandbox: Sandbox;
let token: string;
const RANGE = { from: '2026-03-01', to: '2026-03-09' };
const MARCH = { ...RANGE, page_size: 10 };

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 12,
    clock: { mode: 'manual', start: '2026-03-10T12:00:00Z' },
    dataset: { from: '2026-03-01', to: '2026-03-09', records: 500 },
  });
  token = await requestToken(sandbox);
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.control.setFaults({}));

describe('hostile answers', () => {
  it('errorBody: 200 with a Zoom error object instead of a page (configurable code and message)', async () => {
    sandbox.control.failNext('errorBody');
    const first = await listSms(sandbox, token, MARCH);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ code: 124, message: 'Invalid access token.' });
    sandbox.control.setFaults({ errorBody: { everyNth: 1, code: 300, message: 'Busy.' } });
    expect((await listSms(sandbox, token, MARCH)).body).toEqual({ code: 300, message: 'Busy.' });
  });

  it('emptyBody: 200 with {} (through the admin API)', async () => {
    const set = await postJson(`${sandbox.adminUrl}/faults`, { emptyBody: { everyNth: 2 } });
    expect(set.status).toBe(200);
    expect((await listSms(sandbox, token, MARCH)).body.sms).toHaveLength(10);
    const second = await listSms(sandbox, token, MARCH);
    expect(second.status).toBe(200);
    expect(second.text).toBe('{}');
  });

  it('loopPageTokens: tokens go A → B → A with the same strings every lap', async () => {
    sandbox.control.setFaults({ loopPageTokens: true });
    const first = await listSms(sandbox, token, MARCH);
    const t1 = first.body.next_page_token as string;
    const a = (await listSms(sandbox, token, { ...MARCH, next_page_token: t1 })).body.next_page_token;
    const viaA = await listSms(sandbox, token, { ...MARCH, next_page_token: a });
    const b = viaA.body.next_page_token;
    const viaB = await listSms(sandbox, token, { ...MARCH, next_page_token: b });
    expect(b).not.toBe(a);
    expect(viaB.body.next_page_token).toBe(a);
    const again = await listSms(sandbox, token, { ...MARCH, next_page_token: a });
    expect(again.body.next_page_token).toBe(b);
    expect(again.body.sms).toEqual(viaA.body.sms);
  });

  it('rateLimitDailyFarReset: a daily 429 whose Retry-After is years ahead', async () => {
    sandbox.control.failNext('rateLimitDailyFarReset');
    const r = await listSms(sandbox, token, MARCH);
    expect(r.status).toBe(429);
    expect(r.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    const at = Date.parse(r.headers.get('retry-after')!);
    expect(at - sandbox.control.clock.now()).toBeGreaterThan(4 * 365 * 86_400_000);
  });

  it('slowDrip: the full Content-Length, one byte every byteEveryMs', async () => {
    sandbox.control.setFaults({ slowDrip: { everyNth: 1, byteEveryMs: 5 } });
    const got = await new Promise<{ length: number; received: number }>((resolve, reject) => {
      const req = request(`${sandbox.baseUrl}/contact_center/sms?from=2026-03-01&to=2026-03-09&page_size=1`, {
        headers: { authorization: `Bearer ${token}` },
        agent: false,
      });
      req.on('response', (res) => {
        let received = 0;
        let chunks = 0;
        res.on('data', (c: Buffer) => {
          received += c.length;
          chunks += 1;
          // A few one-byte chunks are proof enough; hang up as an impatient client would.
          if (chunks === 5) {
            resolve({ length: Number(res.headers['content-length']), received });
            req.destroy();
          }
        });
      });
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
      req.end();
    });
    expect(got.length).toBeGreaterThan(100);
    expect(got.received).toBe(5);
  });

  it('poisonRecords: malformed times and NUL in 1 of every N records, in pages and in records()', async () => {
    const truth = sandbox.groundTruth(RANGE);
    sandbox.control.setFaults({ poisonRecords: { every: 3 } });
    const served = sandbox.records(RANGE);
    const poisoned = served.filter((r) => r.consumer_display_name?.includes('\u0000'));
    expect(poisoned.length).toBeGreaterThan(0);
    expect(poisoned.length).toBeLessThan(served.length);
    for (const r of poisoned) expect(Number.isNaN(Date.parse(r.end_time))).toBe(true);
    // Ids are unchanged: the ground truth is the same set.
    expect(sandbox.groundTruth(RANGE)).toEqual(truth);
    const page = await listSms(sandbox, token, { ...MARCH, page_size: 100 });
    const onWire = (page.body.sms as Array<{ consumer_display_name: string }>).filter((r) =>
      r.consumer_display_name.includes('\u0000'),
    );
    expect(onWire.length).toBeGreaterThan(0);
    expect(page.text).toContain('\\u0000');
  });

  it('rejects malformed hostile settings', () => {
    expect(() => sandbox.control.setFaults({ poisonRecords: { every: 0 } })).toThrow(/every/);
    expect(() => sandbox.control.setFaults({ loopPageTokens: 'yes' as never })).toThrow(/boolean/);
  });
});
