/**
 * Records as PostgreSQL rows, made so that no record can fail the upsert for ever (a "poison page"):
 *
 * - `start_time`/`end_time` go to `timestamptz` columns only when they are ISO 8601 instants with a zone
 *   (what Zoom documents, e.g. `2025-03-01T10:00:00Z`); anything else becomes NULL there, while the jsonb
 *   `record` keeps the value exactly as Zoom sent it. A bad timestamp is Zoom's data, not a reason to lose
 *   the engagement.
 * - PostgreSQL text and jsonb cannot hold U+0000, nor a lone UTF-16 surrogate; each one in any string of
 *   the record (keys included) is replaced by U+FFFD, the Unicode replacement character, in the jsonb. That
 *   is the only change made to a record, and it is visible (U+FFFD never appears in Zoom's own data by
 *   accident). The `engagement_id` key column is the exception: it is stored as sent or not at all.
 */
import type { SmsRecord } from '@zcc-sms/core';

/** One row of the record table as the upsert reads it from a jsonb array. */
export interface PostgresRow {
  readonly engagement_id: string;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly direction: string | null;
  readonly record: unknown;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** The instant as an ISO string PostgreSQL always parses, or null when the value is not an instant. */
export function instantOrNull(value: unknown): string | null {
  if (typeof value !== 'string' || !INSTANT.test(value)) return null;
  const ms = Date.parse(value.replace(' ', 'T'));
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  // Years outside 0001–9999 print in the extended form (`+010000-…`) that timestamptz does not read.
  return /^\d{4}-/.test(iso) ? iso : null;
}

/** Replaces U+0000 and lone surrogates in every string (keys too) by U+FFFD; other values unchanged. */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[storableText(k)] = storableJson(v);
    return out;
  }
  return value;
}

/** A NUL, or a high surrogate without its low half, or a low one without its high half. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly what must be matched here.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/** Rows for one page: a record's typed columns and its storable jsonb. */
export function postgresRows(records: readonly SmsRecord[]): PostgresRow[] {
  return records.map((r) => {
    const record = storableJson(r) as Record<string, unknown>;
    return {
      // The key is never rewritten: two ids differing only in an unstorable character would merge into one
      // row (a record lost). PostgreSQL refuses such an id (22P05, a final failure naming the window), loudly.
      engagement_id: r.engagement_id,
      start_time: instantOrNull(r.start_time),
      end_time: instantOrNull(r.end_time),
      direction: typeof record.direction === 'string' ? record.direction : null,
      record,
    };
  });
}
