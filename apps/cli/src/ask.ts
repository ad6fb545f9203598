/**
 * One question on the terminal (stderr), one answer from stdin. Only asked when stdin is a TTY; the
 * caller decides the safe default otherwise.
 */
import { createInterface } from 'node:readline/promises';
import type { CliIo } from './io.ts';

export function canAsk(io: CliIo): boolean {
  return io.stdin.isTTY === true;
}

/** Resolves with the first letter of the answer (lower case), or `fallback` on an empty answer / EOF. */
export async function ask(
  io: CliIo,
  question: string,
  fallback: string,
  signal?: AbortSignal,
): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  try {
    const answer = await rl.question(question, signal ? { signal } : {});
    return answer.trim().toLowerCase()[0] ?? fallback;
  } catch {
    return fallback;
  } finally {
    rl.close();
  }
}
