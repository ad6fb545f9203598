import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** Resolves once a TCP connection to host:port succeeds; rejects after `timeoutMs` or when `abort()` says so. */
export async function waitForPort(
  host: string,
  port: number,
  options: { timeoutMs: number; failed?: () => Error | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const failure = options.failed?.();
    if (failure) throw failure;
    if (await canConnect(host, port)) return;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${host}:${port}`);
    await delay(100);
  }
}

async function canConnect(host: string, port: number): Promise<boolean> {
  return await new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
