import { describe, expect, it } from 'vitest';
import { createClock, parseClockSpec } from '../src/clock.ts';
import { addMonthsSec, formatIsoSec, isoToSec, parseZoomDate } from '../src/dates.ts';
import { createFaultEngine } from '../src/faults.ts';
import { sampleLatency } from '../src/latency.ts';
import { permute32, unpermute32 } from '../src/prng.ts';
import { decideRate, initialRateState, resolveRateLimit, retryAfterValue } from '../src/rate-limit.ts';

describe('dates', () => {
  it('adds calendar months with clamping', () => {
    const add = (iso: string) => formatIsoSec(addMonthsSec(isoToSec(iso), 1, 0));
    expect(add('2026-01-31T10:00:00Z')).toBe('2026-02-28T10:00:00Z');
    expect(add('2028-01-31T00:00:00Z')).toBe('2028-02-29T00:00:00Z');
    expect(add('2026-12-15T23:59:59Z')).toBe('2027-01-15T23:59:59Z');
  });

  it('adds months in the local calendar of an offset', () => {
    // 2026-01-31T20:00:00-05:00 is Feb 1 in UTC; +1 month locally is 2026-02-28T20:00-05:00.
    const sec = isoToSec('2026-02-01T01:00:00Z');
    expect(formatIsoSec(addMonthsSec(sec, 1, -300))).toBe('2026-03-01T01:00:00Z');
  });

  it('parses what the spec allows and rejects impossible dates', () => {
    expect(parseZoomDate('2026-02-29')).toEqual({ ok: false, reason: 'impossible' });
    expect(parseZoomDate('2028-02-29').ok).toBe(true);
    expect(parseZoomDate('2026-01-01T00:00:00+0530')).toEqual({
      ok: true,
      value: { kind: 'datetime', epochSec: isoToSec('2025-12-31T18:30:00Z'), offsetMin: 330 },
    });
    expect(parseZoomDate('2026-01-01 00:00:00')).toEqual({ ok: false, reason: 'format' });
  });
});

describe('rate limit policy', () => {
  it('refills the bucket continuously', () => {
    const limit = resolveRateLimit('pro');
    let state = initialRateState(limit, 0);
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = decideRate(state, limit, 0);
      state = r.state;
      kinds.push(r.decision.kind);
    }
    expect(kinds).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'perSecond']);
    const later = decideRate(state, limit, 200);
    expect(later.decision.kind).toBe('ok');
  });

  it('formats Retry-After as ISO or seconds', () => {
    expect(
      retryAfterValue(Date.parse('2026-01-01T00:00:00.200Z'), Date.parse('2026-01-01T00:00:00Z'), 'iso'),
    ).toBe('2026-01-01T00:00:01Z');
    expect(retryAfterValue(1200, 0, 'seconds')).toBe('2');
  });
});

describe('clock', () => {
  it('accelerates wall time', () => {
    let wall = 1000;
    const clock = createClock({ mode: 'accelerated', factor: 60, start: '2026-01-01T00:00:00Z' }, () => wall);
    wall += 1000;
    expect(new Date(clock.now()).toISOString()).toBe('2026-01-01T00:01:00.000Z');
    clock.advance(3_600_000);
    expect(new Date(clock.now()).toISOString()).toBe('2026-01-01T01:01:00.000Z');
  });

  it('parses CLI specs', () => {
    expect(parseClockSpec('accelerated:10@2026-01-01T00:00:00Z')).toEqual({
      mode: 'accelerated',
      factor: 10,
      start: '2026-01-01T00:00:00Z',
    });
    expect(() => parseClockSpec('fast')).toThrow();
  });
});

describe('randomness', () => {
  it('permute32 is a bijection', () => {
    for (const v of [0, 1, 12345, 0xffffffff, 5_000_000]) expect(unpermute32(permute32(v, 77), 77)).toBe(v);
  });

  it('fault schedules and latency samples repeat for a seed', () => {
    const draws = (seed: number) => {
      const engine = createFaultEngine(seed, { badGateway: { probability: 0.3 } });
      return Array.from({ length: 50 }, () => engine.draw().response);
    };
    expect(draws(1)).toEqual(draws(1));
    expect(draws(1)).not.toEqual(draws(2));
    const p99 = sampleLatency({ kind: 'lognormal', medianMs: 100, p99Ms: 1000 }, 0.5, 0.0);
    expect(Math.round(p99)).toBeGreaterThan(100);
    expect(sampleLatency({ kind: 'fixed', ms: 7 }, 0.1, 0.2)).toBe(7);
  });
});

describe('record serialisation', () => {
  it('formats timestamps like Date#toISOString without milliseconds', () => {
    for (const sec of [0, 951_782_400, 1_709_164_799, 1_767_225_599, 4_102_444_800]) {
      expect(formatIsoSec(sec)).toBe(`${new Date(sec * 1000).toISOString().slice(0, 19)}Z`);
    }
  });
});
