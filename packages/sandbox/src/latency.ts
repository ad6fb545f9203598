/**
 * Latency distributions for API responses. Waiting is real wall-clock time (a slow network is not sandbox
 * time); samples come from the seeded fault PRNG so a run is reproducible.
 */
import { normalFrom } from './prng.ts';

/**
 * A response-latency distribution: fixed, uniform or lognormal (real wall-clock time).
 *
 * @example
 * const slow: LatencySpec = { kind: 'lognormal', medianMs: 200, p99Ms: 2_000 };
 */
export type LatencySpec =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'lognormal'; medianMs: number; p99Ms: number };

const Z99 = 2.3263478740408408;

/** Pure: a latency in ms from two uniforms in [0, 1). */
export function sampleLatency(spec: LatencySpec | undefined, u1: number, u2: number): number {
  if (!spec) return 0;
  if (spec.kind === 'fixed') return Math.max(0, spec.ms);
  if (spec.kind === 'uniform') return Math.max(0, spec.minMs + (spec.maxMs - spec.minMs) * u1);
  const sigma = Math.log(Math.max(spec.p99Ms, spec.medianMs) / spec.medianMs) / Z99;
  return Math.max(0, spec.medianMs * Math.exp(sigma * normalFrom(u1, u2)));
}

export function validateLatency(spec: unknown): LatencySpec | undefined {
  if (spec === undefined || spec === null) return undefined;
  const s = spec as Record<string, unknown>;
  const num = (k: string): boolean => typeof s[k] === 'number' && (s[k] as number) >= 0;
  if (s.kind === 'fixed' && num('ms')) return spec as LatencySpec;
  if (s.kind === 'uniform' && num('minMs') && num('maxMs')) return spec as LatencySpec;
  if (s.kind === 'lognormal' && num('medianMs') && num('p99Ms') && (s.medianMs as number) > 0) {
    return spec as LatencySpec;
  }
  throw new Error(`Invalid latency: ${JSON.stringify(spec)}`);
}
