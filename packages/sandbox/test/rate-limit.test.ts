import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { DAILY_MESSAGE, DEFAULT_VARIANTS, PER_SECOND_MESSAGE, startSandbox } from '../src/index.ts';
import { listSms, postJson, requestToken } from './support/http.ts';

let sandbox: Sandbox;
let token: string;
const NOW = '2026-03-10T12:00:00Z';

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: NOW },
    rateLimit: 'pro',
    tokenLifetimeSec: 30 * 86_400, // the clock jumps across days here
    dataset: { from: '2026-03-01', to: '2026-03-09', records: 500 },
  });
  token = await requestToken(sandbox);
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  sandbox.control.clock.set(NOW);
  token = await requestToken(sandbox);
  sandbox.control.setVariants({ ...DEFAULT_VARIANTS });
  sandbox.control.setRateLimit('pro');
  sandbox.control.resetStats();
});

async function statuses(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await listSms(sandbox, token)).status);
  return out;
}

describe('per-second limit (HEAVY, Pro: 5/s)', () => {
  it('answers the 6th request in the same instant with 429, body and headers as Zoom documents', async () => {
    expect(await statuses(5)).toEqual([200, 200, 200, 200, 200]);
    const r = await listSms(sandbox, token);
    expect(r.status).toBe(429);
    expect(r.body).toEqual({ code: 429, message: PER_SECOND_MESSAGE });
    expect(r.body.message).toBe(
      'You have reached the maximum per-second rate limit for this API. Try again later.',
    );
    expect(r.headers.get('x-ratelimit-category')).toBe('Heavy');
    expect(r.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(r.headers.get('x-ratelimit-limit')).toBe('5');
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(r.headers.get('retry-after')).toBe('2026-03-10T12:00:01Z');
    expect(r.headers.get('x-zm-trackingid')).toBeTruthy();
    expect(sandbox.stats().rateLimited).toEqual({ perSecond: 1, daily: 0 });
  });

  it('offers Retry-After in seconds', async () => {
    sandbox.control.setVariants({ retryAfter: 'seconds' });
    await statuses(5);
    const r = await listSms(sandbox, token);
    expect(r.headers.get('retry-after')).toBe('1');
  });

  it('can omit every rate-limit header', async () => {
    sandbox.control.setVariants({ rateLimitHeaders: 'none' });
    await statuses(5);
    const r = await listSms(sandbox, token);
    expect(r.status).toBe(429);
    expect(r.body).toEqual({ code: 429, message: PER_SECOND_MESSAGE });
    for (const h of [
      'x-ratelimit-category',
      'x-ratelimit-type',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
    ]) {
      expect(r.headers.get(h)).toBeNull();
    }
    expect(r.headers.get('retry-after')).toBeNull();
  });

  it('refills continuously and does not charge rejected requests', async () => {
    await statuses(5);
    expect(await statuses(3)).toEqual([429, 429, 429]);
    sandbox.control.clock.advance(200);
    expect(await statuses(2)).toEqual([200, 429]);
  });

  it('never rejects an evenly paced client at the limit', async () => {
    const seen: number[] = [];
    for (let i = 0; i < 40; i++) {
      seen.push((await listSms(sandbox, token)).status);
      sandbox.control.clock.advance(200);
    }
    expect(seen.every((s) => s === 200)).toBe(true);
  });

  it('uses the Business preset and custom limits set at run time', async () => {
    sandbox.control.setRateLimit('business');
    expect((await statuses(11)).filter((s) => s === 429)).toHaveLength(1);
    await postJson(`${sandbox.adminUrl}/rate-limit`, { perSecond: 2, daily: null });
    sandbox.control.clock.advance(5000);
    expect(await statuses(3)).toEqual([200, 200, 429]);
  });
});

describe('daily limit', () => {
  // A day of its own: the daily count survives setRateLimit and resetStats within one UTC day.
  beforeEach(async () => {
    sandbox.control.clock.set('2026-03-20T12:00:00Z');
    token = await requestToken(sandbox);
  });

  it('answers 429 with the daily message until 00:00 UTC of the sandbox clock', async () => {
    sandbox.control.setRateLimit({ daily: 3 });
    const ok = await listSms(sandbox, token);
    expect(ok.headers.get('x-ratelimit-limit')).toBe('3');
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(await statuses(2)).toEqual([200, 200]);
    const r = await listSms(sandbox, token);
    expect(r.status).toBe(429);
    expect(r.body).toEqual({ code: 429, message: DAILY_MESSAGE });
    expect(r.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expect(r.headers.get('x-ratelimit-limit')).toBe('3');
    expect(r.headers.get('retry-after')).toBe('2026-03-21T00:00:00Z');
    expect(sandbox.stats().rateLimited.daily).toBe(1);

    sandbox.control.clock.set('2026-03-20T23:59:59.999Z');
    expect((await listSms(sandbox, token)).status).toBe(429);
    sandbox.control.clock.set('2026-03-21T00:00:00Z');
    expect(await statuses(4)).toEqual([200, 200, 200, 429]);
  });

  it('reports seconds until midnight in the seconds variant', async () => {
    sandbox.control.setRateLimit({ daily: 1 });
    sandbox.control.setVariants({ retryAfter: 'seconds' });
    await statuses(1);
    const r = await listSms(sandbox, token);
    expect(r.headers.get('retry-after')).toBe(String(12 * 3600));
  });
});
