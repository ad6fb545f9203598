/** The shared limits and names: one definition each, with the errors every package then shows. */
import { describe, expect, it } from 'vitest';
import { ZoomInputError } from '../src/errors.ts';
import {
  checkConcurrency,
  checkPageSize,
  checkWholeNumber,
  filtersOf,
  isRatePlanName,
  MAX_CONCURRENCY,
  SMS_READ_SCOPES_TEXT,
} from '../src/limits.ts';
import { MAX_PAGE_SIZE } from '../src/query.ts';

describe('checkWholeNumber and its two uses', () => {
  it('accepts whole numbers from 1 to the limit', () => {
    expect(checkPageSize('pageSize', 1)).toBe(1);
    expect(checkPageSize('pageSize', MAX_PAGE_SIZE)).toBe(100);
    expect(checkConcurrency('concurrency', MAX_CONCURRENCY)).toBe(64);
  });

  it.each([0, 101, 2.5, Number.NaN, '10', undefined])(
    'refuses %s with the field, the value and the range',
    (value) => {
      const error = (() => {
        try {
          checkPageSize('--page-size', value);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ZoomInputError);
      expect((error as Error).message).toMatch(
        /^--page-size: .* is out of range; use a whole number from 1 to 100$/,
      );
    },
  );

  it('names the limit it was given', () => {
    expect(() => checkWholeNumber('windowConcurrency', 65, MAX_CONCURRENCY)).toThrow(/from 1 to 64/);
  });
});

describe('isRatePlanName', () => {
  it("knows Zoom's plans and nothing else", () => {
    expect(isRatePlanName('pro')).toBe(true);
    expect(isRatePlanName('business')).toBe(true);
    expect(isRatePlanName('enterprise')).toBe(false);
    expect(isRatePlanName('toString')).toBe(false);
    expect(isRatePlanName(undefined)).toBe(false);
  });
});

describe('filtersOf', () => {
  it('keeps the filters and drops the range and the paging', () => {
    expect(
      filtersOf({
        from: '2025-01-01',
        to: '2025-01-31',
        page_size: 50,
        next_page_token: 't',
        direction: 'inbound',
        user_id: 'u1',
      }),
    ).toEqual({ direction: 'inbound', user_id: 'u1' });
  });
});

it('spells both scopes in messages', () => {
  expect(SMS_READ_SCOPES_TEXT).toBe('contact_center_sms:read:admin (or contact_center:read:sms_log:admin)');
});
