/** budgetStage alone: a budget that records what it is told, an inner `Send` that answers as scripted. */
import { describe, expect, it } from 'vitest';
import { type BudgetStageBudget, budgetStage } from '../src/budget-stage.ts';
import { ZoomAbortError, ZoomDailyQuotaError, ZoomRateLimitError, ZoomServerError } from '../src/errors.ts';
import type { Call } from '../src/request-stage.ts';

const CALL: Call = { url: 'https://api.zoom.test/v2/x', target: 'https://api.zoom.test/v2/x', headers: {} };

function recordingBudget(acquireFails?: Error) {
  const log: string[] = [];
  const budget: BudgetStageBudget = {
    async acquire() {
      log.push('acquire');
      if (acquireFails) throw acquireFails;
    },
    onSuccess: () => log.push('success'),
    onThrottled: () => log.push('throttled'),
    onDailyExhausted: (resetAt) => log.push(`daily until ${new Date(resetAt).toISOString()}`),
  };
  return { budget, log };
}

const answering = (log: string[], failure?: Error) => async () => {
  log.push('send');
  if (failure) throw failure;
  return 'ok';
};

describe('budgetStage', () => {
  it('takes a slot before sending and lets the rate recover after a success', async () => {
    const { budget, log } = recordingBudget();
    await expect(budgetStage(budget)(answering(log))(CALL)).resolves.toBe('ok');
    expect(log).toEqual(['acquire', 'send', 'success']);
  });

  it('tells the budget about a per-second 429 and a daily quota, and passes each on', async () => {
    const perSecond = recordingBudget();
    const limited = new ZoomRateLimitError('HTTP 429', { status: 429 });
    await expect(budgetStage(perSecond.budget)(answering(perSecond.log, limited))(CALL)).rejects.toBe(
      limited,
    );
    expect(perSecond.log).toEqual(['acquire', 'send', 'throttled']);

    const daily = recordingBudget();
    const spent = new ZoomDailyQuotaError('daily', { status: 429, resetAt: Date.UTC(2026, 10, 29) });
    await expect(budgetStage(daily.budget)(answering(daily.log, spent))(CALL)).rejects.toBe(spent);
    expect(daily.log).toEqual(['acquire', 'send', 'daily until 2026-11-29T00:00:00.000Z']);
  });

  it('tells the budget nothing about other failures', async () => {
    const { budget, log } = recordingBudget();
    const failure = new ZoomServerError('HTTP 503', { status: 503 });
    await expect(budgetStage(budget)(answering(log, failure))(CALL)).rejects.toBe(failure);
    expect(log).toEqual(['acquire', 'send']);
  });

  it('sends nothing when no slot is granted, and does not feed its own verdict back', async () => {
    const own = new ZoomDailyQuotaError('our own count is spent', { resetAt: Date.UTC(2026, 10, 29) });
    const { budget, log } = recordingBudget(own);
    await expect(budgetStage(budget)(answering(log))(CALL)).rejects.toBe(own);
    expect(log).toEqual(['acquire']);
    const aborted = recordingBudget(new ZoomAbortError('Aborted'));
    await expect(budgetStage(aborted.budget)(answering(aborted.log))(CALL)).rejects.toBeInstanceOf(
      ZoomAbortError,
    );
    expect(aborted.log).toEqual(['acquire']);
  });
});
