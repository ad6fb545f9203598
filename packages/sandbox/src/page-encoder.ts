/**
 * Encodes a List SMS page straight into UTF-8 bytes. JSON.stringify on objects full of non-ASCII names,
 * then UTF-8 encoding of the resulting two-byte string, cost ~10x finding the page; here every name,
 * agent and queue is encoded once per sandbox and a record is a few Latin-1 writes of its ASCII parts plus
 * copies of cached byte fragments. Output is byte-identical to `JSON.stringify` of the page (tested), so
 * raw UTF-8 reaches clients exactly as a real JSON API would send it.
 */
import { COUNTRIES } from './countries.ts';
import type { Dataset } from './dataset-generate.ts';
import { formatIsoSec } from './dates.ts';
import { CONSUMER_NAMES } from './people.ts';
import { hash3 } from './prng.ts';
import type { Catalog } from './record-fields.ts';
import { consumerNumber, engagementId, queueObject, recordParts } from './record-fields.ts';
import type { Variants } from './variants.ts';

export type PageEncoder = (head: Record<string, unknown>, positions: number[], variants: Variants) => Buffer;

const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** Upper bound of one record's size: generous, names and ids are short. */
const RECORD_MAX = 4096;

export function createPageEncoder(ds: Dataset, catalog: Catalog): PageEncoder {
  const names = CONSUMER_NAMES.map(bytes);
  const agents = catalog.agents.map((a) => bytes({ user_id: a.userId, display_name: a.displayName }));
  const queueCache = new Map<string, Buffer[]>();
  const queuesFor = (fields: Variants['queueIdFields']): Buffer[] => {
    let list = queueCache.get(fields);
    if (!list) {
      list = catalog.queues.map((q) => bytes(queueObject(q, fields)));
      queueCache.set(fields, list);
    }
    return list;
  };
  const countries = COUNTRIES.map((c) => ({
    center: `,"contact_center_number":${JSON.stringify(c.centerNumber)}`,
    name: bytes(c.name),
  }));

  return (head, positions, variants) => {
    const queues = queuesFor(variants.queueIdFields);
    const n = variants.longAsString ? (v: number) => `"${v}"` : (v: number) => String(v);
    let buf = Buffer.allocUnsafe(1024 + positions.length * 1024);
    let off = 0;
    const ensure = (extra: number): void => {
      if (off + extra <= buf.length) return;
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, off + extra));
      buf.copy(bigger, 0, 0, off);
      buf = bigger;
    };
    const ascii = (text: string): void => {
      off += buf.write(text, off, 'latin1');
    };
    const copy = (fragment: Buffer): void => {
      off += fragment.copy(buf, off);
    };
    const headText = JSON.stringify(head);
    ensure(Buffer.byteLength(headText) + 16);
    off += buf.write(headText.slice(0, -1), off);
    ascii(',"sms":[');
    for (let i = 0; i < positions.length; i++) {
      const pos = positions[i]!;
      const p = recordParts(ds, catalog, pos);
      const country = countries[p.country]!;
      ensure(RECORD_MAX);
      ascii(
        `${i === 0 ? '' : ','}{"direction":"${p.inbound ? 'inbound' : 'outbound'}","engagement_id":"${engagementId(ds, pos)}"${country.center}` +
          `,"start_time":"${formatIsoSec(ds.start[pos]!)}","end_time":"${formatIsoSec(ds.end[pos]!)}"` +
          `,"consumer_number":"${consumerNumber(ds, p.consumer)}","consumer_display_name":`,
      );
      copy(names[hash3(ds.seed, p.consumer, 23) % names.length]!);
      ascii(',"queues":[');
      for (let q = 0; q < p.queues.length; q++) {
        if (q > 0) ascii(',');
        copy(queues[p.queues[q]!]!);
      }
      ascii('],"agents":[');
      for (let a = 0; a < p.agents.length; a++) {
        if (a > 0) ascii(',');
        copy(agents[p.agents[a]!]!);
      }
      ascii('],"country_name":');
      copy(country.name);
      ascii(
        `,"sms_types":${p.mms ? '["sms","mms"]' : '["sms"]'},"total_sent_messages":${n(p.sent)}` +
          `,"total_received_messages":${n(p.received)},"total_sent_files":${n(p.sentFiles)}` +
          `,"total_received_files":${n(p.receivedFiles)}}`,
      );
    }
    ensure(2);
    ascii(']}');
    return buf.subarray(0, off);
  };
}
