/**
 * Paths of this package's own modules for Temporal's workflow bundler, which takes file paths rather than
 * imports. In the workspace the sources run as `.ts` (Node strips types); in the published package they are
 * the compiled `.js` in dist/ (Node never strips types under node_modules). The caller's own extension says
 * which one is running, so both point at files that exist.
 */
import { fileURLToPath } from 'node:url';

/** `sibling('./workflows/index', import.meta.url)` → `/…/workflows/index.ts` or `/…/workflows/index.js`. */
export function sibling(relativeWithoutExtension: string, callerUrl: string): string {
  const extension = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`${relativeWithoutExtension}${extension}`, callerUrl));
}
