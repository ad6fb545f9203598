import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { DEFAULT_VARIANTS, startSandbox } from '../src/index.ts';
import { listSms, requestToken } from './support/http.ts';

let sandbox: Sandbox;
let token: string;
const NOW = '2026-03-10T12:00:00Z';

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: NOW },
    dataset: { from: '2025-12-01', to: '2026-03-10', records: 8000, seed: 3 },
  });
  token = await requestToken(sandbox);
});
afterAll(() => sandbox.stop());
afterEach(() => {
  sandbox.control.setVariants({ ...DEFAULT_VARIANTS });
});

const FORMAT = "Invalid date format. Use yyyy-mm-dd or yyyy-MM-dd'T'HH:mm:ss'Z'.";

function fieldError(field: string, message: string) {
  return { code: 300, message: 'Invalid field.', errors: [{ field, message }] };
}

describe('validation errors (HTTP 400, code 300)', () => {
  it.each([
    ['from', { from: '2026/01/01', to: '2026-01-31' }, FORMAT],
    ['from', { from: 'yesterday', to: '2026-01-31' }, FORMAT],
    ['to', { from: '2026-01-01', to: '2026-01-31T10:00' }, FORMAT],
    ['from', { from: '2026-02-30', to: '2026-03-01' }, 'Invalid date: 2026-02-30.'],
    ['to', { from: '2026-01-01', to: '2026-01-01T24:00:00Z' }, 'Invalid date: 2026-01-01T24:00:00Z.'],
    ['to', { from: '2026-01-01' }, 'to is required when from is specified.'],
    ['to', { from: '2026-01-10', to: '2026-01-09' }, 'to must not be earlier than from.'],
    ['direction', { direction: 'sideways' }, 'must be one of [inbound, outbound]'],
    ['country_iso_codes', { country_iso_codes: 'USA' }, 'Invalid country code: USA.'],
    ['country_iso_codes', { country_iso_codes: 'ZZ' }, 'Invalid country code: ZZ.'],
    ['page_size', { page_size: '0' }, 'must be an integer greater than or equal to 1'],
    ['page_size', { page_size: '-5' }, 'must be an integer greater than or equal to 1'],
    ['page_size', { page_size: '2.5' }, 'must be an integer greater than or equal to 1'],
    ['page_size', { page_size: 'ten' }, 'must be an integer greater than or equal to 1'],
  ])('%s: %j', async (field, query, message) => {
    const r = await listSms(sandbox, token, query);
    expect(r.status).toBe(400);
    expect(r.body).toEqual(fieldError(field, message));
    expect(r.headers.get('x-zm-trackingid')).toBeTruthy();
  });

  it('lists every invalid field at once', async () => {
    const r = await listSms(sandbox, token, { from: 'x', to: 'y', direction: 'z' });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['from', 'to', 'direction']);
  });
});

describe('page_size', () => {
  const q = { from: '2026-01-01', to: '2026-01-31' };

  it('defaults to 10', async () => {
    const r = await listSms(sandbox, token, q);
    expect(r.body.page_size).toBe(10);
    expect(r.body.sms).toHaveLength(10);
  });

  it('accepts 100', async () => {
    const r = await listSms(sandbox, token, { ...q, page_size: 100 });
    expect(r.body.sms).toHaveLength(100);
  });

  it('clamps values above 100 by default', async () => {
    const r = await listSms(sandbox, token, { ...q, page_size: 300 });
    expect(r.status).toBe(200);
    expect(r.body.page_size).toBe(100);
    expect(r.body.sms).toHaveLength(100);
  });

  it('rejects values above 100 in the error variant', async () => {
    sandbox.control.setVariants({ pageSizeOver100: 'error' });
    const r = await listSms(sandbox, token, { ...q, page_size: 101 });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(fieldError('page_size', 'must be less than or equal to 100'));
  });
});

