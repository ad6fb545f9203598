/**
 * Which published window files overlap a window. Pure parsing plus one directory listing.
 *
 * One run's windows never overlap (month windows, or a plan's sub-windows: they only share edge instants).
 * Files of different runs in one directory can: a backfill started again may be split differently (a plan
 * with `favor: 'time'` depends on the counts and latency it measured), and overlapping incremental syncs
 * write overlapping ranges. A window therefore drops, at commit, the ids an overlapping published file
 * already holds, and an edge claim made by an overlapping window of another run does not make it drop a
 * record (that window may never have published it).
 */
import { readdir } from 'node:fs/promises';
import { parseWindowFileName } from './ndjson-files.ts';

export interface Span {
  readonly from: number;
  readonly to: number;
}

// The core's window id: `<from>-<to>` as compact UTC instants, e.g. `20260101T000000Z-20260201T000000Z`
// (TimeWindow.id in core windows.ts), with fractional seconds when the bounds have them.
const ID =
  /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d+)?Z-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/;

/** The instants of a window id, or undefined for an id of another shape. */
export function windowSpan(windowId: string): Span | undefined {
  const m = ID.exec(windowId);
  if (!m) return undefined;
  const at = (i: number) =>
    Date.parse(`${m[i]}-${m[i + 1]}-${m[i + 2]}T${m[i + 3]}:${m[i + 4]}:${m[i + 5]}${m[i + 6] ?? ''}Z`);
  const from = at(1);
  const to = at(8);
  return Number.isNaN(from) || Number.isNaN(to) ? undefined : { from, to };
}

/** True when two windows share more than an edge instant (neighbours touching at an edge do not). */
export function windowsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const x = windowSpan(a);
  const y = windowSpan(b);
  if (!x || !y) return false;
  return x.from < y.to && y.from < x.to;
}

/** Published `<windowId>.ndjson` files in `dir` of other windows overlapping `windowId`. */
export async function overlappingFiles(dir: string, windowId: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => {
    const other = parseWindowFileName(name)?.windowId;
    return other !== undefined && other !== windowId && windowsOverlap(other, windowId);
  });
}
