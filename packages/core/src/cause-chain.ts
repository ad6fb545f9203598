/**
 * The one walk over an error's `cause` links. Wrappers nest the error that matters: n8n keeps the original
 * in `NodeApiError.cause`, Temporal nests `ActivityFailure` → `ApplicationFailure`, our own errors carry
 * the transport's fault. Every reader of a chain (the n8n transport, the CLI's `--debug` report, workflow
 * failures) walks it here, so all of them stop at the same depth and none loops on a cycle.
 */

/** Links walked at most: deeper than any wrapping we know (n8n adds 2, Temporal 3), small enough to print. */
export const MAX_CAUSE_DEPTH = 8;

/**
 * `error` and its causes, outermost first, each object once, at most `maxDepth` of them. The walk stops at
 * a `cause` that is not an object (absent, a string, a number), since only objects carry fields worth
 * reading. An `AggregateError` (Node's `fetch` reports a failed IPv4 and IPv6 connect as one) contributes
 * its `errors` after its own `cause`, breadth first, so the reasons it bundles are not lost.
 *
 * @example
 * const root = causeChain(error).at(-1); // the innermost cause
 * const status = causeChain(error).find((link) => 'status' in link);
 */
export function causeChain(error: unknown, maxDepth = MAX_CAUSE_DEPTH): object[] {
  const chain: object[] = [];
  const visited = new Set<object>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < maxDepth) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || visited.has(current)) continue;
    chain.push(current);
    visited.add(current);
    queue.push((current as { cause?: unknown }).cause);
    if (current instanceof AggregateError) queue.push(...current.errors);
  }
  return chain;
}
