import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { boundaryVariants, DEFAULT_VARIANTS, startSandbox } from '../src/index.ts';
import { collectAll, listSms, requestToken } from './support/http.ts';

let sandbox: Sandbox;
let token: string;
const NOW = '2026-04-01T00:00:00Z';
const JANUARY = { from: '2026-01-01', to: '2026-01-31', page_size: 100 };

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: NOW },
    dataset: { from: '2025-11-01', to: '2026-03-31', records: 6_000, seed: 42 },
  });
  token = await requestToken(sandbox);
});
afterAll(() => sandbox.stop());
afterEach(() => {
  sandbox.control.setVariants({ ...DEFAULT_VARIANTS });
  sandbox.control.clock.set(NOW);
});

describe('paging a whole month', () => {
  it.each(boundaryVariants())('collects exactly the ground truth under %j', async (variant) => {
    sandbox.control.setVariants(variant);
    for (const query of [
      JANUARY,
      { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z', page_size: 100 },
    ]) {
      const { ids, pages } = await collectAll(sandbox, token, query);
      const truth = sandbox.groundTruth({ from: query.from, to: query.to });
      expect(truth.length).toBeGreaterThan(500);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(truth);
      expect(pages).toBe(Math.ceil(truth.length / 100));
    }
  });

  it('returns records newest first by the bound field, then engagement id, identically on every run', async () => {
    for (const boundField of ['start_time', 'end_time'] as const) {
      sandbox.control.setVariants({ boundField });
      const first = await collectAll(sandbox, token, JANUARY);
      const second = await collectAll(sandbox, token, JANUARY);
      expect(second.ids).toEqual(first.ids);
      const keys = first.records.map((r) => `${r[boundField]}|${r.engagement_id}`);
      expect(keys).toEqual([...keys].sort().reverse());
    }
  });

  it('recordOrder shuffled: the same records and pages, each page out of newest-first order', async () => {
    const ordered = await collectAll(sandbox, token, JANUARY);
    sandbox.control.setVariants({ recordOrder: 'shuffled' });
    const shuffled = await collectAll(sandbox, token, JANUARY);
    expect(shuffled.pages).toBe(ordered.pages);
    expect([...shuffled.ids].sort()).toEqual([...ordered.ids].sort());
    const keys = shuffled.records.slice(0, 100).map((r) => `${r.start_time}|${r.engagement_id}`);
    expect(keys).not.toEqual([...keys].sort().reverse());
  });

  it('honours toInclusive on records at exactly `to`', async () => {
    const to = '2026-02-01T00:00:00Z';
    const atTo = sandbox.records({ from: to, to }).map((r) => r.engagement_id);
    expect(atTo.length).toBeGreaterThanOrEqual(2); // boundary records at the first second of the month
    const inclusive = await collectAll(sandbox, token, { from: '2026-01-01T00:00:00Z', to, page_size: 100 });
    expect(inclusive.ids).toEqual(expect.arrayContaining(atTo));
    sandbox.control.setVariants({ toInclusive: false });
    const exclusive = await collectAll(sandbox, token, { from: '2026-01-01T00:00:00Z', to, page_size: 100 });
    for (const id of atTo) expect(exclusive.ids).not.toContain(id);
  });

  it('a cut over-month query pages exactly [from, from + 1 month]', async () => {
    sandbox.control.setVariants({ overMonth: 'cut' });
    const { ids } = await collectAll(sandbox, token, {
      from: '2026-01-01',
      to: '2026-03-31',
      page_size: 100,
    });
    expect([...ids].sort()).toEqual(
      sandbox.groundTruth({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }),
    );
  });
});

describe('next_page_token', () => {
  it('is bound to the exact query', async () => {
    const first = await listSms(sandbox, token, JANUARY);
    const next = first.body.next_page_token;
    expect(next).not.toBe('');
    for (const changed of [
      { ...JANUARY, page_size: 50 },
      { ...JANUARY, to: '2026-01-30' },
      { ...JANUARY, direction: 'inbound' },
      { ...JANUARY, country_iso_codes: 'US' },
    ]) {
      const r = await listSms(sandbox, token, { ...changed, next_page_token: next });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ code: 300, message: 'The next page token is invalid or expired.' });
    }
    expect((await listSms(sandbox, token, { ...JANUARY, next_page_token: next })).status).toBe(200);
  });

  it('rejects an altered or made-up token', async () => {
    const first = await listSms(sandbox, token, JANUARY);
    const next: string = first.body.next_page_token;
    const altered = next.slice(0, -2) + (next.endsWith('A') ? 'BB' : 'AA');
    for (const bad of [altered, 'garbage', `${next}x`]) {
      const r = await listSms(sandbox, token, { ...JANUARY, next_page_token: bad });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe(300);
    }
  });

  it('expires 15 minutes of sandbox time after issue', async () => {
    const first = await listSms(sandbox, token, JANUARY);
    sandbox.control.clock.advance(15 * 60_000);
    expect(
      (await listSms(sandbox, token, { ...JANUARY, next_page_token: first.body.next_page_token })).status,
    ).toBe(200);
    sandbox.control.clock.advance(1);
    const late = await listSms(sandbox, token, { ...JANUARY, next_page_token: first.body.next_page_token });
    expect(late.status).toBe(400);
    expect(late.body).toEqual({ code: 300, message: 'The next page token is invalid or expired.' });
  });

  it('can be expired on command', async () => {
    const first = await listSms(sandbox, token, JANUARY);
    sandbox.control.expirePageTokens();
    expect(
      (await listSms(sandbox, token, { ...JANUARY, next_page_token: first.body.next_page_token })).status,
    ).toBe(400);
    const fresh = await listSms(sandbox, token, JANUARY);
    expect(
      (await listSms(sandbox, token, { ...JANUARY, next_page_token: fresh.body.next_page_token })).status,
    ).toBe(200);
  });

  it('keeps the default 24 h window fixed while paging as the clock moves', async () => {
    sandbox.control.clock.set('2026-01-15T18:00:00Z');
    const first = await listSms(sandbox, token, { page_size: 5 });
    sandbox.control.clock.advance(10 * 60_000);
    const second = await listSms(sandbox, token, {
      page_size: 5,
      next_page_token: first.body.next_page_token,
    });
    expect(second.body.from).toBe(first.body.from);
    expect(second.body.to).toBe(first.body.to);
  });
});

