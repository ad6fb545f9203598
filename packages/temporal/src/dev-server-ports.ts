/**
 * Loopback port helpers for a local Temporal dev server: get a free port, is a port free, is something
 * listening, wait until it is. Shared by the CLI's embedded Temporal and the tests' launcher.
 */
import { connect, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Asks the kernel for a free TCP port (bind to port 0, read it, close). Another process can take the port
 * before the caller binds it; `startDevServer`'s callers retry on that.
 *
 * @example
 * const port = await freePort();
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

/** True when nothing holds `port` (we could bind it). */
export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** True when a TCP connection to host:port succeeds. */
export async function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
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

/**
 * Resolves once host:port accepts connections; rejects with `failed()`'s error as soon as it has one (the
 * server exited), or after `timeoutMs`.
 */
export async function waitForPort(
  host: string,
  port: number,
  options: { timeoutMs: number; failed?: () => Error | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const failure = options.failed?.();
    if (failure) throw failure;
    if (await canConnect(port, host)) return;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${host}:${port}`);
    await delay(100);
  }
}
