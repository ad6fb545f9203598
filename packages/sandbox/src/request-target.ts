/**
 * The request target (`req.url`) split once into path and query. `new URL()` on every request was a visible
 * share of a small request's CPU, so the raw target is used as is when it is plainly an absolute path of
 * letters, digits, `-`, `_` and `/` plus a query of printable ASCII without `#`: for such a target WHATWG URL
 * parsing returns the same pathname and a query that `URLSearchParams` decodes to the same parameters (it only
 * percent-encodes `"`, `'`, `<`, `>`, which decode back). Anything else (dot segments, percent-encoded or
 * non-ASCII paths, `//`, backslashes, fragments) goes through `new URL` exactly as before.
 */

export interface RequestTarget {
  /** The pathname, as `new URL(target).pathname` gives it. */
  path: string;
  /**
   * `?` and the query ('' when none). `new URLSearchParams(search)` (which drops one leading `?`) gives the
   * parameters of `new URL(target).searchParams`; `?` alone stands for no query, as `URL#search` ''.
   */
  search: string;
}

const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9_\-/]*$/;
const PLAIN_QUERY = /^[!-"$-~]*$/; // printable ASCII except '#'

export function splitRequestTarget(target: string): RequestTarget {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const search = q < 0 ? '' : target.slice(q);
  if (PLAIN_PATH.test(path) && PLAIN_QUERY.test(search)) return { path, search };
  const url = parseTarget(target);
  return { path: url.pathname, search: url.search };
}

/** The full WHATWG parse, for the admin endpoints (they read `URL` objects). */
export function parseTarget(target: string): URL {
  return new URL(target, 'http://sandbox');
}
