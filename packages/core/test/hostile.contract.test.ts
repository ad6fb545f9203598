/**
 * Hostile answers over real HTTP against the sandbox (issue #10): what a user notices. Either the exact
 * record set arrives, or a clear error does — never fewer records with success, never a request loop,
 * never a wait of years, never body text in an error.
 */
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createZoomClient, type ZoomClientOptions } from '../src/client.ts';
import {
  ZoomAbortError,
  ZoomError,
  ZoomInputError,
  ZoomNetworkError,
  ZoomPageTokenError,
  ZoomResponseError,
} from '../src/errors.ts';
import type { Logger } from '../src/logger.ts';
import { configFromEnv } from '../src/node.ts';
import { restartsAllowed } from '../src/page-bounds.ts';
import type { Transport } from '../src/transport.ts';
import { createUndiciTransport, type UndiciTransportOptions } from '../src/undici-transport.ts';

const RANGE = { from: '2025-10-01', to: '2026-01-31' }; // 4 months
const MONTH = { from: '2025-11-01', to: '2025-11-30' };

let sandbox: Sandbox;
const closers: Array<() => Promise<void>> = [];

function clientFor(
  extra: Partial<ZoomClientOptions> = {},
  http: UndiciTransportOptions = {},
  wrap: (t: Transport) => Transport = (t) => t,
) {
  const undici = createUndiciTransport(http);
  closers.push(() => undici.close());
  const sleeps: number[] = [];
  const client = createZoomClient({
    auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl },
    baseUrl: sandbox.baseUrl,
    transport: wrap(undici.transport),
    clock: { now: () => sandbox.control.clock.now() },
    sleep: async (ms) => {
      sleeps.push(ms);
      sandbox.control.clock.advance(ms);
      await new Promise((r) => setImmediate(r));
    },
    budget: { perSecond: 1000, daily: 1_000_000 },
    ...extra,
  });
  return { client, sleeps };
}

async function idsOf(client: ReturnType<typeof createZoomClient>, query = RANGE, pageSize = 25) {
  const ids: string[] = [];
  for await (const r of client.sms.records(query, { pageSize })) ids.push(r.engagement_id);
  return ids;
}

function expectExactly(ids: string[], truth: string[]) {
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(truth);
}

/** Every message and cause of an error, as text. */
function chainText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    parts.push(e.message, JSON.stringify(e));
  }
  return parts.join('\n');
}

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 10,
    clock: { mode: 'manual', start: '2026-03-01T00:00:00Z' },
    dataset: { from: '2025-09-01', to: '2026-02-28', records: 3000, seed: 10 },
  });
});
afterEach(async () => {
  sandbox.control.setFaults({});
  sandbox.control.resetStats();
  for (const close of closers.splice(0)) await close();
});
afterAll(() => sandbox.stop());

