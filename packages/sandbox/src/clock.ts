/**
 * The sandbox clock. Token lifetimes, page-token expiry, rate-limit buckets, daily resets, late-arrival
 * visibility and the default 24 h window all read it, so a test can jump hours ahead in microseconds.
 * Latency faults deliberately use real timers instead (a slow network is wall-clock time).
 */

/**
 * The sandbox clock: real time, manual (moves only when told) or accelerated by `factor`.
 *
 * @example
 * const sandbox = await startSandbox({ clock: { mode: 'accelerated', factor: 60, start: '2026-03-01T00:00:00Z' } });
 */
export type ClockOptions =
  | { mode: 'real' }
  | { mode: 'manual'; start?: string | number }
  | { mode: 'accelerated'; factor: number; start?: string | number };

export interface SandboxClock {
  readonly mode: ClockOptions['mode'];
  /** Sandbox time in epoch milliseconds. */
  now(): number;
  /** Moves sandbox time forward (or back with a negative value); returns the new time. */
  advance(ms: number): number;
  /** Jumps to an instant (ISO string or epoch ms); returns the new time. */
  set(to: string | number): number;
}

export function toEpochMs(value: string | number): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`Invalid clock time: ${String(value)}`);
  return ms;
}

/** `wallNow` is injected so tests of the clock itself need no real waiting. */
export function createClock(options: ClockOptions, wallNow: () => number = Date.now): SandboxClock {
  if (options.mode === 'manual') {
    let current = options.start === undefined ? wallNow() : toEpochMs(options.start);
    return {
      mode: 'manual',
      now: () => current,
      advance: (ms) => {
        current += ms;
        return current;
      },
      set: (to) => {
        current = toEpochMs(to);
        return current;
      },
    };
  }
  const factor = options.mode === 'accelerated' ? options.factor : 1;
  if (!(factor > 0)) throw new Error(`Clock factor must be > 0, got ${factor}`);
  // sandbox = base + (wall - wallBase) * factor; advance/set move `base`.
  const wallBase = wallNow();
  let base =
    options.mode === 'accelerated' && options.start !== undefined ? toEpochMs(options.start) : wallBase;
  const now = (): number => Math.floor(base + (wallNow() - wallBase) * factor);
  return {
    mode: options.mode,
    now,
    advance: (ms) => {
      base += ms;
      return now();
    },
    set: (to) => {
      base += toEpochMs(to) - now();
      return now();
    },
  };
}

/** Parses the CLI form `real`, `manual:ISO` or `accelerated:N[@ISO]`. */
export function parseClockSpec(spec: string): ClockOptions {
  if (spec === 'real') return { mode: 'real' };
  if (spec === 'manual') return { mode: 'manual' };
  if (spec.startsWith('manual:')) return { mode: 'manual', start: spec.slice('manual:'.length) };
  if (spec.startsWith('accelerated:')) {
    const [factorText, start] = spec.slice('accelerated:'.length).split('@');
    const factor = Number(factorText);
    if (!(factor > 0)) throw new Error(`Invalid clock factor in "${spec}"`);
    return start ? { mode: 'accelerated', factor, start } : { mode: 'accelerated', factor };
  }
  throw new Error(`Invalid clock "${spec}": use real, manual:ISO or accelerated:N`);
}
