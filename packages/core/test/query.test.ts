import { describe, expect, it } from 'vitest';
import { ZoomInputError } from '../src/errors.ts';
import { parseSmsQuery, toSearchParams } from '../src/query.ts';

function inputError(input: unknown): ZoomInputError {
  try {
    parseSmsQuery(input);
  } catch (error) {
    if (error instanceof ZoomInputError) return error;
    throw error;
  }
  throw new Error('expected a ZoomInputError');
}

describe('parseSmsQuery', () => {
  it('accepts every documented parameter', () => {
    const q = {
      from: '2026-01-01',
      to: '2026-01-31T23:59:59Z',
      page_size: 100,
      next_page_token: 'abc',
      country_iso_codes: ['US', 'GB'],
      direction: 'inbound',
      user_id: 'u1',
      engagement_id: 'e1',
      consumer_number: '+14155550123',
    };
    expect(parseSmsQuery(q)).toEqual(q);
  });

  it.each([
    [{ from: '2026-02-01', to: '2026-01-01' }, 'to', 'swap from and to'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from', 'yyyy-mm-dd'],
    [{ from: '2026-01-01' }, 'to', 'pass to as well'],
    [{ to: '2026-01-01' }, 'from', 'pass from as well'],
    [{ country_iso_codes: ['us'] }, 'country_iso_codes', 'two-letter upper-case'],
    [{ country_iso_codes: ['USA'] }, 'country_iso_codes', 'two-letter upper-case'],
    [{ direction: 'sideways' }, 'direction', 'inbound or outbound'],
    [{ page_size: 0 }, 'page_size', '1 to 100'],
    [{ page_size: 101 }, 'page_size', '1 to 100'],
    [{ page_size: 2.5 }, 'page_size', '1 to 100'],
    [{ from: '2026-01-01T25:00:00Z', to: '2026-01-02' }, 'from', 'ISO 8601'],
    [{ from: '01/02/2026', to: '2026-01-02' }, 'from', 'ISO 8601'],
    [{ timezone: 'UTC' }, 'timezone', 'not a List SMS parameter'],
  ])('rejects %j naming %s and the fix', (input, field, fix) => {
    const error = inputError(input);
    expect(error.field).toBe(field);
    expect(error.message).toContain(fix);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('names the value in the message', () => {
    expect(inputError({ from: '2026-02-30', to: '2026-03-01' }).message).toContain('"2026-02-30"');
    expect(inputError({ country_iso_codes: ['US', 'usa'] }).value).toBe('usa');
  });
});

describe('toSearchParams', () => {
  it('repeats country_iso_codes and keeps a fixed key order', () => {
    const a = toSearchParams({
      direction: 'outbound',
      country_iso_codes: ['US', 'CA'],
      to: '2026-01-31',
      from: '2026-01-01',
    });
    const b = toSearchParams({
      from: '2026-01-01',
      to: '2026-01-31',
      country_iso_codes: ['US', 'CA'],
      direction: 'outbound',
    });
    expect(a.toString()).toBe(
      'from=2026-01-01&to=2026-01-31&country_iso_codes=US&country_iso_codes=CA&direction=outbound',
    );
    expect(a.toString()).toBe(b.toString());
  });
  it('omits an empty page token', () => {
    expect(toSearchParams({ next_page_token: '' }).toString()).toBe('');
  });
});
