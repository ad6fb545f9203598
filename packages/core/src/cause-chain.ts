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
 * the first `cause` that is not an object (absent, a string, a number), since only objects carry fields
 * worth reading.
 *
 * @example
 * const root = causeChain(error).at(-1); // the innermost cause
 * const status = causeChain(error).find((link) => 'status' in link);
 */
export function causeChain(error: unknown, maxDepth = MAX_CAUSE_DEPTH): object[] {
  const chain: object[] = [];
  const visited = new Set<object>();
  let current: unknown = error;
  while (
    current !== null &&
    typeof current === 'object' &&
    chain.length < maxDepth &&
    !visited.has(current)
  ) {
    chain.push(current);
    visited.add(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}