describe('date window', () => {
  it('defaults to the last 24 hours of the sandbox clock', async () => {
    const r = await listSms(sandbox, token, { page_size: 100 });
    expect(r.status).toBe(200);
    expect(r.body.from).toBe('2026-03-09T12:00:00Z');
    expect(r.body.to).toBe('2026-03-10T12:00:00Z');
    const expected = sandbox.groundTruth({ from: '2026-03-09T12:00:00Z', to: '2026-03-10T12:00:00Z' });
    expect(r.body.total_records).toBe(expected.length);
  });

  it('accepts exactly one calendar month with a date-only to meaning the end of that day', async () => {
    const r = await listSms(sandbox, token, { from: '2026-01-01', to: '2026-01-31' });
    expect(r.status).toBe(200);
    expect(r.body.to).toBe('2026-01-31T23:59:59Z');
    const iso = await listSms(sandbox, token, { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' });
    expect(iso.status).toBe(200);
  });

  it('rejects a range over one month naming the range', async () => {
    const r = await listSms(sandbox, token, { from: '2026-01-01', to: '2026-02-01' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      code: 300,
      message: 'The date range from 2026-01-01T00:00:00Z to 2026-02-01T23:59:59Z exceeds one month.',
    });
    const bySecond = await listSms(sandbox, token, {
      from: '2026-01-01T00:00:00Z',
      to: '2026-02-01T00:00:01Z',
    });
    expect(bySecond.status).toBe(400);
  });

  it('silently cuts a range over one month in the cut variant', async () => {
    sandbox.control.setVariants({ overMonth: 'cut' });
    const r = await listSms(sandbox, token, { from: '2026-01-15', to: '2026-03-01', page_size: 100 });
    expect(r.status).toBe(200);
    expect(r.body.to).toBe('2026-02-15T00:00:00Z');
    const expected = sandbox.groundTruth({ from: '2026-01-15T00:00:00Z', to: '2026-02-15T00:00:00Z' });
    expect(r.body.total_records).toBe(expected.length);
  });

  it('clamps month arithmetic at month ends (Jan 31 + 1 month = Feb 28)', async () => {
    const ok = await listSms(sandbox, token, { from: '2026-01-31T00:00:00Z', to: '2026-02-28T00:00:00Z' });
    expect(ok.status).toBe(200);
    const over = await listSms(sandbox, token, { from: '2026-01-31T00:00:00Z', to: '2026-02-28T00:00:01Z' });
    expect(over.status).toBe(400);
  });

  it('accepts ISO offsets', async () => {
    const r = await listSms(sandbox, token, {
      from: '2026-01-01T05:30:00+05:30',
      to: '2026-01-02T00:00:00-08:00',
    });
    expect(r.status).toBe(200);
    expect(r.body.from).toBe('2026-01-01T00:00:00Z');
    expect(r.body.to).toBe('2026-01-02T08:00:00Z');
  });

  it('reads date-only bounds in the account time zone in that variant', async () => {
    sandbox.control.setVariants({ dateOnlyBounds: 'account', accountTimezone: '+05:30' });
    const r = await listSms(sandbox, token, { from: '2026-01-01', to: '2026-01-01' });
    expect(r.body.from).toBe('2025-12-31T18:30:00Z');
    expect(r.body.to).toBe('2026-01-01T18:29:59Z');
  });
});

describe('filters', () => {
  const month = { from: '2026-01-01', to: '2026-01-31', page_size: 100 };

  it('accepts repeated and comma-joined country codes alike', async () => {
    const repeated = await listSms(sandbox, token, { ...month, country_iso_codes: ['GB', 'DE'] });
    const joined = await listSms(sandbox, token, { ...month, country_iso_codes: 'GB,DE' });
    expect(repeated.status).toBe(200);
    expect(joined.body.total_records).toBe(repeated.body.total_records);
    expect(new Set(repeated.body.sms.map((s: { country_name: string }) => s.country_name))).toEqual(
      new Set(['United Kingdom', 'Germany']),
    );
    expect(repeated.body.total_records).toBe(
      sandbox.groundTruth({ from: '2026-01-01', to: '2026-01-31', country_iso_codes: ['GB', 'DE'] }).length,
    );
  });

  it('filters by direction, agent, consumer number and engagement id', async () => {
    const [sample] = sandbox.records({ from: '2026-01-10', to: '2026-01-10' });
    expect(sample).toBeDefined();
    const one = await listSms(sandbox, token, { ...month, engagement_id: sample!.engagement_id });
    expect(one.body.sms).toEqual([sample]);
    expect(one.body.total_records).toBe(1);

    const byAgent = await listSms(sandbox, token, { ...month, user_id: sample!.agents[0]!.user_id });
    expect(byAgent.body.total_records).toBeGreaterThan(0);
    for (const s of byAgent.body.sms) {
      expect(s.agents.map((a: { user_id: string }) => a.user_id)).toContain(sample!.agents[0]!.user_id);
    }

    const byNumber = await listSms(sandbox, token, { ...month, consumer_number: sample!.consumer_number });
    expect(byNumber.body.sms.map((s: { engagement_id: string }) => s.engagement_id)).toContain(
      sample!.engagement_id,
    );
    for (const s of byNumber.body.sms) expect(s.consumer_number).toBe(sample!.consumer_number);

    const outbound = await listSms(sandbox, token, { ...month, direction: 'outbound' });
    expect(outbound.body.sms.every((s: { direction: string }) => s.direction === 'outbound')).toBe(true);
  });

  it('returns an empty page for an unknown engagement id or user', async () => {
    const r = await listSms(sandbox, token, { ...month, engagement_id: 'nope' });
    expect(r.body).toMatchObject({ next_page_token: '', total_records: 0, sms: [] });
    const u = await listSms(sandbox, token, { ...month, user_id: 'nobody' });
    expect(u.body.total_records).toBe(0);
  });
});
