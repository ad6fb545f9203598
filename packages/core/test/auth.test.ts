import { describe, expect, it } from 'vitest';
import { serverToServerTokenProvider } from '../src/auth.ts';
import { ZoomCredentialsError } from '../src/errors.ts';
import type { TransportRequest, TransportResponse } from '../src/transport.ts';
import { manualClock } from './support/fakes.ts';

function tokenServer(expiresIn = 3600) {
  const requests: TransportRequest[] = [];
  let issued = 0;
  let release: (() => void) | undefined;
  const gate = { hold: false };
  const transport = async (req: TransportRequest): Promise<TransportResponse> => {
    requests.push(req);
    if (gate.hold) await new Promise<void>((r) => (release = r));
    issued += 1;
    return {
      status: 200,
      headers: {},
      body: JSON.stringify({
        access_token: `tok-${issued}`,
        token_type: 'bearer',
        expires_in: expiresIn,
        scope: 'contact_center_sms:read:admin',
      }),
    };
  };
  return { transport, requests, gate, release: () => release?.() };
}

const creds = { accountId: 'acc', clientId: 'id', clientSecret: 's3cret' };

describe('serverToServerTokenProvider', () => {
  it('asks for account_credentials with Basic client auth and the account id', async () => {
    const server = tokenServer();
    const p = serverToServerTokenProvider({
      ...creds,
      tokenUrl: 'https://zoom.example/oauth/token',
      transport: server.transport,
      clock: manualClock(),
    });
    expect(await p.getToken()).toBe('tok-1');
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://zoom.example/oauth/token?grant_type=account_credentials&account_id=acc');
    expect(req.headers.authorization).toBe(`Basic ${btoa('id:s3cret')}`);
  });

  it('shares one in-flight request between concurrent callers (single flight)', async () => {
    const server = tokenServer();
    server.gate.hold = true;
    const p = serverToServerTokenProvider({ ...creds, transport: server.transport, clock: manualClock() });
    const waiting = Array.from({ length: 10 }, () => p.getToken());
    await Promise.resolve();
    server.release();
    expect(await Promise.all(waiting)).toEqual(Array(10).fill('tok-1'));
    expect(server.requests).toHaveLength(1);
  });

  it('caches until expiry minus skew, then refreshes early', async () => {
    const server = tokenServer(3600);
    const clock = manualClock();
    const p = serverToServerTokenProvider({ ...creds, transport: server.transport, clock, skewMs: 300_000 });
    await p.getToken();
    clock.advance(3299_000);
    expect(await p.getToken()).toBe('tok-1');
    clock.advance(2_000);
    expect(await p.getToken()).toBe('tok-2');
  });

  it('refreshes a short-lived token at half its life at the latest', async () => {
    const server = tokenServer(60);
    const clock = manualClock();
    const p = serverToServerTokenProvider({ ...creds, transport: server.transport, clock });
    await p.getToken();
    clock.advance(30_000);
    expect(await p.getToken()).toBe('tok-2');
  });

  it('forces one refresh for a rejected token, but not when another caller already refreshed', async () => {
    const server = tokenServer();
    const p = serverToServerTokenProvider({ ...creds, transport: server.transport, clock: manualClock() });
    await p.getToken();
    expect(await p.getToken({ force: true, rejected: 'tok-1' })).toBe('tok-2');
    expect(await p.getToken({ force: true, rejected: 'tok-1' })).toBe('tok-2');
    expect(server.requests).toHaveLength(2);
  });

  it('turns invalid_client into a clear credentials error without the secret', async () => {
    const p = serverToServerTokenProvider({
      ...creds,
      transport: async () => ({
        status: 400,
        headers: {},
        body: JSON.stringify({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' }),
      }),
      clock: manualClock(),
    });
    const error = await p.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomCredentialsError);
    expect((error as Error).message).toContain('Invalid client_id or client_secret');
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('a token body that is not JSON: an error without the body, no JSON.parse cause', async () => {
    const p = serverToServerTokenProvider({
      ...creds,
      transport: async () => ({ status: 200, headers: {}, body: '{"access_token":"eyJsecretpart' }),
      clock: manualClock(),
    });
    const error = await p.getToken().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/not JSON \(\d+ bytes\)/);
    expect((error as Error).message).not.toContain('eyJ');
    expect((error as Error).cause).toBeUndefined();
  });

  it('a caller that aborts stops waiting; the shared request goes on for the others', async () => {
    const server = tokenServer();
    server.gate.hold = true;
    const p = serverToServerTokenProvider({ ...creds, transport: server.transport, clock: manualClock() });
    const abort = new AbortController();
    const first = p.getToken({ signal: abort.signal });
    const second = p.getToken();
    await Promise.resolve();
    abort.abort();
    await expect(first).rejects.toThrow(/Aborted while waiting for an access token/);
    expect(server.requests[0]!.signal).toBeUndefined();
    server.release();
    expect(await second).toBe('tok-1');
    expect(server.requests).toHaveLength(1);
  });
});
