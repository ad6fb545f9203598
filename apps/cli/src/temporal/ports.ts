/**
 * Loopback port helpers for the embedded Temporal: is a port free, is something listening, get a free one.
 */
import { connect, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
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

/** Waits until the port accepts connections; rejects with `failed()`'s error or after `timeoutMs`. */
export async function waitForListening(
  port: number,
  options: { timeoutMs: number; failed: () => Error | undefined; signal?: AbortSignal },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const failure = options.failed();
    if (failure) throw failure;
    if (await canConnect(port)) return;
    if (Date.now() > deadline)
      throw new Error(`Temporal did not listen on 127.0.0.1:${port} within ${options.timeoutMs / 1000} s`);
    await delay(100, undefined, { signal: options.signal });
  }
}
