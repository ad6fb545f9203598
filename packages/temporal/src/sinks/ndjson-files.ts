/**
 * The NDJSON sink's published file names, the one definition the sink and its readers (the CLI's month
 * table, window overlap) share: `<windowId>.ndjson`, where a window id is the core's
 * `<from>-<to>` in compact UTC (`20250301T000000Z-20250401T000000Z`).
 */

import { isWindowId } from '@zcc-sms/core/windows';

const SUFFIX = '.ndjson';

/**
 * `20250301T000000Z-20250401T000000Z` → `20250301T000000Z-20250401T000000Z.ndjson`.
 *
 * @example
 * windowFileName('20250301T000000Z-20250401T000000Z'); // '20250301T000000Z-20250401T000000Z.ndjson'
 */
export function windowFileName(windowId: string): string {
  return `${windowId}${SUFFIX}`;
}

/** A window's NDJSON file, parsed from its name: the window id and the month it starts in. */
export interface WindowFile {
  /** The window id (the file name without `.ndjson`). */
  readonly windowId: string;
  /** `yyyy-mm` of the window's start. */
  readonly month: string;
}

/**
 * The window a published file holds, or `undefined` for any other file (the sink's `.zcc-sms/` state,
 * a user's own files).
 *
 * @example
 * parseWindowFileName('20250301T000000Z-20250401T000000Z.ndjson'); // { windowId: '2025…Z', month: '2025-03' }
 */
export function parseWindowFileName(name: string): WindowFile | undefined {
  if (!name.endsWith(SUFFIX)) return undefined;
  const windowId = name.slice(0, -SUFFIX.length);
  return isWindowId(windowId)
    ? { windowId, month: `${windowId.slice(0, 4)}-${windowId.slice(4, 6)}` }
    : undefined;
}
