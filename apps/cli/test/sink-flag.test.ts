/**
 * `--sink s3://BUCKET/PREFIX` and `--format` → the temporal package's `s3` spec: bucket, normalised prefix
 * and format only (never an endpoint or a key), and a clear usage error before any request.
 */
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/redactor.ts';
import { parseSinkFlag } from '../src/temporal/sink-flag.ts';

const parse = (value: string, format?: string) =>
  parseSinkFlag(value, { cwd: '/tmp', format, redactor: createRedactor() });

describe('--sink s3://', () => {
  it('names the bucket, a normalised prefix and the format', () => {
    expect(parse('s3://sms-archive/zoom/sms', 'parquet').spec).toEqual({
      type: 's3',
      bucket: 'sms-archive',
      prefix: 'zoom/sms/',
      format: 'parquet',
    });
    // One backfill, whichever way the prefix is written (the spec is part of the workflow id).
    expect(parse('s3://sms-archive//zoom/sms/').spec).toEqual(parse('s3://sms-archive/zoom/sms').spec);
    expect(parse('s3://sms-archive').spec).toEqual({ type: 's3', bucket: 'sms-archive', format: 'ndjson' });
    expect(parse('s3://sms-archive/x').postgres).toEqual({});
  });

  it.each([
    [
      's3://Bad_Bucket/x',
      undefined,
      /--sink "s3:\/\/Bad_Bucket\/x" names "Bad_Bucket", which is not a bucket name/,
    ],
    [
      's3://sms-archive/x?region=eu',
      undefined,
      /holds a query, fragment or user part; use s3:\/\/BUCKET\/PREFIX/,
    ],
    ['s3://sms-archive/x', 'csv', /--format "csv" is not an object format; use ndjson or parquet/],
    ['ndjson:./out', 'parquet', /--format "parquet" applies only to s3:\/\/ sinks/],
  ])('%s with --format %s is a usage error naming the fix', (value, format, message) => {
    expect(() => parse(value, format)).toThrow(message);
  });
});
