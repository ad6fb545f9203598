/**
 * What the user sees of an error's cause chain and of a mistyped sink: every message of the chain redacted,
 * causes that are not Errors shown (redacted) instead of dropped, and a sink URL's password never echoed.
 */

import { devServerEnv } from '@zcc-sms/temporal/dev-server';
import { describe, expect, it } from 'vitest';
import { formatError, reportError } from '../src/error-report.ts';
import { addEnvSecrets, createRedactor } from '../src/redactor.ts';
import { parseSinkFlag } from '../src/temporal/sink-flag.ts';

const PG = 'postgres://etl:pg%21secret@db.internal/zoom';
const CODEC_KEY = 'c29tZS1jb2RlYy1rZXktb2YtMzItYnl0ZXMtbG9uZyE=';

function debugText(error: unknown): string {
  const redactor = createRedactor();
  addEnvSecrets(redactor, { ZCC_PG_URL: PG, ZCC_CODEC_KEY: CODEC_KEY, TEMPORAL_API_KEY: 'tk-0123456789' });
  return formatError(error, reportError(error), { debug: true, redactor });
}

describe('formatError --debug', () => {
  it('redacts every message of the cause chain, including causes that are not Errors', () => {
    const root = { status: 502, body: `upstream said password=pg!secret key=${CODEC_KEY}` };
    const middle = new Error('pool failed for postgres://etl:pg!secret@db.internal/zoom', { cause: root });
    const top = new Error('window failed', { cause: middle });
    const text = debugText(top);
    expect(text).toContain('Caused by: Error: pool failed for postgres://etl:[redacted]@db.internal/zoom');
    expect(text).toContain('Caused by: {"status":502');
    expect(text).not.toContain('pg!secret');
    expect(text).not.toContain('pg%21secret');
    expect(text).not.toContain(CODEC_KEY);
  });

  it('shows the message as it is now, not the one captured in the stack at construction', () => {
    const error = new Error('connect failed with TEMPORAL_API_KEY tk-0123456789');
    error.message = 'connect failed';
    const text = debugText(new Error('top', { cause: error }));
    expect(text).toContain('Caused by: Error: connect failed\n');
    expect(text).not.toContain('tk-0123456789');
  });

  it('drops the response text JSON.parse quotes, and stops on a cycle', () => {
    let parseError: unknown;
    try {
      JSON.parse(`${CODEC_KEY.slice(0, 20)} not json`);
    } catch (error) {
      parseError = error;
    }
    const top = new Error('The token endpoint answered with a body that is not JSON', { cause: parseError });
    const loop = new Error('loop', { cause: top });
    (top as { cause?: unknown }).cause = loop;
    const text = debugText(new AggregateError([parseError], 'several', { cause: top }));
    expect(text).toContain('Caused by: SyntaxError');
    expect(text).not.toContain(CODEC_KEY.slice(0, 8));
    expect(text.split('\n').filter((l) => l.startsWith('Caused by:')).length).toBeLessThanOrEqual(8);
  });
});

describe('--sink', () => {
  it('an unknown scheme names the scheme and shows the URL with its password masked', () => {
    const redactor = createRedactor();
    const error = (() => {
      try {
        parseSinkFlag('mysql://root:hunter2-pw@db/zoom', { cwd: '/tmp', redactor });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a usage error');
    })();
    expect(error.message).toMatch(
      /^--sink "mysql:\/\/root:\*\*\*@db\/zoom" names the unknown sink "mysql"; use ndjson:DIR/,
    );
    expect(redactor.redact('hunter2-pw')).toBe('[redacted]');
    // Not a URL: only the scheme is shown.
    expect(() => parseSinkFlag('s3:bucket-with-secret', { cwd: '/tmp', redactor })).toThrow(
      /^--sink "s3:…" names the unknown sink "s3"/,
    );
  });
});

describe('embedded Temporal environment', () => {
  it('passes only what the server needs', () => {
    expect(
      devServerEnv({
        PATH: '/usr/bin',
        HOME: '/root',
        LC_ALL: 'C',
        ZOOM_CLIENT_SECRET: 's',
        ZCC_PG_URL: PG,
        TEMPORAL_API_KEY: 'k',
        AWS_SECRET_ACCESS_KEY: 'a',
      }),
    ).toEqual({ PATH: '/usr/bin', HOME: '/root', LC_ALL: 'C' });
  });
});