describe('late-arriving engagements', () => {
  it('appear later in an already-synced window, and a running token chain neither skips nor repeats', async () => {
    const late = await startSandbox({
      clock: { mode: 'manual', start: '2026-01-20T00:00:00Z' },
      dataset: { from: '2026-01-01', to: '2026-01-31', records: 3000, seed: 5, lateFraction: 0.2 },
    });
    try {
      const t = await requestToken(late);
      const window = { from: '2026-01-10', to: '2026-01-18', page_size: 100 };
      const before = late.groundTruth(window);
      // Page halfway, let a day pass (more engagements complete), then finish the chain.
      const ids: string[] = [];
      let r = await listSms(late, t, window);
      ids.push(...r.body.sms.map((s: { engagement_id: string }) => s.engagement_id));
      late.control.clock.advance(14 * 60_000);
      while (r.body.next_page_token !== '') {
        r = await listSms(late, t, { ...window, next_page_token: r.body.next_page_token });
        ids.push(...r.body.sms.map((s: { engagement_id: string }) => s.engagement_id));
      }
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of before) expect(ids).toContain(id);

      late.control.clock.advance(3 * 86_400_000);
      const t2 = await requestToken(late);
      const after = late.groundTruth(window);
      expect(after.length).toBeGreaterThan(before.length);
      const appeared = after.filter((id) => !before.includes(id));
      const records = late.records(window).filter((x) => appeared.includes(x.engagement_id));
      for (const x of records) expect(x.end_time < '2026-01-20T00:00:00Z').toBe(true);
      const { ids: resynced } = await collectAll(late, t2, window);
      expect([...resynced].sort()).toEqual(after);
    } finally {
      await late.stop();
    }
  });
});
