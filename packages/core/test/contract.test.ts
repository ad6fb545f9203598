/**
 * Contract tests: the core over real HTTP against the sandbox on port 0. Every test compares the exact set
 * of engagement ids with the sandbox's ground truth.
 */
import { boundaryVariants, type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZoomClient, type ZoomClientOptions } from '../src/client.ts';
import { ZoomCredentialsError, ZoomDailyQuotaError } from '../src/errors.ts';
import { planExport } from '../src/planner.ts';
import { createUndiciTransport } from '../src/undici-transport.ts';
import { sandboxClient } from './support/sandbox-client.ts';

const RANGE = { from: '2025-01-01', to: '2026-01-31' }; // 13 months

function clientFor(sandbox: Sandbox, extra: Partial<ZoomClientOptions> = {}) {
  return sandboxClient(sandbox, extra);
}

async function idsOf(
  client: ReturnType<typeof clientFor>['client'],
  query = RANGE,
  concurrency = 4,
  pageSize = 100,
) {
  const ids: string[] = [];
  for await (const r of client.sms.records(query, { concurrency, pageSize })) ids.push(r.engagement_id);
  return ids;
}

function expectExactly(ids: string[], truth: string[]) {
  expect(new Set(ids).size).toBe(ids.length); // no duplicates
  expect([...ids].sort()).toEqual(truth); // nothing lost, nothing extra
}

describe('contract: exact sets over 13 months', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 42,
      clock: { mode: 'manual', start: '2026-03-01T00:00:00Z' },
      dataset: { from: '2024-12-01', to: '2026-02-28', records: 6000, seed: 42 },
    });
  });
  afterAll(() => sandbox.stop());

  for (const variant of boundaryVariants()) {
    it(`every boundary variant: ${JSON.stringify(variant)}`, async () => {
      sandbox.control.setVariants(variant);
      const { client, close } = clientFor(sandbox);
      try {
        expectExactly(await idsOf(client), sandbox.groundTruth(RANGE));
        // Also with ISO instants and offsets as outer bounds.
        const iso = { from: '2025-01-15T10:00:00+02:00', to: '2025-06-30T23:59:59Z' };
        expectExactly(await idsOf(client, iso), sandbox.groundTruth(iso));
      } finally {
        await close();
      }
    });
  }

  for (const missingValues of ['omitted', 'null'] as const) {
    it(`records without a display name, agents, … (${missingValues}): every one delivered, as Zoom sent it`, async () => {
      sandbox.control.setVariants({ ...boundaryVariants()[0], missingValues });
      const { client, close } = clientFor(sandbox);
      try {
        const query = { from: '2025-03-01', to: '2025-05-31' };
        const records = [];
        for await (const r of client.sms.records(query, { concurrency: 4 })) records.push(r);
        expectExactly(
          records.map((r) => r.engagement_id),
          sandbox.groundTruth(query),
        );
        const lacking = records.filter(
          (r) => !('consumer_display_name' in r) || r.consumer_display_name === null,
        );
        expect(lacking.length).toBeGreaterThan(records.length / 10);
        for (const r of lacking) {
          if (missingValues === 'null')
            expect([r.agents, r.sms_types, r.total_sent_files]).toEqual([null, null, null]);
          else expect('agents' in r).toBe(false);
        }
        // Records are kept as Zoom sent them.
        const truth = new Map(sandbox.records(query).map((r) => [r.engagement_id, r]));
        for (const r of records) expect(JSON.stringify(r)).toBe(JSON.stringify(truth.get(r.engagement_id)));
      } finally {
        sandbox.control.setVariants({ missingValues: 'none' });
        await close();
      }
    });
  }

  it('dates-only in an account timezone, filters and repeated countries', async () => {
    sandbox.control.setVariants({
      boundField: 'start_time',
      toInclusive: true,
      overMonth: 'error',
      dateOnlyBounds: 'account',
      accountTimezone: '+05:30',
    });
    const { client, close } = clientFor(sandbox);
    try {
      const query = {
        from: '2025-02-10',
        to: '2025-05-20',
        direction: 'outbound' as const,
        country_iso_codes: ['US', 'GB'],
      };
      const truth = sandbox.groundTruth(query);
      expect(truth.length).toBeGreaterThan(0);
      expectExactly(await idsOf(client, query), truth);
    } finally {
      sandbox.control.setVariants({ dateOnlyBounds: 'utc' });
      await close();
    }
  });
});

