/**
 * The page serialiser alone, in this process: the sandbox's byte encoder against the straightforward way
 * (materialise record objects, `JSON.stringify`, encode to UTF-8) on the same 100-record pages. Both must
 * produce the same bytes; the figure is pages per CPU-second of this process.
 */
import { materializeRecord } from '../src/record-fields.ts';
import { createSandboxState } from '../src/sandbox-state.ts';

export interface SerializerResult {
  pages: number;
  bytesPerPage: number;
  encoderPagesPerCpuSec: number;
  stringifyPagesPerCpuSec: number;
}

export function measureSerializer(records: number, pages: number): SerializerResult {
  const state = createSandboxState({
    dataset: { from: '2025-01-01', to: '2026-01-31', records, seed: 7 },
    clock: { mode: 'manual', start: '2026-03-01T00:00:00Z' },
  });
  const { dataset, catalog, variants } = state;
  const head = {
    next_page_token: 'x'.repeat(80),
    page_size: 100,
    total_records: 385_000,
    from: '2025-06-01T00:00:00Z',
    to: '2025-06-28T00:00:00Z',
  };
  // Distinct pages spread over the data set, newest first like the API.
  const pageList = Array.from({ length: pages }, (_, k) => {
    const top = Math.floor(((k + 0.5) / pages) * (records - 100)) + 100;
    return Array.from({ length: 100 }, (_, i) => top - 1 - i);
  });
  const stringify = (positions: number[]): Buffer =>
    Buffer.from(
      JSON.stringify({
        ...head,
        sms: positions.map((p) => materializeRecord(dataset, catalog, p, variants)),
      }),
    );
  const encode = (positions: number[]): Buffer => state.encodePage(head, positions, variants);
  for (const positions of pageList.slice(0, 20)) {
    if (!encode(positions).equals(stringify(positions))) throw new Error('encoder output differs');
  }
  const time = (fn: (positions: number[]) => Buffer): { perSec: number; bytes: number } => {
    let bytes = 0;
    const before = process.cpuUsage();
    for (const positions of pageList) bytes += fn(positions).length;
    const used = process.cpuUsage(before);
    return { perSec: pages / ((used.user + used.system) / 1e6), bytes };
  };
  // Warm both up once (JIT), then measure.
  time(encode);
  time(stringify);
  const enc = time(encode);
  const str = time(stringify);
  return {
    pages,
    bytesPerPage: enc.bytes / pages,
    encoderPagesPerCpuSec: enc.perSec,
    stringifyPagesPerCpuSec: str.perSec,
  };
}
