/**
 * The pure pieces of logs and progress: the line formatter (JSON schema, redaction, phone masking, text
 * fields), the choice of progress mode, and the live display's escape sequences and throttle.
 */
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lineFormatter, logFormatOf } from '../src/log-format.ts';
import { createLiveRegion, fit } from '../src/progress/live-region.ts';
import { createProgressReporter, progressMode } from '../src/progress/reporter.ts';
import { createRedactor } from '../src/redactor.ts';
import { sdkLogFields } from '../src/temporal/worker-runtime.ts';

const NOW = Date.UTC(2026, 11, 2, 1, 2, 3);

describe('lineFormatter', () => {
  const redactor = createRedactor();
  redactor.add('s3cr3t-client-secret');
  const redact = (t: string) => redactor.redact(t);

  it('json: time, level, msg, fields; secrets redacted by key and by value, phone numbers masked', () => {
    const line = lineFormatter('json', redact, () => NOW)('warn', 'token s3cr3t-client-secret refused', {
      window: '20260101T000000Z-20260201T000000Z',
      attempt: 2,
      access_token: 'abc.def.ghi',
      note: 'from +14155550123 with s3cr3t-client-secret',
    });
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({
      time: '2026-12-02T01:02:03.000Z',
      level: 'warn',
      msg: 'token [redacted] refused',
      window: '20260101T000000Z-20260201T000000Z',
      attempt: 2,
      access_token: '[redacted]',
      note: 'from +1415•••0123 with [redacted]',
    });
  });

  it('json: fields cannot overwrite time, level or msg', () => {
    const line = lineFormatter('json', redact, () => NOW)('info', 'hello', { level: 'error', msg: 'x' });
    expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'hello' });
  });

  it('text: a message as it is; the level and only the fields the sentence does not already say', () => {
    const text = lineFormatter('text', redact);
    expect(text('info', 'Started backfill x.')).toBe('Started backfill x.\n');
    expect(text('warn', 'Window W is being retried (attempt 2)', { window: 'W', attempt: 2 })).toBe(
      'warn: Window W is being retried (attempt 2)\n',
    );
    expect(text('info', 'window committed', { window: 'W', records: 5 })).toBe(
      'info: window committed {"window":"W","records":5}\n',
    );
  });

  it('reads --log-format before ZCC_LOG_FORMAT, and names the source of a bad value', () => {
    expect(logFormatOf(['export', '--log-format', 'json'], { ZCC_LOG_FORMAT: 'text' })).toBe('json');
    expect(logFormatOf(['export', '--log-format=text'], { ZCC_LOG_FORMAT: 'json' })).toBe('text');
    expect(logFormatOf(['export'], { ZCC_LOG_FORMAT: 'JSON' })).toBe('json');
    expect(logFormatOf(['export'], {})).toBe('text');
    expect(() => logFormatOf(['export'], { ZCC_LOG_FORMAT: 'xml' })).toThrow(
      'ZCC_LOG_FORMAT "xml" is not a log format; use text (the default) or json',
    );
  });
});

describe('progress display', () => {
  it('picks the mode: off, JSON events, the live display on a terminal, plain lines with --progress', () => {
    const flags = { progress: false, noProgress: false, json: false };
    expect(progressMode(true, flags)).toBe('live');
    expect(progressMode(false, flags)).toBe('off');
    expect(progressMode(false, { ...flags, progress: true })).toBe('lines');
    expect(progressMode(true, { ...flags, json: true })).toBe('json');
    expect(progressMode(true, { ...flags, json: true, noProgress: true })).toBe('off');
  });

  it('redraws in place: hides the cursor, moves up over the block, erases what is left, shows the cursor at the end', () => {
    let out = '';
    const region = createLiveRegion(
      (t) => {
        out += t;
      },
      () => ({ columns: 12, rows: 4 }),
    );
    region.draw(['one', 'two', 'a line far too wide']);
    expect(out).toBe('\x1b[?25l\x1b[2Kone\n\x1b[2Ktwo\n\x1b[2Ka line far…\x1b[J');
    out = '';
    region.draw(['x', 'y', 'z', 'w', 'v']);
    // Back to the first line (2 up), then at most rows - 1 lines, the last counting those left out.
    expect(out).toBe('\r\x1b[2A\x1b[2Kx\n\x1b[2Ky\n\x1b[2K… 3 more\x1b[J');
    out = '';
    region.clear();
    expect(out).toBe('\r\x1b[2A\x1b[J\x1b[?25h');
    expect(fit('abcdef', 4)).toBe('abc…');
  });

  it('draws at most 4 times a second and keeps messages clear of the display', () => {
    let out = '';
    let now = 0;
    const reporter = createProgressReporter({
      stream: { write: (t: string) => (out += t) } as unknown as Writable,
      mode: 'live',
      now: () => now,
      line: lineFormatter('text', (t) => t),
      size: () => ({ columns: 100, rows: 20 }),
    });
    const snapshot = {
      windowsDone: 0,
      windowsTotal: 2,
      records: 5,
      requests: 1,
      requestRate: 1,
      recordRate: 5,
      elapsedMs: 0,
    };
    reporter.update(snapshot);
    now = 100;
    reporter.update({ ...snapshot, records: 6 });
    expect(out.match(/\[[█░]+\]/g)).toHaveLength(1);
    now = 300;
    reporter.update({ ...snapshot, records: 7 });
    expect(out.match(/\[[█░]+\]/g)).toHaveLength(2);
    out = '';
    reporter.message('hello');
    // Erased, the message, then the display again below it.
    expect(out.startsWith('\r\x1b[1A\x1b[J\x1b[?25hhello\n\x1b[?25l')).toBe(true);
    out = '';
    reporter.stop();
    expect(out).toBe('\r\x1b[1A\x1b[J\x1b[?25h');
  });
});

describe('worker SDK log entries', () => {
  it("keep the failed activity's error with its causes and Zoom's tracking id, and the scalar context", () => {
    const root = Object.assign(new Error('Zoom answered HTTP 503 (code 503) [tracking id trk-7]'), {
      name: 'ApplicationFailure',
    });
    const error = new Error('Activity task failed', { cause: root });
    const fields = sdkLogFields(
      { activityType: 'runWindow', attempt: 3, workflowId: 'wf', error, nested: { skipped: true } },
      false,
    );
    expect(fields).toEqual({
      activityType: 'runWindow',
      attempt: 3,
      workflowId: 'wf',
      error: 'Error',
      trackingId: 'trk-7',
      cause:
        'Error: Activity task failed\nCaused by: ApplicationFailure: Zoom answered HTTP 503 (code 503) [tracking id trk-7]',
    });
  });
});
