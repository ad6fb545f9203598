/**
 * What `zcc-sms status` prints for a backfill with a failed window and a window being retried: the
 * window ids and causes (Zoom's message and tracking id), never a silent "running".
 */
import { describe, expect, it } from 'vitest';
import { statusText } from '../src/commands/status.ts';
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
});
