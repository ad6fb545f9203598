import { ZoomInputError } from '@zcc-sms/core';
import { describe, expect, it } from 'vitest';
import { getManyRequest } from '../nodes/ZoomContactCenter/actions/sms/get-many-request.ts';

describe('getManyRequest: n8n parameters → core query', () => {
  it('maps every filter to the endpoint parameter, and empty filters to none', () => {
    const request = getManyRequest(
      {
        returnAll: true,
        from: '2025-02-01T00:00:00Z',
        to: '2026-02-28T23:59:59Z',
        filters: {
          direction: 'outbound',
          countryIsoCodes: ['us', 'GB', 'US'],
          userId: ' agent-1 ',
          engagementId: 'eng-9',
          consumerNumber: '+14155550123',
        },
      },
      'UTC',
    );
    expect(request.query).toEqual({
      from: '2025-02-01T00:00:00Z',
      to: '2026-02-28T23:59:59Z',
      direction: 'outbound',
      country_iso_codes: ['US', 'GB'],
      user_id: 'agent-1',
      engagement_id: 'eng-9',
      consumer_number: '+14155550123',
    });
    expect(
      getManyRequest({ returnAll: true, filters: { userId: '', countryIsoCodes: [] } }, 'UTC').query,
    ).toEqual({});
  });

  it('reads picker dates in the workflow time zone and sends UTC instants', () => {
    const request = getManyRequest(
      { returnAll: true, from: '2026-01-01T00:00:00', to: '2026-07-01T00:00:00' },
      'Europe/Berlin',
    );
    expect(request.query.from).toBe('2025-12-31T23:00:00Z'); // CET, UTC+1
    expect(request.query.to).toBe('2026-06-30T22:00:00Z'); // CEST, UTC+2
  });

  it('Return All pages 100 records at a time over 4 windows; a limit reads windows in order with small pages', () => {
    const all = getManyRequest({ returnAll: true }, 'UTC');
    expect([all.limit, all.pageSize, all.concurrency, all.simplify, all.ratePlan]).toEqual([
      undefined,
      100,
      4,
      false,
      'pro',
    ]);
    const few = getManyRequest(
      { returnAll: false, limit: 20, options: { simplify: true, plan: 'business' } },
      'UTC',
    );
    expect([few.limit, few.pageSize, few.concurrency, few.simplify, few.ratePlan]).toEqual([
      20,
      20,
      1,
      true,
      'business',
    ]);
    expect(getManyRequest({ returnAll: false, limit: 500 }, 'UTC').pageSize).toBe(100);
    expect(getManyRequest({ returnAll: false, limit: 500, options: { pageSize: 30 } }, 'UTC').pageSize).toBe(
      30,
    );
  });

  it.each([
    [{ returnAll: true, from: '2026-01-01T00:00:00Z' }, 'to', 'is missing but from is set'],
    [{ returnAll: true, from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'to', 'is before from'],
    [{ returnAll: true, from: 'yesterday', to: '2026-01-01' }, 'from', 'is not a date'],
    [{ returnAll: true, from: '2026-02-30T10:00:00', to: '2026-03-01' }, 'from', 'is not a real date'],
    [{ returnAll: true, filters: { countryIsoCodes: ['USA'] } }, 'country_iso_codes', 'is not valid'],
    [{ returnAll: false, limit: 0 }, 'limit', 'is not a positive whole number'],
    [{ returnAll: true, options: { pageSize: 250 } }, 'pageSize', 'is out of range'],
    [{ returnAll: true, options: { plan: 'enterprise' } }, 'plan', 'is not a Zoom plan'],
  ])('rejects bad input before any request, naming the field: %j', (parameters, field, problem) => {
    const error = (() => {
      try {
        getManyRequest(parameters, 'UTC');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ZoomInputError);
    expect((error as ZoomInputError).field).toBe(field);
    expect((error as ZoomInputError).message).toContain(problem);
    expect((error as ZoomInputError).fix).not.toBe('');
  });
});
