import { describe, expect, it } from 'vitest';
import { ZoomInputError } from '../src/errors.ts';
import { grantsSmsRead, SMS_READ_SCOPES } from '../src/limits.ts';
import { requestTokenGrant } from '../src/token-grant.ts';
import type { TransportResponse } from '../src/transport.ts';
import { manualClock } from './support/fakes.ts';

const creds = { accountId: 'acc', clientId: 'id', clientSecret: 's3cret' };

function answering(body: Record<string, unknown>) {
  return async (): Promise<TransportResponse> => ({ status: 200, headers: {}, body: JSON.stringify(body) });
}

describe('requestTokenGrant', () => {
  it('returns the token, its lifetime and the space-separated scopes Zoom granted', async () => {
    const clock = manualClock();
    const grant = await requestTokenGrant({
      ...creds,
      tokenUrl: 'https://zoom.example/oauth/token',
      clock,
      transport: answering({
        access_token: 'tok',
        expires_in: 3599,
        scope: 'contact_center:read:sms_log:admin  user:read:admin',
      }),
    });
    expect(grant).toEqual({
      accessToken: 'tok',
      expiresInSec: 3599,
      scopes: ['contact_center:read:sms_log:admin', 'user:read:admin'],
      requestedAt: clock.now(),
    });
  });

  it('tells "no scope field" (undefined) apart from an empty grant', async () => {
    const grant = await requestTokenGrant({
      ...creds,
      tokenUrl: 'https://zoom.example/oauth/token',
      clock: manualClock(),
      transport: answering({ access_token: 'tok', expires_in: 3600 }),
    });
    expect(grant.scopes).toBeUndefined();
  });

  it('refuses a plain-http token URL off this machine before sending the secret', async () => {
    let sent = 0;
    await expect(
      requestTokenGrant({
        ...creds,
        tokenUrl: 'http://proxy.example/oauth/token',
        clock: manualClock(),
        transport: async () => {
          sent += 1;
          return { status: 200, headers: {}, body: '{}' };
        },
      }),
    ).rejects.toBeInstanceOf(ZoomInputError);
    expect(sent).toBe(0);
  });
});

describe('grantsSmsRead', () => {
  it('accepts either the classic or the granular scope, and nothing else', () => {
    for (const scope of SMS_READ_SCOPES) expect(grantsSmsRead([scope])).toBe(true);
    expect(grantsSmsRead(['contact_center_sms:write:admin', 'user:read:admin'])).toBe(false);
    expect(grantsSmsRead([])).toBe(false);
  });
});
