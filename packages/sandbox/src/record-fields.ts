/**
 * Everything about a record except its times is derived from (seed, position) on demand, so millions of
 * records cost no objects. `materializeRecord` builds the exact JSON object the API emits.
 */
import { COUNTRIES, countryIndexFor } from './countries.ts';
import type { Dataset } from './dataset-generate.ts';
import { formatIsoSec } from './dates.ts';
import type { Agent, Queue } from './people.ts';
import { CONSUMER_NAMES } from './people.ts';
import { hash3, hex8, permute32, unit3, unpermute32 } from './prng.ts';
import type { Variants } from './variants.ts';

/** The queue of a record as the sandbox serialises it (which id fields appear depends on the variants). */
export interface SmsQueue {
  /** Legacy queue id (absent with the `cc_only` variant). */
  queue_id?: string;
  /** Contact Center queue id (absent with the `legacy_only` variant). */
  cc_queue_id?: string;
  /** Queue name. */
  queue_name: string;
}

/**
 * One SMS engagement log as the sandbox serves it, with the field names of Zoom's API.
 *
 * @example
 * const [newest] = sandbox.records({ from: '2026-01-01', to: '2026-01-31' });
 */
export interface SmsRecord {
  /** `inbound` or `outbound`. */
  direction: 'inbound' | 'outbound';
  /** Unique id of the engagement: what an export must land exactly once. */
  engagement_id: string;
  /** The contact center's number (E.164). */
  contact_center_number: string;
  /** Start of the engagement (ISO 8601, UTC). */
  start_time: string;
  /** End of the engagement (ISO 8601, UTC). */
  end_time: string;
  /** The consumer's number (E.164). */
  consumer_number: string;
  /** The consumer's display name. */
  consumer_display_name: string;
  /** Queues the engagement went through. */
  queues: SmsQueue[];
  /** Agents who handled it. */
  agents: { user_id: string; display_name: string }[];
  /** The consumer number's country. */
  country_name: string;
  /** Message types, e.g. `sms`, `mms`. */
  sms_types: string[];
  /** Messages sent (a number, or a numeric string with the `longAsString` variant). */
  total_sent_messages: number | string;
  /** Messages received (number or numeric string). */
  total_received_messages: number | string;
  /** Files sent (number or numeric string). */
  total_sent_files: number | string;
  /** Files received (number or numeric string). */
  total_received_files: number | string;
}

export interface Catalog {
  readonly agents: readonly Agent[];
  readonly queues: readonly Queue[];
}

export function isInbound(ds: Dataset, pos: number): boolean {
  return unit3(ds.seed, pos, 10) < 0.6;
}

export function consumerOf(ds: Dataset, pos: number): number {
  return hash3(ds.seed, pos, 11) % ds.consumerPool;
}

export function countryOfConsumer(ds: Dataset, consumer: number): number {
  return countryIndexFor(unit3(ds.seed, consumer, 20));
}

/** Which of its country's prefixes a consumer's number starts with. */
export function consumerPrefixIndex(ds: Dataset, consumer: number, country: number): number {
  return hash3(ds.seed, consumer, 21) % COUNTRIES[country]!.prefix.length;
}

/** The subscriber digits after the prefix, as a number (zero-padded to the country's `digits` when shown). */
export function consumerDigits(ds: Dataset, consumer: number, country: number): number {
  return hash3(ds.seed, consumer, 22) % 10 ** COUNTRIES[country]!.digits;
}

export function consumerNumber(ds: Dataset, consumer: number): string {
  const c = countryOfConsumer(ds, consumer);
  const country = COUNTRIES[c]!;
  const prefix = country.prefix[consumerPrefixIndex(ds, consumer, c)]!;
  return prefix + String(consumerDigits(ds, consumer, c)).padStart(country.digits, '0');
}

/** Agent indexes (1–3, distinct) of a record. */
export function agentsOf(ds: Dataset, pos: number, poolSize: number): number[] {
  const h = hash3(ds.seed, pos, 12);
  const roll = h % 10;
  const count = roll < 6 ? 1 : roll < 9 ? 2 : 3;
  const half = Math.max(1, Math.floor((poolSize - 1) / 2));
  const a0 = (h >>> 4) % poolSize;
  const a1 = (a0 + 1 + ((h >>> 12) % half)) % poolSize;
  const a2 = (a1 + 1 + ((h >>> 20) % half)) % poolSize;
  return count === 1 ? [a0] : count === 2 ? [a0, a1] : [a0, a1, a2];
}

