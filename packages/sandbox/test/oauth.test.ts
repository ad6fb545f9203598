import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { startSandbox } from '../src/index.ts';
import { basicAuth, getJson, listSms, requestToken } from './support/http.ts';

let sandbox: Sandbox;
const START = '2026-03-10T12:00:00Z';

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: { mode: 'manual', start: START },
    dataset: { from: '2026-01-01', to: '2026-03-09', records: 2000 },
  });
});
afterAll(() => sandbox.stop());

function tokenRequest(query: string, init: { auth?: string; form?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.auth) headers.authorization = init.auth;
  if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  return getJson(`${sandbox.tokenUrl}${query}`, { method: 'POST', headers, body: init.form });
}

describe('POST /oauth/token', () => {
  it('issues a bearer token for account credentials in the query string', async () => {
    const { accountId, clientId, clientSecret } = sandbox.credentials;
    const r = await tokenRequest(`?grant_type=account_credentials&account_id=${accountId}`, {
      auth: basicAuth(clientId, clientSecret),
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'contact_center_sms:read:admin',
    });
    expect(typeof r.body.access_token).toBe('string');
    expect(r.headers.get('x-zm-trackingid')).toMatch(/^v=2\.0;/);
  });

  it('accepts grant_type and account_id in a form body', async () => {
    const { accountId, clientId, clientSecret } = sandbox.credentials;
    const r = await tokenRequest('', {
      auth: basicAuth(clientId, clientSecret),
      form: `grant_type=account_credentials&account_id=${accountId}`,
    });
    expect(r.status).toBe(200);
    const api = await listSms(sandbox, r.body.access_token);
    expect(api.status).toBe(200);
  });

  it('rejects a wrong secret with invalid_client', async () => {
    const { accountId, clientId } = sandbox.credentials;
    const r = await tokenRequest(`?grant_type=account_credentials&account_id=${accountId}`, {
      auth: basicAuth(clientId, 'nope'),
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
    expect(r.headers.get('x-zm-trackingid')).toBeTruthy();
  });

  it('rejects a missing Authorization header with invalid_client', async () => {
    const r = await tokenRequest(
      `?grant_type=account_credentials&account_id=${sandbox.credentials.accountId}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_client');
  });

  it('rejects a missing or wrong grant type', async () => {
    const { accountId, clientId, clientSecret } = sandbox.credentials;
    for (const grant of ['', '&grant_type=client_credentials']) {
      const r = await tokenRequest(`?account_id=${accountId}${grant}`, {
        auth: basicAuth(clientId, clientSecret),
      });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ reason: 'unsupported grant type', error: 'unsupported_grant_type' });
    }
  });

  it('rejects a wrong account id', async () => {
    const { clientId, clientSecret } = sandbox.credentials;
    const r = await tokenRequest('?grant_type=account_credentials&account_id=someone-else', {
      auth: basicAuth(clientId, clientSecret),
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ reason: 'Invalid account_id', error: 'invalid_request' });
  });
});

describe('access tokens on the API', () => {
  it('keeps several tokens valid at once', async () => {
    const a = await requestToken(sandbox);
    const b = await requestToken(sandbox);
    expect((await listSms(sandbox, a)).status).toBe(200);
    expect((await listSms(sandbox, b)).status).toBe(200);
  });

  it('expires a token after 3600 s of sandbox time', async () => {
    const token = await requestToken(sandbox);
    sandbox.control.clock.advance(3599_000);
    expect((await listSms(sandbox, token)).status).toBe(200);
    sandbox.control.clock.advance(1000);
    const r = await listSms(sandbox, token);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ code: 124, message: 'Invalid access token.' });
    sandbox.control.clock.set(START);
  });

  it('revokes every token on command', async () => {
    const token = await requestToken(sandbox);
    sandbox.control.revokeTokens();
    expect((await listSms(sandbox, token)).status).toBe(401);
    expect((await listSms(sandbox, await requestToken(sandbox))).status).toBe(200);
  });

  it('answers 401 without a token, with an unknown token, and for a token in the query string', async () => {
    const token = await requestToken(sandbox);
    expect((await listSms(sandbox, null)).status).toBe(401);
    expect((await listSms(sandbox, 'not-a-token')).status).toBe(401);
    const q = await listSms(sandbox, null, { access_token: token });
    expect(q.status).toBe(401);
    expect(q.body).toEqual({ code: 124, message: 'Invalid access token.' });
  });

  it('plays the alternate 401 body', async () => {
    sandbox.control.setVariants({ unauthorizedBody: 'errorCode401' });
    const r = await listSms(sandbox, 'bad');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ status: false, errorCode: 401 });
    sandbox.control.setVariants({ unauthorizedBody: 'code124' });
  });

  it('serves the master-account path and rejects another account id with 404', async () => {
    const token = await requestToken(sandbox);
    const ok = await listSms(
      sandbox,
      token,
      {},
      `/accounts/${sandbox.credentials.accountId}/contact_center/sms`,
    );
    expect(ok.status).toBe(200);
    const bad = await listSms(sandbox, token, {}, '/accounts/other/contact_center/sms');
    expect(bad.status).toBe(404);
    expect(bad.body).toEqual({ code: 2001, message: 'Account does not exist: other.' });
  });
});

describe('token policies', () => {
  it('stops a token after tokenMaxUses uses', async () => {
    const limited = await startSandbox({ tokenMaxUses: 2, dataset: { records: 100 } });
    try {
      const token = await requestToken(limited);
      expect((await listSms(limited, token)).status).toBe(200);
      expect((await listSms(limited, token)).status).toBe(200);
      expect((await listSms(limited, token)).status).toBe(401);
    } finally {
      await limited.stop();
    }
  });

  it('can revoke older tokens when a new one is issued (old Zoom behaviour)', async () => {
    const old = await startSandbox({ newTokenRevokesOld: true, dataset: { records: 100 } });
    try {
      const first = await requestToken(old);
      const second = await requestToken(old);
      expect((await listSms(old, first)).status).toBe(401);
      expect((await listSms(old, second)).status).toBe(200);
    } finally {
      await old.stop();
    }
  });

  it('uses a configurable lifetime', async () => {
    const short = await startSandbox({
      tokenLifetimeSec: 60,
      clock: { mode: 'manual', start: START },
      dataset: { records: 100 },
    });
    try {
      const { accountId, clientId, clientSecret } = short.credentials;
      const r = await getJson(`${short.tokenUrl}?grant_type=account_credentials&account_id=${accountId}`, {
        method: 'POST',
        headers: { authorization: basicAuth(clientId, clientSecret) },
      });
      expect(r.body.expires_in).toBe(60);
      short.control.clock.advance(60_000);
      expect((await listSms(short, r.body.access_token)).status).toBe(401);
    } finally {
      await short.stop();
    }
  });
});

describe('what a client reads beside the token', () => {
  it('grants the configured scope (an app without the SMS scope)', async () => {
    const other = await startSandbox({ records: 10, grantedScope: 'user:read:admin' });
    try {
      const { accountId, clientId, clientSecret } = other.credentials;
      const r = await getJson(`${other.tokenUrl}?grant_type=account_credentials&account_id=${accountId}`, {
        method: 'POST',
        headers: { authorization: basicAuth(clientId, clientSecret) },
      });
      expect(r.body.scope).toBe('user:read:admin');
    } finally {
      await other.stop();
    }
  });

  it("dates the token answer and the List SMS page on the sandbox clock (Zoom's time)", async () => {
    sandbox.control.clock.set(START);
    const token = await requestToken(sandbox);
    const page = await listSms(sandbox, token, { page_size: 1 });
    expect(page.status).toBe(200);
    expect(page.headers.get('date')).toBe(new Date(START).toUTCString());
    const r = await tokenRequest(
      `?grant_type=account_credentials&account_id=${sandbox.credentials.accountId}`,
      {
        auth: basicAuth(sandbox.credentials.clientId, sandbox.credentials.clientSecret),
      },
    );
    expect(r.headers.get('date')).toBe(new Date(START).toUTCString());
  });
});

describe('scopes', () => {
  it('refuses List SMS with code 4700 when the app lacks both SMS scopes, and serves the granular one', async () => {
    const [without, granular] = await Promise.all([
      startSandbox({ records: 10, grantedScope: 'contact_center:read:admin' }),
      startSandbox({ records: 10, grantedScope: 'user:read:admin contact_center:read:sms_log:admin' }),
    ]);
    try {
      const refused = await listSms(without, await requestToken(without), { page_size: 1 });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe(4700);
      const served = await listSms(granular, await requestToken(granular), { page_size: 1 });
      expect(served.status).toBe(200);
    } finally {
      await Promise.all([without.stop(), granular.stop()]);
    }
  });
});
