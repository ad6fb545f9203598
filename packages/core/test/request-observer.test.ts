/**
 * The request observer over real HTTP against the sandbox: one event per attempt the sandbox saw, with the
 * status it sent, and nothing secret or personal in any event.
 */
import { type Sandbox, startSandbox } from '@zcc-sms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZoomClient } from '../src/client.ts';
import type { RequestEvent } from '../src/request-observer.ts';
import { createUndiciTransport } from '../src/undici-transport.ts';
import { monthWindows } from '../src/windows.ts';
import { sandboxClient } from './support/sandbox-client.ts';

const RANGE = { from: '2025-01-01', to: '2025-03-31' };

describe('request observer', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 7,
      clock: { mode: 'manual', start: '2026-03-01T00:00:00Z' },
      dataset: { from: '2024-12-01', to: '2025-04-30', records: 900, seed: 7 },
    });
  });
  afterAll(() => sandbox.stop());

  function clientWith(events: RequestEvent[], afterEach: Array<() => void> = []) {
    return sandboxClient(sandbox, {
      observer: {
        onRequest: (event) => {
          events.push(event);
          afterEach.shift()?.();
        },
      },
    });
  }

  it('reports every attempt the sandbox saw, faults, 429s and token replays included', async () => {
    const events: RequestEvent[] = [];
    // After each of the first attempts, break the next one in another way the observer tells apart.
    const { client, close } = clientWith(events, [
      () => sandbox.control.failNext('badGateway', 1),
      () => sandbox.control.failNext('rateLimitPerSecond', 1),
      () => sandbox.control.failNext('connectionReset', 1),
      () => sandbox.control.revokeTokens(),
    ]);
    const ids: string[] = [];
    const seenIds = new Set<string>(); // windows share their edges: records there are delivered once
    try {
      sandbox.control.resetStats();
      for (const window of monthWindows(RANGE.from, RANGE.to)) {
        for await (const page of client.sms.windowPages(window, {}, { pageSize: 50, seen: seenIds })) {
          ids.push(...page.records.map((r) => r.engagement_id));
        }
      }
    } finally {
      await close();
    }
    expect(ids.sort()).toEqual(sandbox.groundTruth(RANGE));

    const seen = sandbox.control.requestLog().filter((entry) => entry.path.endsWith('/contact_center/sms'));
    expect(events.length).toBe(seen.length);
    expect(events.length).toBe(client.stats().requests);
    // One at a time, so the order matches: the status the sandbox sent, or none when it cut the connection.
    expect(events.map((e) => e.status ?? 0)).toEqual(seen.map((entry) => entry.status));
    expect(events.filter((e) => e.status === undefined).map((e) => e.networkError)).toEqual(['network']);
    expect(events.filter((e) => e.rateLimit === 'per-second')).toHaveLength(1);
    expect(events.filter((e) => e.status === 502)).toHaveLength(1);
    expect(events.filter((e) => e.tokenRefresh)).toHaveLength(1);
    // The second request went through all four faults (502, 429, reset, 401) and succeeded on attempt 5.
    expect(events.slice(1, 6).map((e) => [e.attempt, e.status, e.tokenRefresh])).toEqual([
      [1, 502, false],
      [2, 429, false],
      [3, undefined, false],
      [4, 401, false],
      [5, 200, true],
    ]);
    const ok = events.filter((e) => e.status === 200);
    // Records served, edge records shared by two windows counted in both (as the sandbox counts them).
    expect(ok.reduce((sum, e) => sum + (e.records ?? 0), 0)).toBe(sandbox.stats().recordsServed);
    const windowIds = monthWindows(RANGE.from, RANGE.to).map((w) => w.id);
    expect(new Set(events.map((e) => e.windowId))).toEqual(new Set(windowIds));
    expect(events.every((e) => e.pageSize === 50 && e.latencyMs >= 0)).toBe(true);

    const text = JSON.stringify(events);
    expect(windowIds).toHaveLength(3);
    expect(text).not.toContain(sandbox.credentials.clientSecret);
    expect(text).not.toMatch(/\+\d{6,}/); // no phone number
    expect(text).not.toContain('next_page_token');
  });

  it('a failing observer fails no request; sms.list reports its page without a window', async () => {
    const events: RequestEvent[] = [];
    const { client, close } = clientWith(events);
    const broken = createZoomClient({
      auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl },
      baseUrl: sandbox.baseUrl,
      transport: createUndiciTransport().transport,
      clock: { now: () => sandbox.control.clock.now() },
      sleep: async () => {},
      observer: {
        onRequest: () => {
          throw new Error('observer bug');
        },
      },
    });
    try {
      const page = await client.sms.list({ from: '2025-02-01', to: '2025-02-28', page_size: 10 });
      expect(events).toEqual([
        expect.objectContaining({ windowId: undefined, attempt: 1, status: 200, records: page.sms.length }),
      ]);
      expect((await broken.sms.list({ from: '2025-02-01', to: '2025-02-28', page_size: 10 })).sms).toEqual(
        page.sms,
      );
    } finally {
      await close();
    }
  });
});
