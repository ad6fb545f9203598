/**
 * Deterministic, compact test data. A dataset of N records is four Uint32Arrays (start, end, visibleAt,
 * id key: 16 bytes a record, so 5,000,000 records fit in ~80 MB); every other field is derived on demand
 * from (seed, position) in record-fields.ts. Records are sorted by (start_time, id key), which is the
 * engagement_id order within a second, so the API order needs no sort at request time.
 */
import { addMonthsSec, isoToSec, monthStartSec, parseZoomDate, startOfDaySec } from './dates.ts';
import { createRng, hash3, normalFrom, seedToInt, unit3 } from './prng.ts';

/** How records spread over the range: ordinary months, one busy month, uniform, or sparse. */
export type DatasetProfile = 'ordinary' | 'busy-month' | 'uniform' | 'sparse' | 'spike';

/**
 * The generated data set: range, size, seed, profile and the share of late, empty-day and MMS records.
 *
 * @example
 * const sandbox = await startSandbox({ dataset: { from: '2025-01-01', to: '2025-12-31', records: 5_000, profile: 'busy-month', seed: 3 } });
 */
export interface DatasetOptions {
  /** First instant of the data (ISO or `yyyy-mm-dd`, UTC). Default: 12 months before `to`'s month start. */
  from?: string;
  /** End of the data: an ISO instant is exclusive; a date-only value includes that whole UTC day. */
  to?: string;
  /** Total number of records over [from, to). Default 5,000 (or `recordsPerMonth` × months). */
  records?: number;
  /** Alternative to `records`: records per (30.44-day) month of the span. */
  recordsPerMonth?: number;
  /** Same seed, same options → byte-identical records. Default: the sandbox seed. */
  seed?: number | string;
  /** Shape of the daily volume. Default 'ordinary'. */
  profile?: DatasetProfile;
  /** Share of engagements that become visible long after their end_time (default 0.02). */
  lateFraction?: number;
  /** Share of days with no record at all (default 0.08; 'sparse' 0.5; 'uniform' 0). */
  emptyDayFraction?: number;
  /** Share of engagements with MMS (default 0.15). */
  mmsFraction?: number;
  /** Add records on the first/last second of every month and across month ends (default true). */
  boundaryRecords?: boolean;
}

export interface Dataset {
  readonly seed: number;
  readonly size: number;
  readonly fromSec: number;
  readonly toSec: number;
  /** Sorted ascending by (start, idKey). */
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  /** Sandbox second from which the record is listed (end_time, or later for late arrivals). */
  readonly visibleAt: Uint32Array;
  /** First 32 bits of the engagement id; ascending within one start second. */
  readonly idKey: Uint32Array;
  readonly consumerPool: number;
  readonly mmsFraction: number;
}

const DAY = 86_400;
// Share of a day's traffic per UTC hour: US business hours dominate, Europe and APAC add shoulders (assumed).
const HOUR_WEIGHTS = [3, 2, 2, 1, 1, 1, 2, 3, 4, 5, 5, 5, 6, 8, 10, 10, 10, 10, 9, 9, 8, 7, 6, 4];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

function resolveSpan(options: DatasetOptions, nowMs: number): { fromSec: number; toSec: number } {
  let toSec: number;
  if (options.to === undefined) {
    toSec = Math.floor(nowMs / 1000 / DAY) * DAY;
  } else {
    const parsed = parseZoomDate(options.to);
    toSec =
      parsed.ok && parsed.value.kind === 'date'
        ? startOfDaySec(parsed.value.year, parsed.value.month, parsed.value.day, 0) + DAY
        : isoToSec(options.to);
  }
  const fromSec =
    options.from === undefined ? addMonthsSec(monthStartSec(toSec - 1), -12, 0) : isoToSec(options.from);
  if (!(toSec > fromSec)) throw new Error(`Dataset "to" must be after "from"`);
  return { fromSec, toSec };
}

interface ForcedRecord {
  start: number;
  end?: number;
}

/** Records pinned to month edges: the cases where off-by-one-second and month-window bugs live. */
function boundaryRecords(fromSec: number, toSec: number): ForcedRecord[] {
  const forced: ForcedRecord[] = [];
  for (let b = monthStartSec(fromSec); b <= toSec; b = addMonthsSec(b, 1, 0)) {
    if (b >= fromSec && b < toSec) forced.push({ start: b }, { start: b });
    if (b - 1 >= fromSec && b - 1 < toSec) forced.push({ start: b - 1 }, { start: b - 1 });
    if (b - 600 >= fromSec && b <= toSec) {
      forced.push(
        { start: b - 600, end: b - 1 },
        { start: b - 400, end: b },
        { start: b - 200, end: b + 900 },
      );
    }
  }
  return forced;
}

