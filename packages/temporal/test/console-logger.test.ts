/**
 * The standalone worker's logger: errors in fields keep their whole cause chain (the wrapped Zoom failure
 * with its tracking id), secrets stay redacted and phone numbers masked, in text and in JSON.
 */
import { ZoomServerError } from '@zcc-sms/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleLogger } from '../src/console-logger.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

function captured(run: () => void): string[] {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  run();
  return lines;
}

const failure = new Error('window 20260101T000000Z-20260201T000000Z failed near +14155550123', {
  cause: new ZoomServerError('Zoom answered HTTP 503 [tracking id trk-9]', {
    status: 503,
    trackingId: 'trk-9',
  }),
});

describe('consoleLogger', () => {
  it('json: one object per line with time, level, msg and the error with its causes', () => {
    const [line] = captured(() =>
      consoleLogger('info', 'json').warn('window failed', {
        window: '20260101T000000Z-20260201T000000Z',
        error: failure,
        access_token: 'abc',
      }),
    );
    const parsed = JSON.parse(line!) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      level: 'warn',
      msg: 'window failed',
      window: '20260101T000000Z-20260201T000000Z',
      access_token: '[redacted]',
    });
    expect(parsed.error).toBe(
      'Error: window 20260101T000000Z-20260201T000000Z failed near +1415•••0123\nCaused by: ZoomServerError: Zoom answered HTTP 503 [tracking id trk-9]',
    );
    expect(Number.isNaN(Date.parse(String(parsed.time)))).toBe(false);
  });

  it('text (the default): the cause is kept too, below the level', () => {
    const lines = captured(() => {
      const logger = consoleLogger('warn');
      logger.info('not shown');
      logger.error('window failed', { error: failure });
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\S+Z error window failed \{"error":"Error: .*Caused by: ZoomServerError: .*trk-9\]"\}$/,
    );
  });
});
