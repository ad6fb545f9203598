/**
 * Unit tests of the CLI's pure pieces: CSV quoting, `.env` parsing, flag typo suggestions, progress text.
 */
import { describe, expect, it } from 'vitest';
import { accountSink } from '../src/accounts-file.ts';
import { parseDotenv } from '../src/dotenv.ts';
import { csvField, csvRow } from '../src/output/csv.ts';
import { closestFlag } from '../src/parse-flags.ts';
import { duration, progressLine } from '../src/progress/format.ts';
import { parseCsv } from './support/csv-parse.ts';

describe('csvField (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rhere', '"cr\rhere"'],
    ['  padded  ', '"  padded  "'],
    ['', ''],
  ])('%j → %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('round-trips a record through an independent reader', () => {
    const record = {
      engagement_id: 'e1',
      consumer_display_name: 'Carlos, Ana & "Pepe"\nsecond line',
      sms_types: ['SMS', 'MMS'],
      queues: [{ queue_name: 'Sales, "EU"' }],
      total_sent_messages: 3,
    };
    const [row] = parseCsv(csvRow(record));
    expect(row?.[0]).toBe('e1');
    expect(row?.[6]).toBe(record.consumer_display_name);
    expect(row?.[8]).toBe('SMS;MMS');
    expect(row?.[9]).toBe('3');
    expect(JSON.parse(row![13]!)).toEqual(record.queues);
    expect(row?.[14]).toBe('');
  });
});

describe('parseDotenv', () => {
  it('reads the dotenv format: export prefix, quotes, escapes, comments', () => {
    const text = [
      '# comment',
      'export ZOOM_ACCOUNT_ID=abc',
      'ZOOM_CLIENT_ID = "id with spaces"',
      "ZOOM_CLIENT_SECRET='s3cr#t'",
      'PLAIN=value # trailing comment',
      'ESCAPED="a\\nb \\"q\\""',
      'MULTI="line1',
      'line2"',
      '',
    ].join('\n');
    expect(parseDotenv(text)).toEqual({
      ZOOM_ACCOUNT_ID: 'abc',
      ZOOM_CLIENT_ID: 'id with spaces',
      ZOOM_CLIENT_SECRET: 's3cr#t',
      PLAIN: 'value',
      ESCAPED: 'a\nb "q"',
      MULTI: 'line1\nline2',
    });
  });

  it('names the file and line of a malformed line', () => {
    expect(() => parseDotenv('GOOD=1\nnot a pair\n', '.env')).toThrow(
      '.env line 2 is not KEY=value; fix or remove that line',
    );
  });
});

describe('closestFlag', () => {
  const flags = ['from', 'to', 'format', 'output', 'concurrency', 'country'];
  it('suggests near misses and nothing for unrelated words', () => {
    expect(closestFlag('form', flags)).toBe('from');
    expect(closestFlag('concurency', flags)).toBe('concurrency');
    expect(closestFlag('xyzzy', flags)).toBeUndefined();
  });
});

describe('progress text', () => {
  it('shows windows, records, rate, and the quota wait instead of the ETA', () => {
    const now = Date.UTC(2026, 0, 1, 22, 0, 0);
    const base = {
      windowsDone: 3,
      windowsTotal: 12,
      records: 12_345,
      requests: 130,
      requestRate: 9.96,
      recordRate: 990,
      elapsedMs: 13_000,
    };
    expect(progressLine({ ...base, estimatedTotal: 50_000 }, now)).toBe(
      'windows 3/12 · 12,345/~50,000 records · 130 requests · 10.0 req/s · ETA 0m 38s · 0m 13s',
    );
    expect(progressLine({ ...base, waitingUntil: Date.UTC(2026, 0, 2) }, now)).toContain(
      'waiting for quota until 2026-01-02T00:00:00Z (2h 00m)',
    );
    expect(duration(4_200)).toBe('4.2s');
  });
});

describe('accountSink (an account of an accounts file without its own sink)', () => {
  it.each([
    ['ndjson:./sms', 'ndjson:./sms/emea'],
    ['ndjson:./sms/', 'ndjson:./sms/emea'],
    // Window objects are named by month: two accounts in one prefix would write the same keys.
    ['s3://bucket/landing', 's3://bucket/landing/emea'],
    ['s3://bucket', 's3://bucket/emea'],
    ['postgres:default', 'postgres:default'],
  ])('%s → %s', (base, expected) => {
    expect(accountSink(base, 'emea')).toBe(expected);
  });
});
