/**
 * Encodes a List SMS page straight into UTF-8 bytes, without building record objects or strings.
 * `JSON.stringify` of materialised records and the UTF-8 conversion of the result cost ~10x finding the page,
 * and templated strings per record still made the encoder most of a page's CPU. Here every name, agent,
 * queue and the constant JSON between fields is encoded once per sandbox (per field variant) into byte
 * fragments whose boundaries absorb the punctuation, and the per-record ASCII parts (ids, timestamps,
 * digits) are written as bytes. Output is byte-identical to `JSON.stringify` of the page object (tested in
 * test/serialization.test.ts), so clients receive exactly what a real JSON API would send.
 */
import { COUNTRIES } from './countries.ts';
import type { Dataset } from './dataset-generate.ts';
import { concat, jsonBytes, putBytes, putHex, putIsoSec, putTimeOfDay, putUint, utf8 } from './json-bytes.ts';
import { CONSUMER_NAMES } from './people.ts';
import { hash3, permute32 } from './prng.ts';
import type { Catalog } from './record-fields.ts';
import {
  consumerDigits,
  consumerNameIndex,
  consumerPrefixIndex,
  queueObject,
  recordParts,
} from './record-fields.ts';
import type { Variants } from './variants.ts';

export type PageEncoder = (head: Record<string, unknown>, positions: number[], variants: Variants) => Buffer;

/** Fragments that depend on the field variants that change serialisation. */
interface VariantFragments {
  /** A queue followed by `,` (more queues follow) or by `],"agents":[` (the last queue). */
  queueThenComma: Uint8Array[];
  queueThenAgents: Uint8Array[];
  /** `],"country_name":…,"sms_types":[…],"total_sent_messages":` per country and MMS flag. */
  tailsThenSent: Uint8Array[][];
  received: Uint8Array;
  sentFiles: Uint8Array;
  receivedFiles: Uint8Array;
  /** Closing quote of a string count (if any) and the record's `}`. */
  end: Uint8Array;
  maxRecordBytes: number;
}

const maxLength = (list: readonly Uint8Array[]): number => list.reduce((m, b) => Math.max(m, b.length), 0);

