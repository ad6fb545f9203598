/**
 * The NDJSON sink's page part: what one landed page leaves on disk until its window commits.
 *
 *   line 1     header: `{"backfillId":…,"cursor":…,"ids":[…]}` — the checkpoint after the page and the
 *              engagement id of every record line below, in order
 *   line 2…    the records, one per line, exactly as they will stand in the published file
 *
 * The ids in the header let the commit drop repeats and copy the record bytes through without parsing a
 * single record (a JSON.parse per line was the commit's main cost). A part written by an earlier version
 * of the worker has no `ids`: the commit reads it the old way, parsing each line for its id.
 *
 * UTF-8 never uses the byte 0x0A inside a multi-byte character, and `JSON.stringify` escapes a newline
 * inside a string, so every 0x0A byte of a part ends a line: the lines are found on the bytes, undecoded.
 */
import type { SmsRecord, WindowCursor } from '@zcc-sms/core';

export interface PartHeader {
  readonly backfillId: string;
  readonly cursor: WindowCursor;
  /** The engagement ids of the record lines, in order; absent in parts of earlier worker versions. */
  readonly ids?: readonly string[] | undefined;
}

/** Thrown when a part's lines do not match its header: retryable, nothing is published from it. */
export class CorruptPartError extends Error {
  override readonly name = 'CorruptPartError';
}

const NEWLINE = 0x0a;

/** The text of a part holding `records` with `cursor` as its checkpoint. */
export function encodePart(backfillId: string, cursor: WindowCursor, records: readonly SmsRecord[]): string {
  const header: PartHeader = { backfillId, cursor, ids: records.map((r) => r.engagement_id) };
  let text = `${JSON.stringify(header)}\n`;
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return text;
}

/** The header line of a part's text (its first line). */
export function partHeaderLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

/** A part's header parsed; `ids` is kept only when it is an array of strings. */
export function parsePartHeader(line: string): PartHeader {
  const parsed = JSON.parse(line) as PartHeader;
  const ids = parsed.ids;
  if (ids === undefined) return parsed;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw new CorruptPartError('a page part header holds ids that are not a list of strings');
  }
  return parsed;
}

/** One record line of a part: its id and its bytes (a view into the part's buffer, newline included). */
export interface PartLine {
  readonly id: string;
  readonly bytes: Buffer;
}

/**
 * The record lines of a part read whole, with their ids from the header; undefined for a part of an
 * earlier worker version (no ids: read it the old way). A part whose line count differs from its ids is
 * corrupt: committing it could pair a record with another's id.
 */
export function partLines(path: string, content: Buffer): PartLine[] | undefined {
  const headerEnd = content.indexOf(NEWLINE);
  if (headerEnd < 0) throw new CorruptPartError(`page part ${path} has no complete header line`);
  const ids = parsePartHeader(content.toString('utf8', 0, headerEnd)).ids;
  if (ids === undefined) return undefined;
  const lines: PartLine[] = [];
  let at = headerEnd + 1;
  while (at < content.length) {
    const end = content.indexOf(NEWLINE, at);
    if (end < 0) throw new CorruptPartError(`page part ${path} ends inside a record line`);
    const id = ids[lines.length];
    if (id === undefined) break;
    lines.push({ id, bytes: content.subarray(at, end + 1) });
    at = end + 1;
  }
  if (lines.length !== ids.length || at !== content.length) {
    throw new CorruptPartError(
      `page part ${path} lists ${ids.length} ids in its header but holds a different number of record lines`,
    );
  }
  return lines;
}