describe('contract: failures on the way', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 7,
      clock: { mode: 'manual', start: '2026-03-01T00:00:00Z' },
      dataset: { from: '2024-12-01', to: '2026-02-28', records: 5000, seed: 7 },
      tokenMaxUses: 4,
      variants: { unauthorizedBody: 'errorCode401', longAsString: true, rateLimitHeaders: 'none' },
    });
  });
  afterAll(() => sandbox.stop());

  it('token expiry, page-token expiry, 429 bursts, 5xx, resets and truncation together: exact set', async () => {
    sandbox.control.setFaults({
      internalError: { probability: 0.03 },
      badGateway: { probability: 0.02 },
      connectionReset: { probability: 0.02 },
      truncatedBody: { probability: 0.02 },
      truncatedJson: { probability: 0.02 },
      rateLimitBurst: { probability: 0.02, length: 3 },
      pageTokenExpired: { probability: 0.05 },
    });
    const { client, close } = clientFor(sandbox, { retry: { maxAttempts: 10 } });
    try {
      expectExactly(await idsOf(client, RANGE, 4, 25), sandbox.groundTruth(RANGE));
      const stats = client.stats();
      expect(stats.tokenRefreshes).toBeGreaterThan(5);
      expect(stats.pageTokenRestarts).toBeGreaterThan(0);
      expect(stats.retries).toBeGreaterThan(0);
      expect(stats.throttled).toBeGreaterThan(0);
    } finally {
      sandbox.control.setFaults({});
      await close();
    }
  });

  it('page tokens that expire on the sandbox clock while the consumer is slow', async () => {
    const { client, close } = clientFor(sandbox);
    try {
      const ids: string[] = [];
      const [window] = client.windowsFor({ from: '2025-03-01', to: '2025-03-31' });
      let n = 0;
      for await (const page of client.sms.windowPages(window!, {}, { pageSize: 10 })) {
        ids.push(...page.records.map((r) => r.engagement_id));
        // The consumer stalls past the token's 15 minutes twice during the window.
        if (++n === 3 || n === 9) sandbox.control.clock.advance(16 * 60_000);
      }
      expectExactly(ids, sandbox.groundTruth({ from: '2025-03-01', to: '2025-03-31' }));
      expect(client.stats().pageTokenRestarts).toBe(2);
    } finally {
      await close();
    }
  });

  it('rejected credentials are a clear error, never retried, without the secret', async () => {
    const http = createUndiciTransport();
    const client = createZoomClient({
      auth: { ...sandbox.credentials, clientSecret: 'wrong-secret-123', tokenUrl: sandbox.tokenUrl },
      baseUrl: sandbox.baseUrl,
      transport: http.transport,
      clock: { now: () => sandbox.control.clock.now() },
      sleep: async () => {},
    });
    const before = sandbox.stats().requests;
    const error = await client.sms.list().catch((e: unknown) => e);
    await http.close();
    expect(error).toBeInstanceOf(ZoomCredentialsError);
    expect((error as Error).message).toMatch(/Invalid client_id or client_secret/);
    expect((error as Error).message).not.toContain('wrong-secret-123');
    expect(sandbox.stats().requests - before).toBe(1);
  });
});

