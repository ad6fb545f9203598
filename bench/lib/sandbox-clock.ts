/**
 * Time compression for benchmarks. The sandbox runs on an accelerated clock (factor F): its rate limits,
 * token and page-token lifetimes count sandbox time, and its latency is set to L / F of real time. The client
 * computes the same clock locally (sandbox time at start + F × wall time since) and sleeps ms / F of real
 * time. Every ratio (wall ÷ floor, export ÷ sequential) is preserved; only our own CPU overhead is magnified
 * F times, so the figures are if anything pessimistic.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface SimTime {
  readonly factor: number;
  readonly clock: { now(): number };
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function simTime(start: { sandboxMs: number; wallMs: number }, factor: number): SimTime {
  return {
    factor,
    clock: { now: () => Math.floor(start.sandboxMs + (Date.now() - start.wallMs) * factor) },
    sleep: async (ms, signal) => {
      if (ms > 0) await delay(ms / factor, undefined, { signal });
    },
  };
}
