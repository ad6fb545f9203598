import { describe, expect, it } from 'vitest';
import { isBehindAnchor, narrowing, observeOrder, orderBroken, UNKNOWN_ORDER } from '../src/record-order.ts';

const at = (start: string, end = start) => ({
  start_time: `2026-01-${start}Z`,
  end_time: `2026-01-${end}Z`,
});
const ms = (text: string) => Date.parse(`2026-01-${text}Z`);

describe('record order', () => {
  it('keeps a field sorted while no record is newer than the one before it (ties allowed)', () => {
    const order = observeOrder(UNKNOWN_ORDER, [at('20T10:00:00'), at('20T10:00:00'), at('19T00:00:00')]);
    expect(order).toMatchObject({ startSorted: true, endSorted: true, lastStartMs: ms('19T00:00:00') });
  });

  it('sorted by start only: narrows one second past the oldest start', () => {
    const order = observeOrder(UNKNOWN_ORDER, [
      at('20T10:00:00', '20T12:00:00'),
      at('19T10:00:00', '21T00:00:00'),
    ]);
    expect(order.endSorted).toBe(false);
    expect(narrowing(order, ms('31T23:59:59'))?.toMs).toBe(ms('19T10:00:01'));
  });

  it('both fields sorted: narrows past the later of the two, which covers either bound field', () => {
    const order = observeOrder(UNKNOWN_ORDER, [at('20T10:00:00', '20T11:00:00')]);
    expect(narrowing(order, ms('31T23:59:59'))?.toMs).toBe(ms('20T11:00:01'));
  });

  it('neither field sorted: broken, no narrowing', () => {
    const order = observeOrder(UNKNOWN_ORDER, [at('19T00:00:00'), at('20T00:00:00')]);
    expect(orderBroken(order)).toBe(true);
    expect(narrowing(order, ms('31T23:59:59'))).toBeUndefined();
  });

  it('never widens: no narrowing when the anchor is in the last second of the range', () => {
    const order = observeOrder(UNKNOWN_ORDER, [at('20T10:00:00')]);
    expect(narrowing(order, ms('20T10:00:01'))).toBeUndefined();
    expect(narrowing(undefined, ms('20T10:00:01'))).toBeUndefined();
  });

  it('a record newer than the anchor on every sorted field came before', () => {
    const order = observeOrder(UNKNOWN_ORDER, [
      at('20T10:00:00', '20T12:00:00'),
      at('19T10:00:00', '21T00:00:00'),
    ]);
    const anchor = narrowing(order, ms('31T23:59:59'))!.anchor;
    expect(isBehindAnchor(at('19T10:00:01', '19T10:00:02'), anchor)).toBe(true);
    expect(isBehindAnchor(at('19T10:00:00', '25T00:00:00'), anchor)).toBe(false);
  });
});
