import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { startSandbox } from '../src/index.ts';
import { getJson, listSms, postJson, requestToken } from './support/http.ts';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: '2026-03-10T12:00:00Z' },
    dataset: { from: '2026-01-01', to: '2026-03-09', records: 3000, seed: 8 },
  });
  token = await requestToken(sandbox);
});
afterAll(() => sandbox.stop());

describe('admin endpoints', () => {
  it('serves ground truth over HTTP, same as the programmatic call', async () => {
    const r = await getJson(
      `${sandbox.adminUrl}/ground-truth?from=2026-01-01&to=2026-02-28&direction=inbound`,
    );
    const ids = sandbox.groundTruth({ from: '2026-01-01', to: '2026-02-28', direction: 'inbound' });
    expect(r.body).toEqual({ engagement_ids: ids, count: ids.length });
    expect(ids.length).toBeGreaterThan(100);
  });

  it('moves the clock', async () => {
    const r = await postJson(`${sandbox.adminUrl}/clock`, { advanceMs: 60_000 });
    expect(r.body.now).toBe('2026-03-10T12:01:00.000Z');
    const s = await postJson(`${sandbox.adminUrl}/clock`, { set: '2026-03-10T12:00:00Z' });
    expect(s.body.now).toBe('2026-03-10T12:00:00.000Z');
    expect(sandbox.control.clock.nowIso()).toBe('2026-03-10T12:00:00.000Z');
  });

  it('sets variants and rejects unknown ones', async () => {
    const r = await postJson(`${sandbox.adminUrl}/variants`, { boundField: 'end_time' });
    expect(r.body.boundField).toBe('end_time');
    expect(sandbox.control.variants().boundField).toBe('end_time');
    const bad = await postJson(`${sandbox.adminUrl}/variants`, { boundField: 'middle' });
    expect(bad.status).toBe(400);
    await postJson(`${sandbox.adminUrl}/variants`, { boundField: 'start_time' });
  });

  it('scripts failures, revokes tokens and expires page tokens', async () => {
    await postJson(`${sandbox.adminUrl}/fail-next`, { kind: 'badGateway', count: 1 });
    expect((await listSms(sandbox, token)).status).toBe(502);
    const first = await listSms(sandbox, token, { from: '2026-01-01', to: '2026-01-31' });
    await postJson(`${sandbox.adminUrl}/page-tokens/expire`, {});
    const again = await listSms(sandbox, token, {
      from: '2026-01-01',
      to: '2026-01-31',
      next_page_token: first.body.next_page_token,
    });
    expect(again.status).toBe(400);
    const t = await requestToken(sandbox);
    await postJson(`${sandbox.adminUrl}/tokens/revoke`, {});
    expect((await listSms(sandbox, t)).status).toBe(401);
    token = await requestToken(sandbox);
  });

  it('counts requests and never logs tokens', async () => {
    sandbox.control.resetStats();
    const first = await listSms(sandbox, token, { from: '2026-01-01', to: '2026-01-31', page_size: 20 });
    await listSms(sandbox, token, {
      from: '2026-01-01',
      to: '2026-01-31',
      page_size: 20,
      next_page_token: first.body.next_page_token,
    });
    await listSms(sandbox, null, { access_token: token });
    await getJson(`${sandbox.baseUrl}/nowhere`);
    const stats = (await getJson(`${sandbox.adminUrl}/stats`)).body;
    expect(stats).toEqual({
      requests: 4,
      apiRequests: 3,
      byStatus: { 200: 2, 401: 1, 404: 1 },
      rateLimited: { perSecond: 0, daily: 0 },
      concurrencyPeak: 1,
      concurrencyNow: 0,
      tokensIssued: 0,
      pageTokensIssued: 2,
      recordsServed: 40,
    });
    expect(sandbox.stats()).toEqual(stats);
    const log = sandbox.control.requestLog();
    expect(log).toHaveLength(4);
    expect(log[0]).toMatchObject({ method: 'GET', path: '/v2/contact_center/sms', status: 200 });
    expect(log[0]!.at).toBe('2026-03-10T12:00:00.000Z');
    const serialized = JSON.stringify((await getJson(`${sandbox.adminUrl}/requests`)).body);
    expect(serialized).not.toContain(token);
    expect(serialized).not.toContain(first.body.next_page_token);
    expect(serialized).toContain('[redacted]');
  });

  it('puts a tracking id on every response, including unknown paths and wrong methods', async () => {
    const replies = await Promise.all([
      getJson(`${sandbox.baseUrl}/nowhere`),
      getJson(`${sandbox.baseUrl}/contact_center/sms`, { method: 'POST' }),
      getJson(sandbox.tokenUrl),
      getJson(`${sandbox.adminUrl}/stats`),
      listSms(sandbox, token),
    ]);
    expect(replies.map((r) => r.status)).toEqual([404, 405, 405, 200, 200]);
    expect(replies[0]!.body).toEqual({ code: 404, message: 'Not Found' });
    const ids = replies.map((r) => r.headers.get('x-zm-trackingid'));
    for (const id of ids) expect(id).toMatch(/^v=2\.0;clid=sandbox;rid=WEB_[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
