import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { PER_SECOND_MESSAGE, startSandbox } from '../src/index.ts';
import { listSms, postJson, requestToken } from './support/http.ts';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 11,
    clock: { mode: 'manual', start: '2026-03-10T12:00:00Z' },
    dataset: { from: '2026-03-01', to: '2026-03-09', records: 2000 },
  });
  token = await requestToken(sandbox);
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.control.setFaults({}));

/** Raw node:http GET: shows exactly what a client sees on the wire (status, bytes, socket errors). */
function rawGet(
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string; error?: string }> {
  return new Promise((resolve) => {
    let status = 0;
    let headers: Record<string, unknown> = {};
    const chunks: Buffer[] = [];
    const req = request(`${sandbox.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      agent: false,
    });
    const done = (error?: string) =>
      resolve({ status, headers, body: Buffer.concat(chunks).toString('utf8'), ...(error ? { error } : {}) });
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      headers = res.headers;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done());
      res.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
      res.on('aborted', () => done('aborted'));
    });
    req.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
    req.end();
  });
}

describe('scripted faults (failNext)', () => {
  it.each([
    ['badGateway', 502, '502 Bad Gateway'],
    ['serviceUnavailable', 503, '503 Service Temporarily Unavailable'],
    ['gatewayTimeout', 504, '504 Gateway Time-out'],
  ] as const)('%s answers HTML %i like a proxy', async (kind, status, title) => {
    sandbox.control.failNext(kind);
    const r = await listSms(sandbox, token);
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toBe('text/html');
    expect(r.text).toContain(`<title>${title}</title>`);
    expect(r.body).toBeUndefined();
    expect(r.headers.get('x-zm-trackingid')).toBeTruthy();
    expect((await listSms(sandbox, token)).status).toBe(200);
  });

  it('internalError answers 500 code -1', async () => {
    sandbox.control.failNext('internalError', 2);
    expect((await listSms(sandbox, token)).body).toEqual({ code: -1, message: 'Internal Error' });
    expect((await listSms(sandbox, token)).status).toBe(500);
    expect((await listSms(sandbox, token)).status).toBe(200);
  });

  it('connectionReset resets the socket without a response', async () => {
    sandbox.control.failNext('connectionReset');
    const r = await rawGet('/contact_center/sms');
    expect(r.status).toBe(0);
    expect(r.error).toBe('ECONNRESET');
    await expect(fetch(`${sandbox.baseUrl}/contact_center/sms`)).resolves.toBeDefined();
  });

  it('truncatedBody announces the full length and delivers half', async () => {
    sandbox.control.failNext('truncatedBody');
    const r = await rawGet('/contact_center/sms?page_size=50');
    expect(r.status).toBe(200);
    expect(r.error).toBeDefined();
    expect(Buffer.byteLength(r.body)).toBeLessThan(Number(r.headers['content-length']));
    sandbox.control.failNext('truncatedBody');
    const viaFetch = await fetch(`${sandbox.baseUrl}/contact_center/sms`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await expect(viaFetch.text()).rejects.toThrow();
  });

  it('truncatedChunked cuts a chunked body before its end', async () => {
    sandbox.control.failNext('truncatedChunked');
    const r = await rawGet('/contact_center/sms?page_size=50');
    expect(r.status).toBe(200);
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.error).toBeDefined();
  });

  it('truncatedJson ends cleanly with half a JSON document', async () => {
    sandbox.control.failNext('truncatedJson');
    const r = await listSms(sandbox, token, { page_size: 50 });
    expect(r.status).toBe(200);
    expect(r.text.startsWith('{"next_page_token":')).toBe(true);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('unauthorized answers the alternate 401 body once; the token still works', async () => {
    sandbox.control.failNext('unauthorized');
    const r = await listSms(sandbox, token);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ status: false, errorCode: 401 });
    expect((await listSms(sandbox, token)).status).toBe(200);
  });

  it('rateLimitPerSecond and rateLimitDaily answer 429 regardless of quota', async () => {
    sandbox.control.failNext('rateLimitPerSecond');
    const r = await listSms(sandbox, token);
    expect(r.status).toBe(429);
    expect(r.body).toEqual({ code: 429, message: PER_SECOND_MESSAGE });
    sandbox.control.failNext('rateLimitDaily');
    expect((await listSms(sandbox, token)).body.message).toMatch(/daily rate limit/);
  });

  it('pageTokenExpired rejects the next page token presented', async () => {
    sandbox.control.failNext('pageTokenExpired');
    const q = { from: '2026-03-01', to: '2026-03-08' };
    const first = await listSms(sandbox, token, q);
    expect(first.status).toBe(200);
    const second = await listSms(sandbox, token, { ...q, next_page_token: first.body.next_page_token });
    expect(second.status).toBe(400);
    expect(second.body).toEqual({ code: 300, message: 'The next page token is invalid or expired.' });
  });
});

describe('configured faults', () => {
  it('every Nth request', async () => {
    sandbox.control.setFaults({ internalError: { everyNth: 3 } });
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) seen.push((await listSms(sandbox, token)).status);
    expect(seen).toEqual([200, 200, 500, 200, 200, 500]);
  });

  it('429 bursts', async () => {
    sandbox.control.setFaults({ rateLimitBurst: { everyNth: 4, length: 2 } });
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) seen.push((await listSms(sandbox, token)).status);
    expect(seen).toEqual([200, 200, 200, 429, 429, 200]);
  });

  it('probabilities are deterministic for a seed, and set over admin HTTP', async () => {
    const run = async (): Promise<number[]> => {
      const r = await postJson(`${sandbox.adminUrl}/faults`, {
        badGateway: { probability: 0.2 },
        internalError: { probability: 0.2 },
      });
      expect(r.status).toBe(200);
      const seen: number[] = [];
      for (let i = 0; i < 30; i++) seen.push((await listSms(sandbox, token)).status);
      return seen;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.filter((s) => s !== 200).length).toBeGreaterThan(3);
    expect(new Set(first)).toEqual(new Set([200, 500, 502]));
  });

  it('revokes tokens after N uses', async () => {
    sandbox.control.setFaults({ revokeTokenAfterUses: 1 });
    const fresh = await requestToken(sandbox);
    expect((await listSms(sandbox, fresh)).status).toBe(200);
    expect((await listSms(sandbox, fresh)).status).toBe(401);
  });

  it('adds real latency', async () => {
    sandbox.control.setFaults({ latency: { kind: 'uniform', minMs: 40, maxMs: 60 } });
    const started = performance.now();
    expect((await listSms(sandbox, token)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
  });

  it('rejects invalid fault configurations over admin HTTP', async () => {
    const r = await postJson(`${sandbox.adminUrl}/faults`, { badGateway: { probability: 2 } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/probability/);
  });
});
