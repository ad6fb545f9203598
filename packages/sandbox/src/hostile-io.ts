/**
 * The slow-drip fault: a 200 with the page's full Content-Length whose bytes arrive one at a time, a
 * byte every `byteEveryMs` of real time. Each byte resets an idle timer, so only a client that bounds
 * the whole response (not just the gap between chunks) ever gives up. The drip stops when the client
 * hangs up.
 */
import type { ServerResponse } from 'node:http';
import { DEFAULT_DRIP_MS } from './faults.ts';
import { JSON_TYPE } from './http-io.ts';

export function sendDripping(
  res: ServerResponse,
  payload: Buffer,
  headers: Readonly<Record<string, string>>,
  rule: { byteEveryMs?: number } | undefined,
): void {
  const every = rule?.byteEveryMs ?? DEFAULT_DRIP_MS;
  res.writeHead(200, { ...headers, 'content-type': JSON_TYPE, 'content-length': payload.length });
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed || sent >= payload.length) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(payload.subarray(sent, sent + 1));
    sent += 1;
  }, every);
  res.on('close', () => clearInterval(timer));
}
