/**
 * Heartbeats that prove progress, not just a live timer. undici's body timeout is per chunk, so a body
 * that drips a byte every few seconds never times out; a timer beating regardless would keep such a
 * window "alive" for ever. Here the timer beats only while a page arrived within `stallMs`; after that it
 * stops beating (Temporal's heartbeat timeout then sees the window as stuck, even if this process is
 * wedged) and aborts the window's requests, so the attempt ends and is retried from its checkpoint.
 */

export interface ProgressHeartbeatOptions {
  /** Sends the heartbeat (Temporal's `Context.heartbeat` with the checkpoint). */
  readonly beat: () => void;
  /** Beat at least this often while pages arrive (requests can be slow or paced). */
  readonly intervalMs: number;
  /** No page for this long: the window is stuck. */
  readonly stallMs: number;
  readonly now?: () => number;
}

export interface ProgressHeartbeat {
  /** A page landed: restart the stall clock, and beat unless a beat went out less than a second ago. */
  progress(): void;
  /** Aborted when the window stalls. */
  readonly signal: AbortSignal;
  /** True once the window stalled (its abort is ours, not a cancellation). */
  stalled(): boolean;
  stop(): void;
}

/** True while the window has made progress recently enough to keep heartbeating. */
export function isStalled(lastProgressAt: number, now: number, stallMs: number): boolean {
  return now - lastProgressAt > stallMs;
}

/**
 * Beats closer together than this carry nothing new to Temporal (the SDK throttles what it sends anyway)
 * and cost a payload conversion each; at 10 pages a second they were a visible share of a worker's CPU.
 */
const MIN_BEAT_GAP_MS = 1_000;

export function startProgressHeartbeat(options: ProgressHeartbeatOptions): ProgressHeartbeat {
  const now = options.now ?? Date.now;
  const stall = new AbortController();
  let last = now();
  let beatAt = Number.NEGATIVE_INFINITY;
  const beat = () => {
    beatAt = now();
    options.beat();
  };
  const timer = setInterval(
    () => {
      if (stall.signal.aborted) return;
      if (isStalled(last, now(), options.stallMs)) {
        stall.abort(new Error(`no page for ${Math.round(options.stallMs / 1000)} s`));
        return;
      }
      beat();
      // A stall is noticed within one tick: tick at least as often as the stall bound.
    },
    Math.min(options.intervalMs, options.stallMs),
  );
  return {
    progress() {
      last = now();
      if (last - beatAt >= MIN_BEAT_GAP_MS) beat();
    },
    signal: stall.signal,
    stalled: () => stall.signal.aborted,
    stop: () => clearInterval(timer),
  };
}
