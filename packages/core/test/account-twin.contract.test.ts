/**
 * The master-account twin `GET /accounts/{accountId}/contact_center/sms` over real HTTP against the
 * sandbox: the `accountId` option reaches it, a malformed id fails before any request, an account the
 * token may not read fails once with Zoom's answer (not retried, not an empty page).
 */
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZoomClientOptions } from '../src/client.ts';
import { ZoomInputError, ZoomNotFoundError } from '../src/errors.ts';
import { sandboxClient } from './support/sandbox-client.ts';

const RANGE = { from: '2025-11-01', to: '2026-01-31' };

function clientFor(sandbox: Sandbox, extra: Partial<ZoomClientOptions> = {}) {
  // A base URL with a trailing slash, as users paste it.
  return sandboxClient(sandbox, { baseUrl: `${sandbox.baseUrl}/`, ...extra });
}

describe('accountId: the master-account twin', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 14,
      clock: { mode: 'manual', start: '2026-02-15T00:00:00Z' },
      dataset: { from: '2025-10-01', to: '2026-02-01', records: 900, seed: 14 },
    });
  });
  afterAll(() => sandbox.stop());

  it('reads the exact set through /accounts/{accountId}/contact_center/sms', async () => {
    const { client, close } = clientFor(sandbox, { accountId: sandbox.credentials.accountId });
    sandbox.control.resetStats();
    try {
      const ids = (await client.sms.collect(RANGE, { concurrency: 3 })).map((r) => r.engagement_id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(sandbox.groundTruth(RANGE));
      const paths = new Set(sandbox.control.requestLog().map((entry) => entry.path));
      expect(paths).toEqual(
        new Set(['/oauth/token', `/v2/accounts/${sandbox.credentials.accountId}/contact_center/sms`]),
      );
    } finally {
      await close();
    }
  });

  it.each([
    ['a pasted URL', 'https://zoom.us/account/abc'],
    ['a path', '../contact_center'],
    ['spaces', 'abc def'],
    ['empty', '  '],
    ['not a string', 42],
  ])('refuses %s with a ZoomInputError naming accountId, before any request', (_, value) => {
    sandbox.control.resetStats();
    let error: unknown;
    try {
      clientFor(sandbox, { accountId: value as string });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZoomInputError);
    expect((error as ZoomInputError).message).toMatch(/^accountId: .* is not a Zoom account id; use /);
    expect(sandbox.stats().requests).toBe(0);
  });

  it('an account the token may not read fails with Zoom’s 404 once, not retried, not empty', async () => {
    const { client, close } = clientFor(sandbox, { accountId: 'NotMySubAccount_0000001' });
    sandbox.control.resetStats();
    try {
      const error = await client.sms.collect(RANGE).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZoomNotFoundError);
      expect((error as ZoomNotFoundError).message).toMatch(/Account does not exist/);
      expect(sandbox.stats().apiRequests).toBe(1);
    } finally {
      await close();
    }
  });
});