function queuesOf(ds: Dataset, pos: number, poolSize: number): number[] {
  const h = hash3(ds.seed, pos, 13);
  const q0 = (h >>> 3) % poolSize;
  return h % 4 === 0 ? [q0, (q0 + 1 + ((h >>> 8) % (poolSize - 1))) % poolSize] : [q0];
}

const ID_SHAPE = /^[0-9a-f]{8}-([0-9a-f]{4})-([0-9a-f]{4})-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** UUID-shaped, unique (the position is encoded through a keyed bijection), stable for a seed. */
export function engagementId(ds: Dataset, pos: number): string {
  const a = hex8(ds.idKey[pos]!);
  const b = hex8(permute32(pos, ds.seed));
  const c = hex8(hash3(ds.seed, pos, 16));
  const d = hex8(hash3(ds.seed, pos, 17));
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

/** Position of an engagement id, or -1: O(1) lookups for the `engagement_id` filter. */
export function positionOfEngagementId(ds: Dataset, id: string): number {
  const m = ID_SHAPE.exec(id);
  if (!m) return -1;
  const pos = unpermute32(Number.parseInt(m[1]! + m[2]!, 16), ds.seed);
  return pos < ds.size && engagementId(ds, pos) === id ? pos : -1;
}

/** The derived choices of one record, shared by the object and the JSON serialiser. */
export interface RecordParts {
  inbound: boolean;
  consumer: number;
  country: number;
  mms: boolean;
  queues: number[];
  agents: number[];
  sent: number;
  received: number;
  sentFiles: number;
  receivedFiles: number;
}

export function recordParts(ds: Dataset, catalog: Catalog, pos: number): RecordParts {
  const inbound = isInbound(ds, pos);
  const consumer = consumerOf(ds, pos);
  const mms = unit3(ds.seed, pos, 14) < ds.mmsFraction;
  const h = hash3(ds.seed, pos, 15);
  const sentFiles = mms ? (h >>> 10) % 3 : 0;
  return {
    inbound,
    consumer,
    country: countryOfConsumer(ds, consumer),
    mms,
    queues: queuesOf(ds, pos, catalog.queues.length),
    agents: agentsOf(ds, pos, catalog.agents.length),
    sent: 1 + (h % 30),
    received: (inbound ? 1 : 0) + ((h >>> 5) % 25),
    sentFiles,
    // An MMS engagement carries at least one file.
    receivedFiles: mms ? (sentFiles === 0 ? 1 : 0) + ((h >>> 13) % 3) : 0,
  };
}

export function consumerNameIndex(ds: Dataset, consumer: number): number {
  return hash3(ds.seed, consumer, 23) % CONSUMER_NAMES.length;
}

export function consumerName(ds: Dataset, consumer: number): string {
  return CONSUMER_NAMES[consumerNameIndex(ds, consumer)]!;
}

export function queueObject(queue: Queue, fields: Variants['queueIdFields']): SmsQueue {
  if (fields === 'cc_only') return { cc_queue_id: queue.ccQueueId, queue_name: queue.name };
  if (fields === 'legacy_only') return { queue_id: queue.queueId, queue_name: queue.name };
  return { queue_id: queue.queueId, cc_queue_id: queue.ccQueueId, queue_name: queue.name };
}

export function materializeRecord(ds: Dataset, catalog: Catalog, pos: number, variants: Variants): SmsRecord {
  const p = recordParts(ds, catalog, pos);
  const country = COUNTRIES[p.country]!;
  const count = (n: number): number | string => (variants.longAsString ? String(n) : n);
  return {
    direction: p.inbound ? 'inbound' : 'outbound',
    engagement_id: engagementId(ds, pos),
    contact_center_number: country.centerNumber,
    start_time: formatIsoSec(ds.start[pos]!),
    end_time: formatIsoSec(ds.end[pos]!),
    consumer_number: consumerNumber(ds, p.consumer),
    consumer_display_name: consumerName(ds, p.consumer),
    queues: p.queues.map((q) => queueObject(catalog.queues[q]!, variants.queueIdFields)),
    agents: p.agents.map((a) => ({
      user_id: catalog.agents[a]!.userId,
      display_name: catalog.agents[a]!.displayName,
    })),
    country_name: country.name,
    sms_types: p.mms ? ['sms', 'mms'] : ['sms'],
    total_sent_messages: count(p.sent),
    total_received_messages: count(p.received),
    total_sent_files: count(p.sentFiles),
    total_received_files: count(p.receivedFiles),
  };
}
