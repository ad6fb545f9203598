/**
 * What a command may touch of the outside world, passed in rather than read from globals, so every
 * command is a function of (argv, io) and `main` stays testable in-process.
 */
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  readonly stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** The process environment (without `.env`; config.ts layers that in). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on the first Ctrl-C (SIGINT) or SIGTERM. */
  readonly interrupt: InterruptSource;
}

/**
 * Ctrl-C as data: commands that want to ask before stopping (backfill) take over the handler; the others
 * just watch the signal.
 */
export interface InterruptSource {
  readonly signal: AbortSignal;
  /** Replace the default handler (abort) while `handler` is installed; returns a function restoring it. */
  intercept(handler: () => void): () => void;
}

/** The real process: SIGINT/SIGTERM abort the shared signal unless a command intercepts them. */
export function processIo(): CliIo {
  const controller = new AbortController();
  let handler: (() => void) | undefined;
  const onSignal = (): void => {
    if (handler) handler();
    else if (!controller.signal.aborted) controller.abort(new Error('interrupted'));
    else process.exit(130); // second Ctrl-C while stopping: leave now
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    interrupt: {
      signal: controller.signal,
      intercept(next) {
        const previous = handler;
        handler = next;
        return () => {
          handler = previous;
        };
      },
    },
  };
}
