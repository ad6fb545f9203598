import { describe, expect, it } from 'vitest';
import { toZoomBound, wallTimeToUtc } from '../nodes/ZoomContactCenter/actions/sms/date-bounds.ts';

describe('toZoomBound', () => {
  it('sends instants with an offset as UTC, and keeps date-only values for Zoom to read', () => {
    expect(toZoomBound('from', '2026-03-01T10:00:00+05:30', 'UTC')).toBe('2026-03-01T04:30:00Z');
    expect(toZoomBound('from', '2026-03-01T10:00:00.250Z', 'UTC')).toBe('2026-03-01T10:00:00Z');
    expect(toZoomBound('from', '2026-03-01', 'America/New_York')).toBe('2026-03-01');
    expect(toZoomBound('from', '', 'UTC')).toBeUndefined();
    expect(toZoomBound('from', undefined, 'UTC')).toBeUndefined();
  });

  it('reads wall-clock times in the workflow time zone, across daylight-saving changes', () => {
    expect(toZoomBound('from', '2026-03-07T12:00:00', 'America/New_York')).toBe('2026-03-07T17:00:00Z'); // EST
    expect(toZoomBound('from', '2026-03-09T12:00:00', 'America/New_York')).toBe('2026-03-09T16:00:00Z'); // EDT
    expect(toZoomBound('from', '2026-01-15 08:30', 'Asia/Kolkata')).toBe('2026-01-15T03:00:00Z');
    expect(wallTimeToUtc(Date.UTC(2026, 9, 25, 1, 30), 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 24, 23, 30));
  });

  it('accepts Date and Luxon-like values from expressions', () => {
    expect(toZoomBound('to', new Date('2026-05-01T00:00:00Z'), 'UTC')).toBe('2026-05-01T00:00:00Z');
    expect(toZoomBound('to', { toISO: () => '2026-05-01T02:00:00.000+02:00' }, 'UTC')).toBe(
      '2026-05-01T00:00:00Z',
    );
  });

  it('rejects what is not a date with the field, the value and the fix', () => {
    expect(() => toZoomBound('to', 'next tuesday', 'UTC')).toThrow(
      /^to: "next tuesday" is not a date; use an ISO 8601/,
    );
    expect(() => toZoomBound('to', '2026-13-01T00:00:00', 'UTC')).toThrow(/is not a real date/);
  });
});
