/**
 * A response body that drips a byte a second for ever never trips undici's per-chunk body timeout, and a
 * timer-driven heartbeat would keep such a window "alive" for ever. Heartbeats now prove progress: with no
 * page for `stallTimeoutMs` the window is aborted and retried from its checkpoint (its cause visible in
 * `retrying`), and it completes once the body flows. Real HTTP proxy, Temporal and PostgreSQL.
 */
import { monthWindows, type TimeWindow } from '@zcc-sms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProgress, startBackfill } from '../../src/index.ts';
import {
  expectExactSet,
  FAST,
  type Harness,
  pgIds,
  RANGE,
  startHarness,
  waitFor,
} from '../support/helpers.ts';
import { startZoomProxy, type ZoomProxy } from '../support/zoom-proxy.ts';

const WINDOWS = monthWindows(RANGE.from, RANGE.to);
const windowAt = (month: string): TimeWindow => WINDOWS.find((w) => w.id.startsWith(month)) as TimeWindow;
const inWindow = (url: URL, w: TimeWindow) => url.searchParams.get('from') === w.from;

describe('a body that drips for ever', () => {
  const drip = {} as { h: Harness; proxy: ZoomProxy };
  beforeAll(async () => {
    drip.h = await startHarness();
    drip.proxy = await startZoomProxy(drip.h.sandbox.baseUrl);
    // A short stall bound, so a dripping body is caught within seconds (it must exceed the time the core
    // spends retrying one request, hence a worker of its own).
    await drip.h.startWorker({
      zoom: { ...drip.h.workerConfig().zoom, baseUrl: drip.proxy.baseUrl },
      stallTimeoutMs: 3_000,
    });
  });
  afterAll(async () => {
    await drip.h?.close();
    await drip.proxy?.stop();
  });

  it('retries a window whose body drips for ever from its checkpoint, and completes once it flows', async () => {
    const sept = windowAt('20240901');
    const { h, proxy } = drip;
    proxy.set({ drip: (url) => inWindow(url, sept) });
    const table = 'sms_dripping_window';
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'postgres', table }, options: { ...FAST, plan: false } },
      { taskQueue: h.taskQueue },
    );
    const retrying = await waitFor(async () => {
      const p = await getProgress(h.client, workflowId).catch(() => undefined);
      return p?.retrying.find((r) => r.windowId === sept.id);
    }, 'the stalled window and its cause');
    expect(retrying.lastFailure).toContain(
      'WindowStalled: window 20240901T000000Z-20241001T000000Z: no page arrived',
    );
    proxy.set({});
    await handle.result();
    expectExactSet(await pgIds(h.pgUrl, table), h.sandbox.groundTruth(RANGE));
  });
});
