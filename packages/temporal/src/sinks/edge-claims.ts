/**
 * Cross-window ownership of an engagement id, for sinks that keep one file per window.
 *
 * A record exactly on a shared month edge may be returned by both neighbouring windows (windows.ts in the
 * core). The first window to claim its id owns it: the claim is a file created atomically and complete
 * (`createFileExclusive`), holding the owner's window id, so a retry or re-run of the same window
 * recognises its own claim and the neighbour drops the record. Sub-windows of a plan share edges the same
 * way. An owner that overlaps the claimant is another run's window (split differently): the NDJSON sink
 * keeps the record then and deduplicates at commit (window-overlap.ts).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileExclusive } from './atomic-file.ts';

export interface EdgeClaims {
  /** Claims `engagementId` for `windowId` unless claimed already; returns the owner's window id. */
  claim(engagementId: string, windowId: string): Promise<string>;
}

export function createEdgeClaims(dir: string): EdgeClaims {
  let ready: Promise<unknown> | undefined;
  return {
    async claim(engagementId, windowId) {
      ready ??= mkdir(dir, { recursive: true });
      await ready;
      const name = claimName(engagementId);
      const path = join(dir, name);
      if (await createFileExclusive(path, windowId)) return windowId;
      return await readFile(path, 'utf8');
    },
  };
}

/**
 * Engagement ids are opaque strings: hashed into safe, fixed-length file names. A string with an unpaired
 * surrogate has no UTF-8 form (every such surrogate encodes as U+FFFD, so two different ids would share a
 * claim and one of them be dropped): it is hashed from its UTF-16 code units behind a 0xFF byte, which no
 * UTF-8 text contains. Well-formed ids keep the names they always had.
 */
export function claimName(engagementId: string): string {
  const utf8 = Buffer.from(engagementId, 'utf8');
  const bytes =
    utf8.toString('utf8') === engagementId
      ? utf8
      : Buffer.concat([Buffer.from([0xff]), Buffer.from(engagementId, 'utf16le')]);
  return createHash('sha256').update(bytes).digest('hex').slice(0, 40);
}
