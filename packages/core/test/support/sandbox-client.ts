/**
 * A client of the in-process sandbox for contract tests: real HTTP (undici), the sandbox's clock (so token
 * lifetimes and daily resets agree), and sleeps that advance that clock instead of waiting.
 */
import type { Sandbox } from '@zcc-sms/sandbox';
import { createZoomClient, type ZoomClientOptions } from '../../src/client.ts';
import { createUndiciTransport } from '../../src/undici-transport.ts';

export function sandboxClient(sandbox: Sandbox, extra: Partial<ZoomClientOptions> = {}) {
  const http = createUndiciTransport();
  const client = createZoomClient({
    auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl },
    baseUrl: sandbox.baseUrl,
    transport: http.transport,
    clock: { now: () => sandbox.control.clock.now() },
    sleep: async (ms) => {
      sandbox.control.clock.advance(ms);
      await new Promise((r) => setImmediate(r));
    },
    budget: { perSecond: 1000, daily: 1_000_000 },
    ...extra,
  });
  return { client, close: () => http.close() };
}

/** List SMS requests the sandbox answered 200, from its request log. */
export function answeredPages(sandbox: Sandbox): number {
  return sandbox.control
    .requestLog(100_000)
    .filter((e) => e.path.endsWith('/contact_center/sms') && e.status === 200).length;
}
