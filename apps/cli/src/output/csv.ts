/**
 * CSV per RFC 4180: CRLF line ends, a header row, and any field holding a quote, comma, CR or LF (or
 * leading/trailing spaces, which some readers trim) wrapped in double quotes with quotes doubled. Values
 * are written exactly as Zoom sent them — no formula escaping — so the file round-trips; spreadsheet users
 * importing untrusted names should import as text (see README).
 *
 * Columns are fixed so every file of a run has the same header. Arrays of objects (`queues`, `agents`) are
 * JSON in one cell (lossless); `sms_types` (a fixed vocabulary such as SMS, MMS) is joined with `;`.
 * Fields Zoom may add later are kept by the NDJSON format only.
 */
import type { SmsRecord } from '@zcc-sms/core';

export const CSV_COLUMNS = [
  'engagement_id',
  'direction',
  'start_time',
  'end_time',
  'contact_center_number',
  'consumer_number',
  'consumer_display_name',
  'country_name',
  'sms_types',
  'total_sent_messages',
  'total_received_messages',
  'total_sent_files',
  'total_received_files',
  'queues',
  'agents',
] as const;

/** One RFC 4180 field. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cell(record: SmsRecord, column: (typeof CSV_COLUMNS)[number]): string {
  const value: unknown = record[column];
  if (value === undefined || value === null) return '';
  if (column === 'sms_types' && Array.isArray(value)) return value.join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(record: SmsRecord): string {
  return `${CSV_COLUMNS.map((c) => csvField(cell(record, c))).join(',')}\r\n`;
}
