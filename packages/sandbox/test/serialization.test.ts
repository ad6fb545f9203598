/**
 * The page encoder writes bytes directly for speed; these tests make sure speed never changes content: for
 * every field variant and thousands of records (every awkward name, agent, queue and country), its output
 * is byte-identical to `JSON.stringify` of the straightforward record objects and parses to the same value.
 */
import { describe, expect, it } from 'vitest';
import { COUNTRIES } from '../src/countries.ts';
import { formatIsoSec } from '../src/dates.ts';
import { putHex, putIsoSec, putUint } from '../src/json-bytes.ts';
import { CONSUMER_NAMES } from '../src/people.ts';
import type { SmsRecord } from '../src/record-fields.ts';
import { materializeRecord } from '../src/record-fields.ts';
import { createSandboxState } from '../src/sandbox-state.ts';
import type { Variants } from '../src/variants.ts';
import { DEFAULT_VARIANTS } from '../src/variants.ts';

const FIELD_VARIANTS = (['both', 'cc_only', 'legacy_only'] as const).flatMap((queueIdFields) =>
  [false, true].map((longAsString): Variants => ({ ...DEFAULT_VARIANTS, queueIdFields, longAsString })),
);

describe('page encoder', () => {
  const state = createSandboxState({
    dataset: { from: '2025-01-01', to: '2025-12-31', records: 12_000, seed: 9, mmsFraction: 0.3 },
    clock: { mode: 'manual', start: '2026-03-01T00:00:00Z' },
  });
  const { dataset, catalog } = state;

  it('equals JSON.stringify of record objects for every record under every queueIdFields × longAsString', () => {
    const seen = {
      names: new Set<string>(),
      agents: new Set<string>(),
      queues: new Set<string>(),
      countries: new Set<string>(),
      shapes: new Set<string>(),
    };
    let pages = 0;
    for (let top = dataset.size; top > 0; top -= 100) {
      const positions = Array.from({ length: Math.min(100, top) }, (_, i) => top - 1 - i);
      // A different variant on every page, so fragments cached per variant are exercised out of order.
      const variants = FIELD_VARIANTS[pages++ % FIELD_VARIANTS.length]!;
      const head = {
        next_page_token: `tok-${pages}`,
        page_size: 100,
        total_records: dataset.size,
        from: formatIsoSec(dataset.fromSec),
        to: formatIsoSec(dataset.toSec),
      };
      const sms = positions.map((pos) => materializeRecord(dataset, catalog, pos, variants));
      const encoded = state.encodePage(head, positions, variants);
      expect(encoded.toString('utf8')).toBe(JSON.stringify({ ...head, sms }));
      expect(JSON.parse(encoded.toString('utf8'))).toEqual({ ...head, sms });
      for (const r of sms as SmsRecord[]) {
        seen.names.add(r.consumer_display_name);
        for (const a of r.agents) seen.agents.add(a.display_name);
        for (const q of r.queues) seen.queues.add(q.queue_name);
        seen.countries.add(r.country_name);
        seen.shapes.add(
          `${r.direction}/${r.queues.length}q/${r.agents.length}a/${r.sms_types.join('+')}/${typeof r.total_sent_files}`,
        );
      }
    }
    // The comparison only means something if the awkward values were actually encoded.
    expect(seen.names.size).toBe(CONSUMER_NAMES.length);
    expect(seen.agents.size).toBe(catalog.agents.length);
    expect(seen.queues.size).toBe(catalog.queues.length);
    expect(seen.countries.size).toBe(COUNTRIES.length);
    expect(seen.shapes.size).toBe(2 * 2 * 3 * 2 * 2);
  });

  it('encodes names with quotes, control characters, emoji and right-to-left text as JSON does', () => {
    const awkward = CONSUMER_NAMES.filter((n) => /["\\]|[^ -~]/.test(n));
    expect(awkward.length).toBeGreaterThan(10);
    const byName = new Map<string, number>();
    for (let pos = 0; pos < dataset.size && byName.size < CONSUMER_NAMES.length; pos++) {
      const name = materializeRecord(dataset, catalog, pos, DEFAULT_VARIANTS).consumer_display_name;
      if (!byName.has(name)) byName.set(name, pos);
    }
    for (const name of awkward) {
      const pos = byName.get(name)!;
      const page = state.encodePage({ next_page_token: '' }, [pos], DEFAULT_VARIANTS).toString('utf8');
      expect((JSON.parse(page) as { sms: SmsRecord[] }).sms[0]!.consumer_display_name).toBe(name);
      expect(page).toContain(`"consumer_display_name":${JSON.stringify(name)}`);
    }
  });

  it('encodes an empty page and a head needing escapes', () => {
    for (const variants of FIELD_VARIANTS) {
      const head = { next_page_token: 'a"b\\c\u2028', page_size: 1, total_records: 0, from: 'x', to: 'y' };
      expect(state.encodePage(head, [], variants).toString('utf8')).toBe(
        JSON.stringify({ ...head, sms: [] }),
      );
    }
  });
});

describe('byte writers', () => {
  const text = (write: (buf: Buffer, off: number) => number): string => {
    const buf = Buffer.alloc(64);
    return buf.toString('latin1', 3, write(buf, 3));
  };

  it('write timestamps exactly like formatIsoSec over the whole Uint32 range', () => {
    const samples = [0, 59, 86_399, 86_400, 951_782_400, 1_709_164_799, 1_767_225_599, 0xffffffff];
    for (let s = 0; s < 4000; s++) samples.push((s * 2_654_435_761) % 2 ** 32);
    for (const sec of samples) expect(text((b, o) => putIsoSec(b, o, sec))).toBe(formatIsoSec(sec));
  });

  it('write zero-padded decimals and hex', () => {
    expect(text((b, o) => putUint(b, o, 0))).toBe('0');
    expect(text((b, o) => putUint(b, o, 1234567890123))).toBe('1234567890123');
    expect(text((b, o) => putUint(b, o, 42, 8))).toBe('00000042');
    expect(text((b, o) => putUint(b, o, 99_999_999, 8))).toBe('99999999');
    expect(text((b, o) => putHex(b, o, 0xdeadbeef, 8))).toBe('deadbeef');
    expect(text((b, o) => putHex(b, o, 0x1234abcd, 4))).toBe('abcd');
    expect(text((b, o) => putHex(b, o, 0x7, 8))).toBe('00000007');
  });
});
