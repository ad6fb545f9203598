/**
 * What `zcc-sms status` prints for a backfill with a failed window and a window being retried: the
 * window ids and causes (Zoom's message and tracking id), never a silent "running".
 */
import { describe, expect, it } from 'vitest';
import { statusReport, statusText } from '../src/commands/status.ts';
import { backfillFailure } from '../src/temporal/workflow-failure.ts';

describe('status with failing windows', () => {
  it('names each failed and each retried window with its cause', () => {
    const text = statusText(
      {
        workflowId: 'zcc-sms-backfill-x',
        status: 'RUNNING',
        state: 'running',
        windowsTotal: 13,
        windowsDone: 10,
        windowsRunning: ['20240701T000000Z-20240801T000000Z'],
        windowsFailed: [
          {
            windowId: '20240301T000000Z-20240401T000000Z',
            type: 'ZoomBadRequestError',
            message: 'HTTP 400: Invalid date range. (Zoom code 300, tracking id trk1)',
          },
        ],
        retrying: [
          {
            windowId: '20240701T000000Z-20240801T000000Z',
            attempt: 3,
            lastFailure:
              'ZoomServerError: Zoom answered HTTP 503 (code 503): Service Unavailable [tracking id trk2]',
          },
        ],
      },
      Date.now(),
    );
    expect(text).toContain(
      'Failed     window 20240301T000000Z-20240401T000000Z: ZoomBadRequestError: HTTP 400: Invalid date range. (Zoom code 300, tracking id trk1)',
    );
    expect(text).toContain(
      'Retrying   window 20240701T000000Z-20240801T000000Z (attempt 3) after ZoomServerError: Zoom answered HTTP 503',
    );
  });

  it('prints the failed-windows failure of a finished backfill as the error line', () => {
    const failure = Object.assign(new Error('1 of 13 windows failed (the other 12 landed); …'), {
      type: 'FailedWindows',
    });
    const error = backfillFailure(
      'zcc-sms-backfill-x',
      Object.assign(new Error('Workflow failed'), { cause: failure }),
    );
    expect(error.message).toBe(
      'Backfill zcc-sms-backfill-x failed: 1 of 13 windows failed (the other 12 landed); …',
    );
  });

  it('shows the display of a running backfill: bar against the plan, quota left, one line per window with its state', () => {
    const now = Date.UTC(2026, 11, 2, 1, 0, 0);
    const text = statusReport(
      {
        workflowId: 'zcc-sms-backfill-x',
        status: 'RUNNING',
        state: 'running',
        windowsTotal: 12,
        windowsDone: 6,
        windowsRunning: ['20240701T000000Z-20240801T000000Z', '20240801T000000Z-20240901T000000Z'],
        recordsWritten: 6_000,
        recordsInFlight: 500,
        requests: 60,
        requestsInFlight: 5,
        plannedRecords: 13_000,
        plannedRequests: 130,
        limits: { perSecond: 20, daily: 30_000 },
        effectiveRate: 18,
        usedToday: 1_000,
        startedAt: now - 60_000,
        etaMs: 30_000,
        inFlight: [
          {
            windowId: '20240801T000000Z-20240901T000000Z',
            attempt: 1,
            pages: 5,
            records: 500,
            plannedRequests: 11,
          },
        ],
        retrying: [
          {
            windowId: '20240701T000000Z-20240801T000000Z',
            attempt: 2,
            lastFailure: 'ZoomServerError: Zoom answered HTTP 503 [tracking id trk2]',
          },
        ],
      },
      now,
    );
    const lines = text.split('\n');
    expect(lines).toContain(`[${'█'.repeat(15)}${'░'.repeat(15)}]  50%  6,500/~13,000 records  windows 6/12`);
    expect(text).toContain('of 18.0 limit · quota left today 29,000/30,000 · ETA 0m 30s · elapsed 1m 00s');
    expect(lines).toContain('  20240801T000000Z-20240901T000000Z      500 records     5/11 pages  fetching');
    expect(lines).toContain(
      '  20240701T000000Z-20240801T000000Z        – records        – pages  retrying (attempt 2) after ZoomServerError: Zoom answered HTTP 503 [tracking id trk2]',
    );
  });
});
