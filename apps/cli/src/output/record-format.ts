/**
 * Output formats of `export`: NDJSON (default; one JSON object per engagement with the API's own field
 * names, every field Zoom sent) or CSV (csv.ts).
 */
import type { SmsRecord } from '@zcc-sms/core';
import { flagError } from '../cli-error.ts';
import { csvHeader, csvRow } from './csv.ts';

export type FormatName = 'ndjson' | 'csv';

export interface RecordFormat {
  readonly name: FormatName;
  /** Written once before the first record (even when there is none). */
  readonly header: string;
  line(record: SmsRecord): string;
}

export function recordFormat(name: string | undefined): RecordFormat {
  const format = (name ?? 'ndjson').toLowerCase();
  if (format === 'ndjson' || format === 'jsonl')
    return { name: 'ndjson', header: '', line: (r) => `${JSON.stringify(r)}\n` };
  if (format === 'csv') return { name: 'csv', header: csvHeader(), line: csvRow };
  throw flagError('--format', name, 'is not a format', 'use ndjson (default) or csv');
}

/** Picks the format from the output file's extension when `--format` is not given. */
export function formatForOutput(flag: string | undefined, output: string | undefined): RecordFormat {
  if (flag === undefined && output !== undefined && /\.csv$/i.test(output)) return recordFormat('csv');
  return recordFormat(flag);
}