export function createPageEncoder(ds: Dataset, catalog: Catalog): PageEncoder {
  // Record layout (seed spec order): direction, engagement_id, contact_center_number, start_time, end_time,
  // consumer_number, consumer_display_name, queues, agents, country_name, sms_types, total_* counts.
  const openIn = [
    utf8('{"direction":"inbound","engagement_id":"'),
    utf8(',{"direction":"inbound","engagement_id":"'),
  ];
  const openOut = [
    utf8('{"direction":"outbound","engagement_id":"'),
    utf8(',{"direction":"outbound","engagement_id":"'),
  ];
  // `","contact_center_number":"+1…","start_time":"` per country.
  const center = COUNTRIES.map((c) =>
    utf8(`","contact_center_number":${JSON.stringify(c.centerNumber)},"start_time":"`),
  );
  const endTime = utf8('","end_time":"');
  // `","consumer_number":"+1415555` per country and prefix: only the subscriber digits remain per record.
  const prefixes = COUNTRIES.map((c) => c.prefix.map((p) => utf8(`","consumer_number":"${p}`)));
  const digitsOf = COUNTRIES.map((c) => c.digits);
  // `","consumer_display_name":"…","queues":[` per name.
  const names = CONSUMER_NAMES.map((n) => utf8(`","consumer_display_name":${JSON.stringify(n)},"queues":[`));
  // Fragments are pre-joined with the punctuation that follows them: fewer, longer copies per record.
  const agentsOpen = utf8('],"agents":[');
  const agents = catalog.agents.map((a) => jsonBytes({ user_id: a.userId, display_name: a.displayName }));
  const agentsThenComma = agents.map((a) => concat(a, utf8(',')));
  // `],"country_name":"…","sms_types":[…]` per country and MMS flag.
  const tails = COUNTRIES.map((c) =>
    [false, true].map((mms) =>
      utf8(`],"country_name":${JSON.stringify(c.name)},"sms_types":${mms ? '["sms","mms"]' : '["sms"]'}`),
    ),
  );
  const fixedMax =
    openOut[1]!.length +
    36 +
    maxLength(center) +
    20 +
    endTime.length +
    20 +
    maxLength(prefixes.flat()) +
    8 +
    maxLength(names) +
    agentsOpen.length +
    3 * (maxLength(agents) + 1) +
    maxLength(tails.flat());

  const byVariant = new Map<string, VariantFragments>();
  const fragmentsFor = (v: Variants): VariantFragments => {
    const key = `${v.queueIdFields}|${v.longAsString}`;
    let f = byVariant.get(key);
    if (f) return f;
    const q = v.longAsString ? '"' : '';
    const queues = catalog.queues.map((queue) => jsonBytes(queueObject(queue, v.queueIdFields)));
    const sent = utf8(`,"total_sent_messages":${q}`);
    f = {
      queueThenComma: queues.map((b) => concat(b, utf8(','))),
      queueThenAgents: queues.map((b) => concat(b, agentsOpen)),
      tailsThenSent: tails.map((byMms) => byMms.map((t) => concat(t, sent))),
      received: utf8(`${q},"total_received_messages":${q}`),
      sentFiles: utf8(`${q},"total_sent_files":${q}`),
      receivedFiles: utf8(`${q},"total_received_files":${q}`),
      end: utf8(`${q}}`),
      // Counts are below 2^53 (16 digits) with quotes; 2 queues.
      maxRecordBytes: fixedMax + 2 * (maxLength(queues) + 1) + sent.length + 4 * 40,
    };
    byVariant.set(key, f);
    return f;
  };

  // Records come in time order, so most timestamps fall on the day of the one before: its `YYYY-MM-DDT`
  // is kept and only the time of day is written (putIsoSec does the full civil-date conversion).
  const dayStamp = new Uint8Array(20);
  const dayPrefix = dayStamp.subarray(0, 11);
  let prefixDay = Number.NaN;
  const putTime = (buf: Uint8Array, off: number, epochSec: number): number => {
    const day = Math.floor(epochSec / 86_400);
    if (day !== prefixDay) {
      putIsoSec(dayStamp, 0, day * 86_400);
      prefixDay = day;
    }
    buf.set(dayPrefix, off);
    return putTimeOfDay(buf, off + 11, epochSec - day * 86_400);
  };

  const seed = ds.seed;
  // Variants change rarely (a new object each time): the last one's fragments are kept at hand.
  let lastVariants: Variants | null = null;
  let lastFragments: VariantFragments | null = null;
  return (head, positions, variants) => {
    if (variants !== lastVariants || lastFragments === null) {
      lastFragments = fragmentsFor(variants);
      lastVariants = variants;
    }
    const f = lastFragments;
    // The head is written straight into the page buffer (no intermediate byte copy).
    const headText = `${JSON.stringify(head).slice(0, -1)},"sms":[`;
    const headLength = Buffer.byteLength(headText);
    const buf = Buffer.allocUnsafe(headLength + positions.length * f.maxRecordBytes + 2);
    let off = buf.write(headText, 0, headLength, 'utf8');
    for (let i = 0; i < positions.length; i++) {
      const pos = positions[i]!;
      const p = recordParts(ds, catalog, pos);
      off = putBytes(buf, off, (p.inbound ? openIn : openOut)[i === 0 ? 0 : 1]!);
      // Same layout as engagementId() in record-fields.ts: idKey, then permute32(pos) split 4+4, then two hashes.
      off = putHex(buf, off, ds.idKey[pos]!, 8);
      buf[off++] = 0x2d;
      const b = permute32(pos, seed);
      off = putHex(buf, off, b >>> 16, 4);
      buf[off++] = 0x2d;
      off = putHex(buf, off, b, 4);
      buf[off++] = 0x2d;
      const c = hash3(seed, pos, 16);
      off = putHex(buf, off, c >>> 16, 4);
      buf[off++] = 0x2d;
      off = putHex(buf, off, c, 4);
      off = putHex(buf, off, hash3(seed, pos, 17), 8);
      off = putBytes(buf, off, center[p.country]!);
      off = putTime(buf, off, ds.start[pos]!);
      off = putBytes(buf, off, endTime);
      off = putTime(buf, off, ds.end[pos]!);
      off = putBytes(buf, off, prefixes[p.country]![consumerPrefixIndex(ds, p.consumer, p.country)]!);
      off = putUint(buf, off, consumerDigits(ds, p.consumer, p.country), digitsOf[p.country]!);
      off = putBytes(buf, off, names[consumerNameIndex(ds, p.consumer)]!);
      const lastQueue = p.queues.length - 1;
      for (let q = 0; q < lastQueue; q++) off = putBytes(buf, off, f.queueThenComma[p.queues[q]!]!);
      off = putBytes(buf, off, f.queueThenAgents[p.queues[lastQueue]!]!);
      const lastAgent = p.agents.length - 1;
      for (let a = 0; a < lastAgent; a++) off = putBytes(buf, off, agentsThenComma[p.agents[a]!]!);
      off = putBytes(buf, off, agents[p.agents[lastAgent]!]!);
      off = putBytes(buf, off, f.tailsThenSent[p.country]![p.mms ? 1 : 0]!);
      off = putUint(buf, off, p.sent);
      off = putBytes(buf, off, f.received);
      off = putUint(buf, off, p.received);
      off = putBytes(buf, off, f.sentFiles);
      off = putUint(buf, off, p.sentFiles);
      off = putBytes(buf, off, f.receivedFiles);
      off = putUint(buf, off, p.receivedFiles);
      off = putBytes(buf, off, f.end);
    }
    buf[off++] = 0x5d; // ]
    buf[off++] = 0x7d; // }
    return buf.subarray(0, off);
  };
}
