/** Test doubles for pure-policy unit tests: a manual clock and a sleep that advances it. */
import type { Clock, Sleep } from '../../src/transport.ts';

export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 10, 28, 12, 0, 0)): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

/** A sleep that advances the manual clock instantly and records what was asked. */
export function instantSleep(clock: ManualClock, log: number[] = []): Sleep {
  return async (ms) => {
    log.push(ms);
    clock.advance(ms);
    await Promise.resolve();
  };
}
