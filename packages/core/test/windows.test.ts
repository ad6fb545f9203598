import { describe, expect, it } from 'vitest';
import { fitsOneMonth, isWindowId, monthWindows, splitWindow, touchesSharedEdge } from '../src/windows.ts';

describe('monthWindows', () => {
  it('splits a year into 12 calendar months that share their edges', () => {
    const windows = monthWindows('2025-01-01', '2025-12-31');
    expect(windows).toHaveLength(12);
    expect(windows[0]).toMatchObject({
      from: '2025-01-01',
      to: '2025-02-01T00:00:00Z',
      sharedEdges: [Date.UTC(2025, 1, 1)],
    });
    expect(windows[11]).toMatchObject({ from: '2025-12-01T00:00:00Z', to: '2025-12-31' });
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.from).toBe(windows[i - 1]!.to);
    expect(windows.every(fitsOneMonth)).toBe(true);
  });

  it('keeps the outer bounds exactly as given so Zoom reads date-only days itself', () => {
    const windows = monthWindows('2026-01-15T08:30:00+05:30', '2026-03-10');
    expect(windows.map((w) => [w.from, w.to])).toEqual([
      ['2026-01-15T08:30:00+05:30', '2026-02-01T00:00:00Z'],
      ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'],
      ['2026-03-01T00:00:00Z', '2026-03-10'],
    ]);
    expect(windows[0]!.sharedEdges).toEqual([Date.UTC(2026, 1, 1)]);
    expect(windows[2]!.sharedEdges).toEqual([Date.UTC(2026, 2, 1)]);
  });

  it('handles February in leap and common years', () => {
    expect(monthWindows('2024-02-01', '2024-02-29')).toHaveLength(1);
    expect(monthWindows('2024-02-01', '2024-03-01').map((w) => w.to)).toEqual([
      '2024-03-01T00:00:00Z',
      '2024-03-01',
    ]);
    expect(monthWindows('2023-01-31', '2023-03-01')).toHaveLength(3);
  });

  it('gives one window to a range inside one month and to a range ending exactly on a month edge', () => {
    expect(monthWindows('2026-05-03T10:00:00Z', '2026-05-03T11:00:00Z')).toHaveLength(1);
    const [only] = monthWindows('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(only).toMatchObject({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', sharedEdges: [] });
  });

  it('puts offsets on the UTC month grid', () => {
    // 2026-01-31T20:00:00-12:00 is 2026-02-01T08:00:00Z: the first edge is 1 March.
    const windows = monthWindows('2026-01-31T20:00:00-12:00', '2026-03-15T00:00:00Z');
    expect(windows.map((w) => w.to)).toEqual(['2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z']);
  });

  it('gives windows stable, unique, file-name-safe ids', () => {
    const ids = monthWindows('2020-01-01', '2026-12-31').map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('20200101T000000Z-20200201T000000Z');
    expect(ids.every((id) => /^[0-9TZ-]+$/.test(id))).toBe(true);
  });

  it('recognises the ids it makes, sub-windows included, and nothing else', () => {
    const [month] = monthWindows('2026-01-01', '2026-01-31');
    for (const w of [month!, ...splitWindow(month!, 7)]) expect(isWindowId(w.id)).toBe(true);
    for (const bad of ['../x', '20260101T000000Z', '20260101T000000.5Z-20260201T000000Z', 42, undefined])
      expect(isWindowId(bad)).toBe(false);
  });

  it('rejects reversed and impossible ranges', () => {
    expect(() => monthWindows('2026-03-01', '2026-02-01')).toThrow(/before from/);
    expect(() => monthWindows('2026-02-30', '2026-03-01')).toThrow(/from: "2026-02-30" is not a date/);
  });
});

describe('splitWindow', () => {
  it('splits a month into equal sub-windows whose edges are shared', () => {
    const [jan] = monthWindows('2026-01-01', '2026-01-31');
    const parts = splitWindow(jan!, 4);
    expect(parts).toHaveLength(4);
    expect(parts[0]!.from).toBe('2026-01-01');
    expect(parts[3]!.to).toBe('2026-01-31');
    for (let i = 1; i < 4; i++) expect(parts[i]!.from).toBe(parts[i - 1]!.to);
    expect(parts[0]!.sharedEdges).toEqual([Date.parse(parts[0]!.to)]);
    expect(parts[1]!.sharedEdges).toHaveLength(2);
  });

  it('keeps the month edges a window already shares', () => {
    const [, feb] = monthWindows('2026-01-01', '2026-03-31');
    const parts = splitWindow(feb!, 2);
    expect(parts[0]!.sharedEdges).toContain(Date.UTC(2026, 1, 1));
    expect(parts[1]!.sharedEdges).toContain(Date.UTC(2026, 2, 1));
  });

  it('does not split below one second', () => {
    const [w] = monthWindows('2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z');
    expect(splitWindow(w!, 10)).toHaveLength(2);
  });
});

describe('touchesSharedEdge', () => {
  const [jan, feb] = monthWindows('2026-01-01', '2026-02-28');
  it('flags records starting or ending exactly on a shared edge, in any ISO spelling', () => {
    expect(touchesSharedEdge({ start_time: '2026-02-01T00:00:00Z' }, jan!)).toBe(true);
    expect(
      touchesSharedEdge({ start_time: '2026-01-31T23:00:00Z', end_time: '2026-02-01T00:00:00.000Z' }, feb!),
    ).toBe(true);
    expect(touchesSharedEdge({ start_time: '2026-02-01T05:30:00+05:30' }, feb!)).toBe(true);
  });
  it('ignores outer bounds and other instants', () => {
    expect(touchesSharedEdge({ start_time: '2026-01-01T00:00:00Z' }, jan!)).toBe(false);
    expect(
      touchesSharedEdge({ start_time: '2026-01-31T23:59:59Z', end_time: '2026-02-01T00:00:01Z' }, jan!),
    ).toBe(false);
  });
});
