/**
 * The formats of the object sink's window objects, and the one place their names are defined:
 * `<prefix><windowId>.ndjson.gz` (gzip NDJSON, one record per line, the API's field names) or
 * `<prefix><windowId>.parquet` (object-parquet.ts). Both keep every field of every record.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { SmsRecord } from '@zcc-sms/core';
import { isWindowId } from '@zcc-sms/core/windows';
import { decodeParquet, encodeParquet } from './object-parquet.ts';

/** `ndjson` (gzip) or `parquet`. */
export type ObjectFormat = 'ndjson' | 'parquet';

export const OBJECT_FORMATS: readonly ObjectFormat[] = ['ndjson', 'parquet'];

const SUFFIX: Readonly<Record<ObjectFormat, string>> = { ndjson: '.ndjson.gz', parquet: '.parquet' };

/** `20250301T000000Z-20250401T000000Z` → `20250301T000000Z-20250401T000000Z.parquet`. */
export function windowObjectName(windowId: string, format: ObjectFormat): string {
  return `${windowId}${SUFFIX[format]}`;
}

/** The window a published object's name (relative to the prefix) holds, or `undefined` for any other key. */
export function parseWindowObjectName(name: string, format: ObjectFormat): string | undefined {
  if (!name.endsWith(SUFFIX[format])) return undefined;
  const windowId = name.slice(0, -SUFFIX[format].length);
  return isWindowId(windowId) ? windowId : undefined;
}

/** Gzip NDJSON of `records`: what staged pages and `ndjson` window objects hold. */
export function encodeNdjsonGzip(lines: readonly string[]): Uint8Array {
  return gzipSync(lines.map((line) => `${line}\n`).join(''));
}

/** The lines of a gzip NDJSON object (no empty ones). */
export function decodeNdjsonGzip(body: Uint8Array): string[] {
  return gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');
}

export async function encodeWindow(records: readonly SmsRecord[], format: ObjectFormat): Promise<Uint8Array> {
  return format === 'parquet'
    ? await encodeParquet(records)
    : encodeNdjsonGzip(records.map((r) => JSON.stringify(r)));
}

export async function decodeWindow(body: Uint8Array, format: ObjectFormat): Promise<SmsRecord[]> {
  return format === 'parquet'
    ? await decodeParquet(body)
    : decodeNdjsonGzip(body).map((line) => JSON.parse(line) as SmsRecord);
}
