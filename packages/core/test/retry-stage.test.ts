/** retryStage alone: a scripted inner `Send`, a manual clock, an instant sleep, a fixed jitter source. */
import { describe, expect, it } from 'vitest';
import {
  ZoomAbortError,
  ZoomBadRequestError,
  ZoomDailyQuotaError,
  type ZoomError,
  ZoomNetworkError,
  ZoomRateLimitError,
  ZoomServerError,
} from '../src/errors.ts';
import type { Logger } from '../src/logger.ts';
import type { Call } from '../src/request-stage.ts';
import { type RetryStageDeps, retryStage } from '../src/retry-stage.ts';
import { instantSleep, manualClock } from './support/fakes.ts';

const CALL: Call = { url: 'https://api.zoom.test/v2/x', target: 'https://api.zoom.test/v2/x', headers: {} };

function setup(extra: Partial<RetryStageDeps> = {}) {
  const clock = manualClock();
  const sleeps: number[] = [];
  const warnings: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} };
  const deps: RetryStageDeps = {
    budget: { waitsForDailyReset: false },
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 10_000 },
    maxRateLimitRetries: 2,
    clock,
    sleep: instantSleep(clock, sleeps),
    random: () => 0.5,
    logger,
    warned: new Set(),
    stats: { retries: 0, throttled: 0 },
    ...extra,
  };
  return { deps, sleeps, warnings, clock };
}

/** An inner `Send` that throws the scripted failures in turn, then answers `ok`. */
function scripted(failures: unknown[]) {
  let calls = 0;
  const send = async () => {
    const failure = failures[calls];
    calls += 1;
    if (failure !== undefined) throw failure;
    return 'ok';
  };
  return { send, calls: () => calls };
}

const serverError = () => new ZoomServerError('HTTP 503', { status: 503 });

describe('retryStage', () => {
  it('retries retryable failures with jittered backoff, then answers', async () => {
    const { deps, sleeps } = setup();
    const inner = scripted([serverError(), new ZoomNetworkError('reset')]);
    await expect(retryStage(deps)(inner.send)(CALL)).resolves.toBe('ok');
    expect(inner.calls()).toBe(3);
    // Full jitter at random() = 0.5: half of 100·2^(attempt−1).
    expect(sleeps).toEqual([50, 100]);
    expect(deps.stats.retries).toBe(2);
  });

  it('stops after maxAttempts with the last failure', async () => {
    const { deps } = setup();
    const last = serverError();
    const inner = scripted([serverError(), serverError(), last, serverError()]);
    await expect(retryStage(deps)(inner.send)(CALL)).rejects.toBe(last);
    expect(inner.calls()).toBe(3);
  });

  it('never retries a failure that is not retryable, nor one that is not a ZoomError', async () => {
    const { deps, sleeps } = setup();
    const bad = new ZoomBadRequestError('HTTP 400', { status: 400 });
    const badInner = scripted([bad]);
    await expect(retryStage(deps)(badInner.send)(CALL)).rejects.toBe(bad);
    expect(badInner.calls()).toBe(1);
    const bug = new TypeError('a bug, not an answer');
    const bugInner = scripted([bug]);
    await expect(retryStage(deps)(bugInner.send)(CALL)).rejects.toBe(bug);
    expect(bugInner.calls()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('waits at least the Retry-After a failure asked for', async () => {
    const { deps, sleeps } = setup();
    const inner = scripted([new ZoomServerError('HTTP 503', { status: 503, retryAfterMs: 7_000 })]);
    await retryStage(deps)(inner.send)(CALL);
    expect(sleeps).toEqual([7_000]);
  });

  it('paces per-second 429s apart from the attempt count, up to maxRateLimitRetries', async () => {
    const { deps, sleeps } = setup();
    const limited = () => new ZoomRateLimitError('HTTP 429', { status: 429, retryAfterMs: 2_000 });
    // Two 429s and two 5xx: the 429s do not use up the three attempts.
    const inner = scripted([limited(), serverError(), limited(), serverError()]);
    await expect(retryStage(deps)(inner.send)(CALL)).resolves.toBe('ok');
    expect(sleeps).toEqual([2_000, 50, 2_000, 100]);
    expect(deps.stats).toEqual({ retries: 2, throttled: 2 });

    const last = limited();
    const tooMany = scripted([limited(), limited(), last]);
    await expect(retryStage(setup().deps)(tooMany.send)(CALL)).rejects.toBe(last);
    expect(tooMany.calls()).toBe(3);
  });

  it('a daily quota: stops at once, or goes on when the budget waits for the reset', async () => {
    const daily = () => new ZoomDailyQuotaError('daily', { status: 429, resetAt: Date.UTC(2026, 10, 29) });
    const throwing = setup();
    const once = scripted([daily()]);
    await expect(retryStage(throwing.deps)(once.send)(CALL)).rejects.toBeInstanceOf(ZoomDailyQuotaError);
    expect(once.calls()).toBe(1);

    const waiting = setup({ budget: { waitsForDailyReset: true } });
    const twice = scripted([daily(), daily()]);
    await expect(retryStage(waiting.deps)(twice.send)(CALL)).resolves.toBe('ok');
    // No sleep here: the budget's acquire sleeps until the reset.
    expect(waiting.sleeps).toEqual([]);
    expect(waiting.deps.stats).toEqual({ retries: 0, throttled: 0 });
  });

  it('clamps a Retry-After years ahead to the next reset, warning once per client', async () => {
    const { deps, sleeps, warnings, clock } = setup();
    const absurd = (): ZoomError =>
      new ZoomRateLimitError('HTTP 429', { status: 429, retryAfterMs: 3 * 365 * 86_400_000 });
    const start = clock.now();
    await retryStage(deps)(scripted([absurd()]).send)(CALL);
    await retryStage(deps)(scripted([absurd()]).send)(CALL);
    // The next 00:00 UTC after 2026-11-28T12:00Z plus the one-minute margin; then, woken at 00:01, the
    // reset after that plus the margin again.
    expect(sleeps[0]).toBe(Date.UTC(2026, 10, 29) + 60_000 - start);
    expect(sleeps[1]).toBe(86_400_000);
    expect(warnings).toHaveLength(1);
  });

  it('an abort while waiting ends the request', async () => {
    const { deps } = setup({
      sleep: async () => {
        throw new ZoomAbortError('Aborted');
      },
    });
    const inner = scripted([serverError()]);
    await expect(retryStage(deps)(inner.send)(CALL)).rejects.toBeInstanceOf(ZoomAbortError);
    expect(inner.calls()).toBe(1);
  });
});
