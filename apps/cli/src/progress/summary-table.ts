/**
 * The end-of-run table: records per month, then totals (records, requests, time, rate).
 */
import { count, duration, rate } from './format.ts';

export interface SummaryInput {
  readonly months: ReadonlyArray<{ readonly month: string; readonly records: number }>;
  readonly requests: number;
  readonly elapsedMs: number;
  /** Time spent fetching (the rate is computed over it), when it differs from `elapsedMs`. */
  readonly fetchMs?: number | undefined;
  /** Extra lines under the table (e.g. where the files are). */
  readonly notes?: readonly string[];
}

export function summaryTable(input: SummaryInput): string {
  const total = input.months.reduce((sum, m) => sum + m.records, 0);
  const width = Math.max(7, count(total).length);
  const lines = [`Month      ${'Records'.padStart(width)}`, `${'-'.repeat(9)}  ${'-'.repeat(width)}`];
  for (const m of input.months) lines.push(`${m.month.padEnd(9)}  ${count(m.records).padStart(width)}`);
  lines.push(
    `${'-'.repeat(9)}  ${'-'.repeat(width)}`,
    `${'Total'.padEnd(9)}  ${count(total).padStart(width)}`,
    '',
  );
  const fetchMs = input.fetchMs ?? input.elapsedMs;
  const seconds = fetchMs / 1000;
  lines.push(
    `Requests   ${count(input.requests)}`,
    `Time       ${duration(input.elapsedMs)}${input.fetchMs !== undefined ? ` (fetching ${duration(input.fetchMs)})` : ''}`,
    `Rate       ${rate(seconds > 0 ? input.requests / seconds : 0)} requests/s`,
  );
  if (input.notes && input.notes.length > 0) lines.push('', ...input.notes);
  return `${lines.join('\n')}\n`;
}
