/**
 * Pure policies of issue #10 part B: which failures are final, what the user reads, poison-free rows,
 * the worker's guards on workflow input, the account budget and the stall rule.
 */

import {
  ActivityFailure,
  ApplicationFailure,
  RetryState,
  TimeoutFailure,
  TimeoutType,
} from '@temporalio/common';
import { ZoomBadRequestError, ZoomInputError, ZoomResponseError, ZoomServerError } from '@zcc-sms/core';
import { describe, expect, it } from 'vitest';
import { accountLimits, createAccountBudget, strictest } from '../src/account-budget.ts';
import { toActivityFailure } from '../src/activity-failures.ts';
import { classifyFailure } from '../src/failure-policy.ts';
import { isStalled } from '../src/progress-heartbeat.ts';
import { instantOrNull, postgresRows } from '../src/sinks/postgres-rows.ts';
import { postgresTargetId } from '../src/sinks/postgres-target.ts';
import { createSinkRegistry } from '../src/sinks/registry.ts';
import { SinkConfigError } from '../src/sinks/sink.ts';
import { checkPostgresTarget, checkWindowId, confinedDir } from '../src/sinks/sink-guards.ts';
import { failedWindowsFailure, windowFailure } from '../src/workflows/window-failures.ts';

const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('failure classification', () => {
  it('makes a 400 final and shows Zoom status, message, code and tracking id', () => {
    const error = new ZoomBadRequestError('Invalid field.', { status: 400, code: 300, trackingId: 'trk-1' });
    expect(classifyFailure(error)).toEqual({
      kind: 'final',
      type: 'ZoomBadRequestError',
      message: 'HTTP 400: Invalid field. (Zoom code 300, tracking id trk-1)',
    });
    const failure = toActivityFailure(error, { clock: { now: () => 0 }, cursor: undefined }) as {
      nonRetryable: boolean;
      type: string;
      cause?: unknown;
    };
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('ZoomBadRequestError');
    expect(failure.cause).toBeUndefined();
  });

  it('keeps 5xx, truncated bodies and unknown errors transient; a body of another shape is final', () => {
    expect(classifyFailure(new ZoomServerError('Internal Error', { status: 500 })).kind).toBe('transient');
    expect(classifyFailure(new ZoomResponseError('cut', { truncated: true })).kind).toBe('transient');
    expect(classifyFailure(new ZoomResponseError('sms.3: not a string', { truncated: false })).kind).toBe(
      'final',
    );
    expect(classifyFailure(new Error('something odd')).kind).toBe('transient');
  });

  it('makes disk and permission errors and data PostgreSQL refuses final, lost connections transient', () => {
    expect(classifyFailure(errno('EACCES', 'permission denied, open /x')).kind).toBe('final');
    expect(classifyFailure(errno('ENOSPC', 'no space left on device')).kind).toBe('final');
    expect(classifyFailure(errno('22007', 'invalid input syntax for type timestamp'))).toMatchObject({
      kind: 'final',
      type: 'SinkWriteError',
    });
    expect(classifyFailure(errno('57P01', 'terminating connection due to administrator command')).kind).toBe(
      'transient',
    );
    expect(classifyFailure(errno('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')).kind).toBe(
      'transient',
    );
  });

  it('never lets a password or token through', () => {
    const verdict = classifyFailure(
      new Error('cannot reach postgres://app:s3cret@db:5432/x, Bearer abcdefghijkl'),
    );
    expect(verdict.message).not.toContain('s3cret');
    expect(verdict.message).not.toContain('abcdefghijkl');
    const quoted = classifyFailure(
      new ZoomBadRequestError('Invalid consumer_number +14155550123', { status: 400 }),
    );
    expect(quoted.message).toContain('+1415•••0123');
    expect(quoted.message).not.toContain('+14155550123');
  });

  it('keeps bad input backfill-wide (it stops every window)', () => {
    const failure = toActivityFailure(new ZoomInputError('to', 'x', 'is bad', 'fix it'), {
      clock: { now: () => 0 },
      cursor: undefined,
    }) as { type: string; nonRetryable: boolean };
    expect(failure).toMatchObject({ type: 'ZoomInputError', nonRetryable: true });
  });
});

describe('windows that fail for good (workflow policy)', () => {
  const activityFailure = (cause: Error) =>
    new ActivityFailure(
      'Activity task failed',
      'backfillWindow',
      '3',
      RetryState.MAXIMUM_ATTEMPTS_REACHED,
      'w',
      cause,
    );

  it('keeps a window its own failure, including a transient one past the retry cap', () => {
    const capped = ApplicationFailure.retryable('Zoom answered HTTP 503 (code 503)', 'ZoomServerError');
    expect(windowFailure('w1', activityFailure(capped))).toEqual({
      windowId: 'w1',
      type: 'ZoomServerError',
      message: 'Zoom answered HTTP 503 (code 503)',
    });
    const timeout = new TimeoutFailure('activity Heartbeat timeout', undefined, TimeoutType.HEARTBEAT);
    expect(windowFailure('w2', activityFailure(timeout))?.type).toBe('TimeoutFailure');
  });

  it('leaves backfill-wide failures to stop every window', () => {
    const bad = ApplicationFailure.nonRetryable('client secret rejected', 'ZoomCredentialsError');
    expect(windowFailure('w1', activityFailure(bad))).toBeUndefined();
  });

  it('lists each failed window and its cause in the final failure', () => {
    const failures = Array.from({ length: 7 }, (_, i) => ({
      windowId: `w${i}`,
      type: 'T',
      message: `m${i}`,
    }));
    const failure = failedWindowsFailure(failures, 13);
    expect(failure).toMatchObject({ type: 'FailedWindows', nonRetryable: true });
    expect(failure.message).toMatch(/^7 of 13 windows failed \(the other 6 landed\); fix the cause/);
    expect(failure.message).toContain('w0: T: m0; w1: T: m1');
    expect(failure.message).toContain('; and 2 more');
    expect(failure.details?.[0]).toEqual(failures);
  });
});

