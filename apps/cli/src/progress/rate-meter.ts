/**
 * Rates over a sliding window of recent samples (default 5 s), so the displayed rate follows what is
 * happening now rather than the average since the start (which hides a quota wait or a slowdown).
 */
export interface RateMeter {
  sample(now: number, requests: number, records: number): void;
  requestRate(): number;
  recordRate(): number;
}

export function createRateMeter(windowMs = 5_000): RateMeter {
  const samples: Array<{ t: number; requests: number; records: number }> = [];
  function span(): { dt: number; dReq: number; dRec: number } {
    const first = samples[0];
    const last = samples.at(-1);
    if (!first || !last || last.t <= first.t) return { dt: 0, dReq: 0, dRec: 0 };
    return {
      dt: (last.t - first.t) / 1000,
      dReq: last.requests - first.requests,
      dRec: last.records - first.records,
    };
  }
  return {
    sample(now, requests, records) {
      samples.push({ t: now, requests, records });
      while (samples.length > 2 && samples[0]!.t < now - windowMs) samples.shift();
    },
    requestRate() {
      const s = span();
      return s.dt > 0 ? s.dReq / s.dt : 0;
    },
    recordRate() {
      const s = span();
      return s.dt > 0 ? s.dRec / s.dt : 0;
    },
  };
}
