import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox, SmsRecord } from '../src/index.ts';
import { startSandbox } from '../src/index.ts';
import { listSms, requestToken } from './support/http.ts';

const CLOCK = { mode: 'manual', start: '2026-03-01T00:00:00Z' } as const;
const DATASET = { from: '2025-01-01', to: '2026-01-31', records: 20_000, seed: 99 };
let sandbox: Sandbox;
let all: SmsRecord[];

beforeAll(async () => {
  sandbox = await startSandbox({ clock: CLOCK, dataset: DATASET });
  all = sandbox.records({ from: '2025-01-01', to: '2026-01-31' });
});
afterAll(() => sandbox.stop());

describe('generated data', () => {
  it('13 months, 20,000 records, all visible once the clock is past them', () => {
    expect(sandbox.dataset).toMatchObject({
      records: 20_000,
      from: '2025-01-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
    });
    expect(all).toHaveLength(20_000);
    expect(new Set(all.map((r) => r.engagement_id)).size).toBe(20_000);
  });

  it('spike profile: one day of the month holds at least 90 % of its records', async () => {
    const spiky = await startSandbox({
      clock: CLOCK,
      dataset: { from: '2025-06-01', to: '2025-06-30', records: 8_000, seed: 5, profile: 'spike' },
    });
    try {
      const days = new Map<string, number>();
      for (const r of spiky.records({ from: '2025-06-01', to: '2025-06-30' })) {
        const day = r.start_time.slice(0, 10);
        days.set(day, (days.get(day) ?? 0) + 1);
      }
      expect(Math.max(...days.values())).toBeGreaterThanOrEqual(0.9 * 8_000);
    } finally {
      await spiky.stop();
    }
  });

  it('is deterministic: same seed, same records; another seed, other ids', async () => {
    const twin = await startSandbox({ clock: CLOCK, dataset: DATASET });
    const other = await startSandbox({ clock: CLOCK, dataset: { ...DATASET, seed: 100 } });
    try {
      expect(twin.records({ from: '2025-06-01', to: '2025-06-30' })).toEqual(
        sandbox.records({ from: '2025-06-01', to: '2025-06-30' }),
      );
      const mine = new Set(sandbox.groundTruth({ from: '2025-06-01', to: '2025-06-30' }));
      expect(other.groundTruth({ from: '2025-06-01', to: '2025-06-30' }).some((id) => mine.has(id))).toBe(
        false,
      );
    } finally {
      await Promise.all([twin.stop(), other.stop()]);
    }
  });

  it('has records on the first and last second of every month, and across month ends', () => {
    const starts = new Set(all.map((r) => r.start_time));
    const ends = new Set(all.map((r) => r.end_time));
    for (let m = 0; m < 13; m++) {
      const first = new Date(Date.UTC(2025, m, 1));
      const last = new Date(Date.UTC(2025, m + 1, 1) - 1000);
      const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
      expect(starts.has(iso(first))).toBe(true);
      expect(starts.has(iso(last))).toBe(true);
      if (m > 0) expect(ends.has(iso(first))).toBe(true);
      expect(ends.has(iso(last))).toBe(true);
    }
    const crossing = all.filter((r) => r.start_time.slice(0, 7) !== r.end_time.slice(0, 7));
    expect(crossing.length).toBeGreaterThan(13);
  });

  it('has a realistic, awkward shape', () => {
    const e164 = /^\+[1-9]\d{7,14}$/;
    for (const r of all.slice(0, 2000)) {
      expect(r.consumer_number).toMatch(e164);
      expect(r.contact_center_number).toMatch(e164);
      expect(r.start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(r.end_time >= r.start_time).toBe(true);
      expect(r.agents.length).toBeGreaterThanOrEqual(1);
      expect(r.agents.length).toBeLessThanOrEqual(3);
      expect(new Set(r.agents.map((a) => a.user_id)).size).toBe(r.agents.length);
      expect(r.queues.length).toBeGreaterThanOrEqual(1);
      for (const q of r.queues)
        expect(Object.keys(q).sort()).toEqual(['cc_queue_id', 'queue_id', 'queue_name']);
      expect(['sms'].concat(r.sms_types.includes('mms') ? ['mms'] : [])).toEqual(r.sms_types);
    }
    const names = all.map((r) => r.consumer_display_name).join('');
    for (const awkward of ['"', ',', '\n', '😀', 'ש', 'م']) expect(names).toContain(awkward);
    expect(new Set(all.map((r) => r.country_name)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((r) => r.direction))).toEqual(new Set(['inbound', 'outbound']));
    expect(all.some((r) => r.sms_types.includes('mms') && Number(r.total_received_files) > 0)).toBe(true);
    expect(all.some((r) => r.consumer_number === '' || r.consumer_number.startsWith('+1'))).toBe(true);
  });

  it('has empty days and busy days', () => {
    const perDay = new Map<string, number>();
    for (const r of all)
      perDay.set(r.start_time.slice(0, 10), (perDay.get(r.start_time.slice(0, 10)) ?? 0) + 1);
    const days = 396;
    expect(perDay.size).toBeLessThan(days);
    const counts = [...perDay.values()].sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)]!;
    expect(counts.at(-1)!).toBeGreaterThan(median * 3);
  });

  it('holds late arrivals back until their visibleAt', async () => {
    const early = await startSandbox({
      clock: { mode: 'manual', start: '2025-06-11T00:00:00Z' },
      dataset: { ...DATASET, lateFraction: 0.1 },
    });
    try {
      const visibleNow = early.groundTruth({ from: '2025-06-01', to: '2025-06-10' });
      const eventually = sandbox.groundTruth({ from: '2025-06-01', to: '2025-06-10' });
      expect(visibleNow.length).toBeLessThan(eventually.length);
      early.control.clock.set('2025-06-30T00:00:00Z');
      expect(early.groundTruth({ from: '2025-06-01', to: '2025-06-10' })).toHaveLength(eventually.length);
    } finally {
      await early.stop();
    }
  });

  it('holds back engagements that have not ended yet', async () => {
    const running = await startSandbox({
      clock: { mode: 'manual', start: '2025-06-15T12:00:00Z' },
      dataset: DATASET,
    });
    try {
      for (const r of running.records({ from: '2025-06-14', to: '2025-06-15' })) {
        expect(r.end_time <= '2025-06-15T12:00:00Z').toBe(true);
      }
    } finally {
      await running.stop();
    }
  });

  it('plays the queue-id and long-as-string variants', async () => {
    const token = await requestToken(sandbox);
    const q = { from: '2025-03-01', to: '2025-03-31' };
    sandbox.control.setVariants({ queueIdFields: 'cc_only', longAsString: true });
    const r = await listSms(sandbox, token, q);
    expect(Object.keys(r.body.sms[0].queues[0]).sort()).toEqual(['cc_queue_id', 'queue_name']);
    expect(typeof r.body.sms[0].total_sent_messages).toBe('string');
    expect(r.body.sms[0].total_sent_messages).toMatch(/^\d+$/);
    sandbox.control.setVariants({ queueIdFields: 'legacy_only', longAsString: false });
    const legacy = await listSms(sandbox, token, q);
    expect(Object.keys(legacy.body.sms[0].queues[0]).sort()).toEqual(['queue_id', 'queue_name']);
    expect(typeof legacy.body.sms[0].total_sent_messages).toBe('number');
    sandbox.control.setVariants({ queueIdFields: 'both' });
  });

  it('generates a large data set compactly and quickly', async () => {
    const started = performance.now();
    const big = await startSandbox({
      clock: CLOCK,
      dataset: { from: '2025-01-01', to: '2025-01-31', records: 300_000, seed: 1, profile: 'uniform' },
    });
    try {
      expect(performance.now() - started).toBeLessThan(5000);
      const token = await requestToken(big);
      const r = await listSms(big, token, { from: '2025-01-01', to: '2025-01-31', page_size: 100 });
      expect(r.body.total_records).toBe(300_000);
      expect(r.body.sms).toHaveLength(100);
    } finally {
      await big.stop();
    }
  });
});
