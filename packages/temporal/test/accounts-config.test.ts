/**
 * A worker's accounts: `ZOOM_ACCOUNTS_FILE` read into the worker configuration (the single `ZOOM_*`
 * account becomes optional), and a task naming an account the worker does not hold failing for good
 * with the fix — never retried, never run with another account's credentials.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { ZoomInputError } from '@zcc-sms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsFor } from '../src/account-clients.ts';
import { createZoomAccountPools } from '../src/account-pools.ts';
import { FAILURE_TYPES } from '../src/types.ts';
import { workerConfigFromEnv } from '../src/worker-config.ts';

const SECRET = 'sup3r-s3cret-value';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zcc-accounts-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('ZOOM_ACCOUNTS_FILE', () => {
  it('gives the worker its accounts; ZOOM_* is then optional', async () => {
    const path = await file(
      'ok.json',
      JSON.stringify({
        accounts: {
          hq: { accountId: 'hqAccount1', clientId: 'hqClient', clientSecret: SECRET },
          emea: { master: 'hq', subAccountId: 'emeaAccount1' },
        },
      }),
    );
    const config = workerConfigFromEnv({ ZOOM_ACCOUNTS_FILE: path });
    expect(config.zoom.auth).toBeUndefined();
    expect(config.accounts?.masterReadsCharge).toBe('both');
    expect(Object.keys(config.accounts?.entries ?? {})).toEqual(['hq', 'emea']);
  });

  it('names the variable and the field of a bad file, without echoing a secret', async () => {
    const unreadable = join(dir, 'missing.json');
    expect(() => workerConfigFromEnv({ ZOOM_ACCOUNTS_FILE: unreadable })).toThrow(
      /^ZOOM_ACCOUNTS_FILE: ".*missing\.json" cannot be read as JSON \(ENOENT\)/,
    );
    const misplaced = await file('bad.json', JSON.stringify({ accounts: { hq: SECRET } }));
    let error: unknown;
    try {
      workerConfigFromEnv({ ZOOM_ACCOUNTS_FILE: misplaced });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZoomInputError);
    expect((error as Error).message).toMatch(/accounts\.hq: "string" is not an object/);
    expect((error as Error).message).not.toContain(SECRET);
  });
});

describe('clientsFor', () => {
  const accounts = createZoomAccountPools({
    accounts: {
      masterReadsCharge: 'both',
      entries: { hq: { kind: 'own', accountId: 'hqAccount1', clientId: 'c', clientSecret: SECRET } },
    },
  });
  afterAll(() => accounts.close());

  it('serves a named account from its pool', () => {
    expect(clientsFor({ accounts }, 'hq')).toBe(accounts.pool('hq'));
  });

  it.each([
    [
      'an account it does not hold',
      'apac',
      /account: "apac" is not an account this worker holds credentials for; name one of hq/,
    ],
    ['no account at all', undefined, /account: "" is not set; name one of hq/],
  ])('fails for good on %s, with the fix', (_, account, message) => {
    let error: unknown;
    try {
      clientsFor({ accounts }, account);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe(FAILURE_TYPES.accountMismatch);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
