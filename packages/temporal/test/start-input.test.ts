/**
 * startBackfill refuses bad options before it touches Temporal, naming the field, the value and the fix —
 * with the limits defined once in the core (page size, concurrency, rate plans).
 */
import type { Client } from '@temporalio/client';
import { ZoomInputError } from '@zcc-sms/core';
import { describe, expect, it } from 'vitest';
import { startBackfill } from '../src/client.ts';
import type { BackfillInput, BackfillOptions } from '../src/types.ts';

// Any use of the client fails the test: validation must come first.
const untouchable = new Proxy({} as Client, {
  get() {
    throw new Error('the client was used before the input was validated');
  },
});

function start(options: Record<string, unknown>) {
  const input: BackfillInput = {
    from: '2025-01-01',
    to: '2025-03-31',
    sink: { type: 'ndjson', dir: '/tmp/never' },
    options: options as BackfillOptions,
  };
  return startBackfill(untouchable, input);
}

describe('startBackfill input', () => {
  it.each([
    [{ windowConcurrency: 65 }, 'windowConcurrency: 65 is out of range; use a whole number from 1 to 64'],
    [{ pageSize: 0 }, 'pageSize: 0 is out of range; use a whole number from 1 to 100'],
    [
      { rate: { plan: 'enterprise' } },
      'rate.plan: "enterprise" is not a Zoom rate plan; use pro or business',
    ],
    [
      { rate: { perSecond: 0 } },
      "perSecond: 0 is not a number within its range; use requests per second above 0 and at most 1000000 (Zoom's HEAVY limit is 5 on Pro, 10 on Business)",
    ],
    [
      { rate: { share: 2 } },
      'share: 2 is not a number within its range; use the fraction of the account budget to spend, above 0 and at most 1',
    ],
  ])('refuses %j', async (options, message) => {
    const error = await start(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomInputError);
    expect((error as Error).message).toBe(message);
  });
});
