import { describe, expect, it } from 'vitest';
import { createQuotaAdmission } from '../src/quota-admission.ts';
import type { RateBudget, RateBudgetState } from '../src/rate-budget.ts';

function fakeBudget(dailyLimit: number) {
  const state = { usedToday: 0, resets: 0 };
  const budget = {
    state: () => ({ dailyLimit, usedToday: state.usedToday }) as RateBudgetState,
    awaitReset: async () => {
      state.resets += 1;
      state.usedToday = 0;
    },
  } as unknown as RateBudget;
  return { budget, state };
}

describe('quota admission', () => {
  it('starts a window bigger than a whole day at once: it must span days anyway', async () => {
    const { budget, state } = fakeBudget(10);
    state.usedToday = 5;
    const a = createQuotaAdmission(budget);
    await a.admit('big', 500);
    expect(state.resets).toBe(0);
  });

  it('waits for the reset when nothing runs and today cannot finish the window', async () => {
    const { budget, state } = fakeBudget(100);
    state.usedToday = 95;
    const a = createQuotaAdmission(budget);
    await a.admit('w', 20);
    expect(state.resets).toBe(1);
  });

  it('holds a window back until the running ones need less than what is left today', async () => {
    const { budget, state } = fakeBudget(100);
    const a = createQuotaAdmission(budget);
    await a.admit('w1', 60);
    let started = false;
    const w2 = a.admit('w2', 50).then(() => {
      started = true;
    });
    await Promise.resolve();
    expect(started).toBe(false); // 60 + 50 > 100
    state.usedToday = 30;
    a.update('w1', 30); // 70 left today, 30 + 50 needed
    await Promise.resolve();
    expect(started).toBe(false);
    a.update('w1', 10); // 10 + 50 ≤ 70
    await w2;
    expect(started).toBe(true);
  });

  it('lets the next window start when a running one finishes', async () => {
    const { budget } = fakeBudget(100);
    const a = createQuotaAdmission(budget);
    await a.admit('w1', 90);
    const w2 = a.admit('w2', 90);
    a.finish('w1');
    await w2;
  });
});