describe('PostgreSQL rows', () => {
  it('keeps instants, turns anything else into NULL, and keeps the raw value in the record', () => {
    expect(instantOrNull('2025-03-01T10:00:00Z')).toBe('2025-03-01T10:00:00.000Z');
    expect(instantOrNull('2025-03-01T10:00:00+05:30')).toBe('2025-03-01T04:30:00.000Z');
    for (const bad of ['2025-13-45T99:00:00Z', 'yesterday', '1', '', '2025-03-01', 42, null]) {
      expect(instantOrNull(bad), String(bad)).toBeNull();
    }
    const [row] = postgresRows([
      { engagement_id: 'e1', start_time: 'not a time', end_time: '2025-03-01T10:00:00Z', note: 'a\u0000b' },
    ]);
    expect(row).toMatchObject({
      engagement_id: 'e1',
      start_time: null,
      end_time: '2025-03-01T10:00:00.000Z',
    });
    expect(row?.record).toMatchObject({ start_time: 'not a time', note: 'a\uFFFDb' });
  });

  it('replaces U+0000 and lone surrogates in the jsonb, keys included, never in the key column', () => {
    const [row] = postgresRows([{ engagement_id: 'e\u0000', 'k\u0000': ['\ud800x'] }]);
    // Rewriting the key could merge two ids into one row; PostgreSQL refuses it loudly instead.
    expect(row?.engagement_id).toBe('e\u0000');
    expect(JSON.stringify(row?.record)).not.toMatch(/\\u0000|\\ud800/);
  });
});

describe('guards on workflow input', () => {
  it('accepts only window ids the core produces', () => {
    expect(() => checkWindowId('20240101T000000Z-20240201T000000Z')).not.toThrow();
    for (const id of ['../../etc/cron.d/x', '20240101T000000Z-20240201T000000Z/../x', '', 7]) {
      expect(() => checkWindowId(id)).toThrow(/window.id: .* is not a window id/);
    }
  });

  it('confines NDJSON directories to the worker root', () => {
    expect(confinedDir('/srv/zcc/sms', '/srv/zcc')).toBe('/srv/zcc/sms');
    expect(confinedDir('sms', '/srv/zcc')).toBe('/srv/zcc/sms');
    expect(() => confinedDir('/srv/zcc/../etc', '/srv/zcc')).toThrow(SinkConfigError);
    expect(() => confinedDir('/etc', '/srv/zcc')).toThrow(
      /sink.dir: "\/etc" is outside this worker's NDJSON root/,
    );
    const sinks = createSinkRegistry({ ndjsonRoot: '/srv/zcc' });
    expect(() => sinks.get({ type: 'ndjson', dir: '../../tmp' })).toThrow(/ZCC_NDJSON_ROOT/);
  });

  it('names a PostgreSQL target without credentials and refuses another one', () => {
    expect(postgresTargetId('postgres://app:s3cret@DB.internal:6432/sms')).toBe('db.internal:6432/sms');
    expect(postgresTargetId('postgres://app@db/sms')).toBe('db:5432/sms');
    expect(() => checkPostgresTarget(undefined, 'postgres://db/a', 'default')).not.toThrow();
    expect(() => checkPostgresTarget('db:5432/a', 'postgres://db/a', 'default')).not.toThrow();
    expect(() => checkPostgresTarget('other:5432/a', 'postgres://u:pw@db/a', 'default')).toThrow(
      /sink.target: .*"other:5432\/a".*db:5432\/a/,
    );
    const sinks = createSinkRegistry({ postgres: { default: 'postgres://u:pw@db/a' } });
    expect(() => sinks.get({ type: 'postgres', target: 'elsewhere:5432/a' })).toThrow(SinkConfigError);
  });
});

describe('account budget', () => {
  it('takes the strictest reading of the account limits', () => {
    expect(accountLimits({ plan: 'business' }, 1)).toEqual({ perSecond: 10, daily: 30_000 });
    expect(accountLimits({ plan: 'pro', share: 0.5 }, 0.5)).toEqual({ perSecond: 2.5, daily: 7_500 });
    expect(strictest({ perSecond: 10, daily: 100 }, { perSecond: 5, daily: 200 })).toEqual({
      perSecond: 5,
      daily: 100,
    });
  });

  it('paces two backfills with different options together under the account limit', async () => {
    let now = 0;
    const clock = { now: () => now };
    const sleep = async (ms: number) => {
      now += ms;
    };
    const account = createAccountBudget({ clock, sleep, workerShare: 1 });
    const a = account.forBackfill({ plan: 'business' });
    const b = account.forBackfill({ plan: 'pro', share: 0.9 });
    expect(account.limits()).toEqual({ perSecond: 5, daily: 15_000 });
    // Virtual time: 60 requests alternating between the two backfills.
    for (let i = 0; i < 30; i++) {
      await a.acquire();
      await b.acquire();
    }
    // Each backfill alone would allow 10/s and 4.5/s; together they stay at the account's 5/s.
    expect(59 / (now / 1000)).toBeLessThanOrEqual(5.001);
  });
});

describe('stall rule', () => {
  it('calls a window stuck only after stallMs without a page', () => {
    expect(isStalled(1_000, 1_000 + 300_000, 300_000)).toBe(false);
    expect(isStalled(1_000, 1_001 + 300_000, 300_000)).toBe(true);
  });
});