describe('contract: rate limits', () => {
  it("waits through Zoom's daily 429 until 00:00 UTC and completes", async () => {
    const sandbox = await startSandbox({
      seed: 3,
      clock: { mode: 'manual', start: '2026-03-01T23:00:00Z' },
      dataset: { from: '2025-01-01', to: '2025-12-31', records: 3000, seed: 3 },
      rateLimit: { perSecond: 1000, daily: 20 },
    });
    const waits: number[] = [];
    // The client does not know the account's quota (other apps may spend it): Zoom's 429 tells it.
    const { client, close } = clientFor(sandbox, {
      budget: {
        perSecond: 1000,
        daily: 1_000_000,
        onDailyQuota: 'wait',
        onQuotaWait: (at) => waits.push(at),
      },
    });
    try {
      const query = { from: '2025-01-01', to: '2025-12-31' };
      expectExactly(await idsOf(client, query, 2), sandbox.groundTruth(query));
      expect(waits[0]).toBe(Date.UTC(2026, 2, 2));
      expect(sandbox.stats().rateLimited.daily).toBeGreaterThan(0);
    } finally {
      await close();
      await sandbox.stop();
    }
  });

  it('with the quota configured, starts a window only when the day can finish it: no restarts', async () => {
    const sandbox = await startSandbox({
      seed: 3,
      clock: { mode: 'manual', start: '2026-03-01T23:00:00Z' },
      dataset: { from: '2025-01-01', to: '2025-12-31', records: 3000, seed: 3 },
      rateLimit: { perSecond: 1000, daily: 20 },
    });
    const { client, close } = clientFor(sandbox, {
      budget: { perSecond: 1000, daily: 20, onDailyQuota: 'wait' },
    });
    try {
      const query = { from: '2025-01-01', to: '2025-12-31' };
      const { estimate, windows, prefetched } = await planExport(client, query, {
        favor: 'quota',
        prefetch: false,
      });
      const ids: string[] = [];
      for await (const r of client.sms.records(query, { windows, prefetched, estimate, concurrency: 4 }))
        ids.push(r.engagement_id);
      expectExactly(ids, sandbox.groundTruth(query));
      const stats = sandbox.stats();
      const successful = stats.apiRequests - stats.rateLimited.daily - stats.rateLimited.perSecond;
      // Every request is a probe or a page of the plan: none is spent again on a restarted window.
      expect(successful).toBe(estimate.totalRequests + estimate.probeRequests);
      expect(client.stats().pageTokenRestarts).toBe(0);
    } finally {
      await close();
      await sandbox.stop();
    }
  });

  it('raises the daily quota error with the reset time when told not to wait', async () => {
    const sandbox = await startSandbox({
      clock: { mode: 'manual', start: '2026-03-01T12:00:00Z' },
      dataset: { from: '2025-01-01', to: '2025-03-31', records: 1000 },
      rateLimit: { perSecond: 1000, daily: 3 },
    });
    const { client, close } = clientFor(sandbox);
    try {
      const error = (await idsOf(client, { from: '2025-01-01', to: '2025-03-31' }, 1).catch(
        (e: unknown) => e,
      )) as ZoomDailyQuotaError;
      expect(error).toBeInstanceOf(ZoomDailyQuotaError);
      expect(error.resetAt).toBe(Date.UTC(2026, 2, 2));
    } finally {
      await close();
      await sandbox.stop();
    }
  });

  it('lowers its rate when the account limit is below the configured one (AIMD) and still lands everything', async () => {
    const sandbox = await startSandbox({
      seed: 9,
      clock: { mode: 'manual', start: '2026-03-01T12:00:00Z' },
      dataset: { from: '2025-01-01', to: '2025-06-30', records: 3000, seed: 9 },
      rateLimit: { perSecond: 2, daily: 100_000 },
    });
    // Configured for 10/s, but "other apps" leave only 2/s.
    const { client, close } = clientFor(sandbox, { budget: { perSecond: 10, daily: 100_000 } });
    try {
      const query = { from: '2025-01-01', to: '2025-06-30' };
      expectExactly(await idsOf(client, query, 3), sandbox.groundTruth(query));
      const stats = client.stats();
      expect(stats.throttled).toBeGreaterThan(0);
      expect(stats.rate).toBeLessThan(10);
    } finally {
      await close();
      await sandbox.stop();
    }
  });
});