function dayWeights(fromSec: number, toSec: number, options: DatasetOptions, seed: number): Float64Array {
  const profile = options.profile ?? 'ordinary';
  const defaultEmpty = profile === 'sparse' ? 0.5 : profile === 'uniform' ? 0 : 0.08;
  const emptyFraction = options.emptyDayFraction ?? defaultEmpty;
  const days = Math.ceil((toSec - fromSec) / DAY);
  const weights = new Float64Array(days);
  const busyMonth = monthStartSec(fromSec + Math.floor((toSec - fromSec) / 2));
  const busyMonthEnd = addMonthsSec(busyMonth, 1, 0);
  for (let d = 0; d < days; d++) {
    const dayStart = fromSec + d * DAY;
    const length = Math.min(DAY, toSec - dayStart) / DAY;
    if (unit3(seed, d, 30) < emptyFraction) continue;
    let w = length;
    if (profile !== 'uniform') {
      const weekday = new Date(dayStart * 1000).getUTCDay();
      if (weekday === 0 || weekday === 6) w *= 0.4;
      w *= 0.6 + 0.8 * unit3(seed, d, 31);
      if (unit3(seed, d, 32) < 0.05) w *= 6; // busy bursts: campaigns, outages
    }
    if (profile === 'busy-month' && dayStart >= busyMonth && dayStart < busyMonthEnd) w *= 8;
    weights[d] = w;
  }
  if (weights.every((w) => w === 0)) weights.fill(1);
  if (profile === 'spike' && days > 1) {
    // A campaign: the middle day holds about 91 % of the records (ten times all other days together).
    const spikeDay = Math.floor(days / 2);
    let others = 0;
    weights.forEach((w, d) => {
      if (d !== spikeDay) others += w;
    });
    weights[spikeDay] = 10 * Math.max(others, 1);
  }
  return weights;
}

function secondInDay(rng: ReturnType<typeof createRng>, length: number, burstAt: number): number {
  if (burstAt >= 0 && rng.next() < 0.4) return Math.min(length - 1, burstAt + rng.int(1800));
  let target = rng.next() * HOUR_TOTAL;
  let hour = 0;
  while (hour < 23 && target >= HOUR_WEIGHTS[hour]!) target -= HOUR_WEIGHTS[hour++]!;
  const second = hour * 3600 + rng.int(3600);
  return second < length ? second : rng.int(length);
}

export function lowerBound(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function generateDataset(
  options: DatasetOptions,
  defaultSeed: number | string,
  nowMs: number,
): Dataset {
  const seed = seedToInt(options.seed ?? defaultSeed);
  const { fromSec, toSec } = resolveSpan(options, nowMs);
  const months = (toSec - fromSec) / (30.44 * DAY);
  const size = Math.max(
    0,
    Math.floor(
      options.records ?? (options.recordsPerMonth !== undefined ? options.recordsPerMonth * months : 5000),
    ),
  );
  if (size > 0xfffffff) throw new Error('At most 268,435,455 records');
  let forced = options.boundaryRecords === false ? [] : boundaryRecords(fromSec, toSec);
  if (forced.length * 3 > size) forced = [];
  const random = size - forced.length;

  const start = new Uint32Array(size);
  const weights = dayWeights(fromSec, toSec, options, seed);
  const total = weights.reduce((a, b) => a + b, 0);
  const rng = createRng(hash3(seed, 0, 1));
  let cumulative = 0;
  let assigned = 0;
  let p = 0;
  for (let d = 0; d < weights.length; d++) {
    cumulative += weights[d]!;
    const upTo = d === weights.length - 1 ? random : Math.round((random * cumulative) / total);
    const count = upTo - assigned;
    assigned = upTo;
    const dayStart = fromSec + d * DAY;
    const length = Math.min(DAY, toSec - dayStart);
    const burstAt = weights[d]! > 2 ? rng.int(Math.max(1, length - 1800)) : -1;
    for (let k = 0; k < count; k++) start[p++] = dayStart + secondInDay(rng, length, burstAt);
  }
  for (const f of forced) start[p++] = f.start;
  start.sort();

  // id keys are random, then sorted within each run of equal start seconds so that position order is
  // (start_time, engagement_id): the tie-break of the API order.
  const idKey = new Uint32Array(size);
  for (let i = 0; i < size; i++) idKey[i] = hash3(seed, i, 2);
  for (let i = 0; i < size; ) {
    let j = i + 1;
    while (j < size && start[j] === start[i]) j++;
    if (j - i > 1) idKey.subarray(i, j).sort();
    i = j;
  }

  const end = new Uint32Array(size);
  const visibleAt = new Uint32Array(size);
  const lateFraction = options.lateFraction ?? 0.02;
  for (let i = 0; i < size; i++) {
    // SMS engagements: lognormal duration, median ~8 min, up to 3 days (assumed).
    const z = normalFrom(unit3(seed, i, 3), unit3(seed, i, 4));
    const duration = Math.min(3 * DAY, Math.max(5, Math.round(480 * Math.exp(1.3 * z))));
    end[i] = start[i]! + duration;
  }
  for (const f of forced) {
    if (f.end !== undefined) end[lowerBound(start, f.start)] = f.end;
  }
  for (let i = 0; i < size; i++) {
    // Late arrivals: listed 1 h – 3 days after they end (engagements are listed once completed; OpenAPI).
    const late = unit3(seed, i, 5) < lateFraction;
    const delay = late ? 3600 + Math.floor(unit3(seed, i, 6) * 71 * 3600) : 0;
    visibleAt[i] = Math.min(0xffffffff, end[i]! + delay);
  }
  return {
    seed,
    size,
    fromSec,
    toSec,
    start,
    end,
    visibleAt,
    idKey,
    consumerPool: Math.max(20, Math.floor(size / 3)),
    mmsFraction: options.mmsFraction ?? 0.15,
  };
}