describe('contract: hostile answers', () => {
  it('a 200 with an error object or {} now and then: retried, the exact set arrives', async () => {
    sandbox.control.setFaults({ errorBody: { probability: 0.05 }, emptyBody: { probability: 0.05 } });
    const { client } = clientFor({ retry: { maxAttempts: 10 } });
    expectExactly(await idsOf(client), sandbox.groundTruth(RANGE));
    const stats = client.stats();
    expect(stats.retries).toBeGreaterThan(0); // the {} answers
    expect(stats.tokenRefreshes).toBeGreaterThan(0); // code 124 in a 200: refresh and replay
  });

  it('a 200 with {} on every request: a clear error, never an empty success', async () => {
    sandbox.control.setFaults({ emptyBody: { everyNth: 1 } });
    const { client } = clientFor({ retry: { maxAttempts: 3 } });
    const error = await idsOf(client, MONTH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as ZoomResponseError).message).toMatch(
      /HTTP 200 with an object without "sms".*tracking id/,
    );
    expect(sandbox.stats().apiRequests).toBe(3);
  });

  it('page tokens that alternate A → B → A: a clear error after a bounded number of requests', async () => {
    sandbox.control.setFaults({ loopPageTokens: true });
    const { client } = clientFor();
    const error = await idsOf(client, MONTH, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as Error).message).toMatch(
      /Stopped paging window 20251101T000000Z-\S+ \(2025-11-01 – 2025-11-30\) after 4 pages: .*already used/,
    );
    // First page, page 2 with the real token, page 2 again with A, page 3 with B (which hands out A again).
    expect(sandbox.stats().apiRequests).toBe(4);
  });

  it('every page token rejected: each restart narrows past what came, restarts stay bounded', async () => {
    sandbox.control.setFaults({ pageTokenExpired: { everyNth: 1 } });
    const { client } = clientFor();
    const truth = sandbox.groundTruth(MONTH);
    const allowed = restartsAllowed(truth.length, 100);
    // A month of a few pages finishes: every chain's first page is new ground.
    expect(Math.ceil(truth.length / 100)).toBeLessThan(allowed);
    const ids = await idsOf(client, MONTH, 100);
    expect([...ids].sort()).toEqual(truth);
    expect(sandbox.stats().apiRequests).toBeLessThanOrEqual(2 * (allowed + 1));
    // Pages of 1: more pages than restarts may ever be allowed, so the rejection is raised, bounded.
    sandbox.control.resetStats();
    const error = await idsOf(client, MONTH, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomPageTokenError);
    expect(sandbox.stats().apiRequests).toBe(2 * (restartsAllowed(truth.length, 1) + 1));
  });

  it('a window that never finishes within a page token’s life: a clear error, not a daily re-read', async () => {
    const { client } = clientFor();
    const [window] = client.windowsFor(MONTH);
    const error = await (async () => {
      // Each page is followed by a wait longer than a token lives (as a quota wait would be).
      for await (const _ of client.sms.windowPages(window!, {}, { pageSize: 10 })) {
        sandbox.control.clock.advance(16 * 60_000);
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as Error).message).toMatch(/outlived 14 minutes 4 times without getting further/);
    expect(sandbox.stats().apiRequests).toBe(5);
  });

  it('a daily 429 whose Retry-After is years ahead: waits until the next 00:00 UTC + margin, warns once', async () => {
    const warnings: string[] = [];
    const logger: Logger = {
      debug() {},
      info() {},
      warn: (message) => warnings.push(message),
      error() {},
    };
    const start = sandbox.control.clock.now();
    sandbox.control.failNext('rateLimitDailyFarReset', 2);
    const { client, sleeps } = clientFor({
      logger,
      budget: { perSecond: 1000, daily: 1_000_000, onDailyQuota: 'wait' },
    });
    const truth = sandbox.groundTruth(MONTH);
    expectExactly(await idsOf(client, MONTH), truth);
    const nextMidnight = Math.floor(start / 86_400_000) * 86_400_000 + 86_400_000;
    // The first long wait runs to 00:00 UTC + 1 minute (pacing slots of 1 ms moved the clock a little
    // before the 429 arrived); the second 429, a day later, waits to the following midnight.
    const long = sleeps.filter((ms) => ms > 3_600_000);
    expect(long).toHaveLength(2);
    expect(long[0]).toBeGreaterThan(nextMidnight + 60_000 - start - 1000);
    expect(long[0]).toBeLessThanOrEqual(nextMidnight + 60_000 - start);
    expect(long[1]).toBe(86_400_000);
    expect(sleeps.every((ms) => ms < 2 ** 31 - 1)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/more than 25 hours/);
  });

  it('a body that drips a byte at a time: a timeout error, not a hang', async () => {
    sandbox.control.setFaults({ slowDrip: { everyNth: 1, byteEveryMs: 20 } });
    const { client } = clientFor({ retry: { maxAttempts: 2 } }, { responseTimeoutMs: 300 });
    const error = await client.sms.list({ ...MONTH, page_size: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomNetworkError);
    expect((error as Error).message).toMatch(/No complete response .* within 300 ms/);
    // Counted by the client: the sandbox logs a request when its (endless) response ends.
    expect(client.stats().requests).toBe(2);
  });

  it('a body larger than maxBodyBytes: a clear error', async () => {
    const { client } = clientFor({}, { maxBodyBytes: 10_000 });
    const error = await client.sms.list({ ...MONTH, page_size: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as Error).message).toMatch(/larger than 10000 bytes.*maxBodyBytes/);
  });

  it('plain http to another host: an input error before any request', () => {
    const before = sandbox.stats().requests;
    expect(() => clientFor({ baseUrl: 'http://api.zoom.us/v2' })).toThrow(ZoomInputError);
    expect(() =>
      clientFor({ auth: { ...sandbox.credentials, tokenUrl: 'http://zoom.us/oauth/token' } }),
    ).toThrow(/tokenUrl: "http:\/\/zoom.us\/oauth\/token" is plain http .*use https/);
    const env = { ...sandbox.env, ZOOM_OAUTH_TOKEN_URL: 'http://proxy.example/oauth/token' };
    expect(() => configFromEnv(env)).toThrow(/ZOOM_OAUTH_TOKEN_URL: .* plain http/);
    expect(configFromEnv({ ...sandbox.env }).auth.tokenUrl).toBe(sandbox.tokenUrl); // loopback http is fine
    expect(sandbox.stats().requests).toBe(before);
  });

  it('one aborted caller does not abort the token fetch the others wait on', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let tokenRequests = 0;
    const { client } = clientFor({}, {}, (inner) => async (req) => {
      if (req.method === 'POST') {
        tokenRequests += 1;
        await gate;
      }
      return inner(req);
    });
    const abort = new AbortController();
    const first = client.sms.list({ ...MONTH, page_size: 5 }, { signal: abort.signal });
    const second = client.sms.list({ ...MONTH, page_size: 5 });
    // Abort only once the first caller's token request is on the wire (the one the second caller shares).
    for (let i = 0; i < 1000 && tokenRequests === 0; i++) await new Promise((r) => setImmediate(r));
    expect(tokenRequests).toBe(1);
    abort.abort();
    await expect(first).rejects.toBeInstanceOf(ZoomAbortError);
    release();
    const page = await second;
    expect(page.sms).toHaveLength(5);
    expect(tokenRequests).toBe(1);
    expect(sandbox.stats().tokensIssued).toBe(1);
  });

  it('errors carry no body text in their message or cause chain', async () => {
    const phones = sandbox.records(MONTH).map((r) => r.consumer_number);
    sandbox.control.setFaults({ truncatedJson: { everyNth: 1 } });
    const { client } = clientFor({ retry: { maxAttempts: 2 } });
    const error = await client.sms.list({ ...MONTH, page_size: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomError);
    const text = chainText(error);
    expect(text).toMatch(/not complete JSON \(\d+ bytes of (JSON cut short|malformed JSON)\)/);
    expect(text).not.toMatch(/engagement_id|consumer|\+\d{6,}|Unexpected|position/);
    for (const phone of phones) expect(text).not.toContain(phone);
  });

  it('poison records (malformed times, NUL in strings) pass through: the exact set', async () => {
    sandbox.control.setFaults({ poisonRecords: { every: 5 } });
    const { client } = clientFor();
    const records = await client.sms.collect(MONTH, { pageSize: 50 });
    expectExactly(
      records.map((r) => r.engagement_id),
      sandbox.groundTruth(MONTH),
    );
    expect(records.some((r) => r.consumer_display_name?.includes('\u0000'))).toBe(true);
  });
});
