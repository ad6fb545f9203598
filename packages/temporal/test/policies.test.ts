/** Pure policies: checkpoint choice, ETA, backfill ids, worker environment. */
import type { WindowCursor } from '@zcc-sms/core';
import { describe, expect, it } from 'vitest';
import {
  backfillId,
  estimateEtaMs,
  freshest,
  temporalConfigFromEnv,
  workerConfigFromEnv,
} from '../src/index.ts';

const now = 1_000_000_000;
const clock = { now: () => now };
const c = (pages: number, ageMs: number, done = false): WindowCursor => ({
  windowId: 'w',
  from: '',
  to: '',
  pages,
  records: pages * 10,
  nextPageToken: done ? undefined : 'tok',
  tokenIssuedAt: done ? undefined : now - ageMs,
  done,
});

describe('freshest checkpoint', () => {
  it('prefers a finished window, then the resumable cursor with most pages, else restarts', () => {
    expect(freshest([c(3, 1000), c(5, 1000, true)], 'w', clock)?.done).toBe(true);
    expect(freshest([c(3, 1000), c(7, 2000), undefined], 'w', clock)?.pages).toBe(7);
    // A page token older than 14 minutes cannot be trusted (Zoom: 15-minute expiry).
    expect(freshest([c(9, 15 * 60_000), c(2, 60_000)], 'w', clock)?.pages).toBe(2);
    expect(freshest([c(9, 15 * 60_000)], 'w', clock)).toBeUndefined();
    expect(freshest([{ ...c(4, 10), windowId: 'other' }], 'w', clock)).toBeUndefined();
  });
});

describe('ETA', () => {
  it('divides the remaining requests by the observed rate and adds a pending quota wait', () => {
    expect(estimateEtaMs({ windowsTotal: 10, windowsDone: 0, requests: 0, rate: 5, now })).toBeUndefined();
    expect(estimateEtaMs({ windowsTotal: 10, windowsDone: 5, requests: 50, rate: 5, now })).toBe(10_000);
    expect(
      estimateEtaMs({
        windowsTotal: 10,
        windowsDone: 5,
        requests: 50,
        rate: 5,
        now,
        waitingUntil: now + 3_000,
      }),
    ).toBe(13_000);
    expect(estimateEtaMs({ windowsTotal: 4, windowsDone: 4, requests: 9, rate: 5, now })).toBe(0);
  });
});

describe('backfillId', () => {
  const base = {
    account: 'acc',
    from: '2025-01-01',
    to: '2025-12-31',
    sink: { type: 'ndjson', dir: './sms' },
  };
  it('is stable for the same backfill and differs when any part differs', () => {
    expect(backfillId(base)).toBe(backfillId({ ...base, filters: {} }));
    expect(backfillId(base)).toMatch(/^zcc-sms-backfill-2025-01-01\.\.2025-12-31-[0-9a-f]{16}$/);
    expect(backfillId({ ...base, filters: { direction: 'inbound' } })).not.toBe(backfillId(base));
    expect(backfillId({ ...base, account: 'other' })).not.toBe(backfillId(base));
    expect(backfillId({ ...base, sink: { type: 'ndjson', dir: './other' } })).not.toBe(backfillId(base));
  });
});

describe('worker configuration', () => {
  const zoom = { ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_ID: 'b', ZOOM_CLIENT_SECRET: 'c' };
  it('reads Temporal standard environment variables and the short TLS aliases', () => {
    const config = temporalConfigFromEnv({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_API_KEY: 'key',
      TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
    });
    expect(config).toMatchObject({
      namespace: 'ns.acct',
      connection: { address: 'ns.acct.tmprl.cloud:7233', apiKey: 'key', tls: true },
    });
  });

  it('defaults the task queue and refuses a bad share with the field and the fix', () => {
    const env = {
      ...zoom,
      TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
      ZCC_PG_URL: 'postgres://x',
      ZCC_PG_URL_ARCHIVE: 'postgres://y',
    };
    expect(workerConfigFromEnv(env)).toMatchObject({
      taskQueue: 'zcc-sms',
      postgres: { default: 'postgres://x', archive: 'postgres://y' },
      temporal: { namespace: 'default', connection: { address: 'localhost:7233' } },
    });
    expect(() => workerConfigFromEnv({ ...env, ZCC_RATE_SHARE: '2' })).toThrow(
      /ZCC_RATE_SHARE: "2" is not valid; use a fraction/,
    );
    expect(() => workerConfigFromEnv({ TEMPORAL_CONFIG_FILE: '/nonexistent' })).toThrow(/ZOOM_ACCOUNT_ID/);
  });
});
