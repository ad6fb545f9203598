/**
 * Property-based: the List SMS parser under hostile bodies — wrong types, huge numbers, missing and extra
 * fields, unicode, nulls, `\u0000`, cut-off JSON — and paging over pages that repeat ids. The parser never
 * returns an empty page for a body lacking `sms`, throws nothing but Zoom errors, and never lets body text
 * (a token, a phone number) into an error's message or cause chain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createZoomClient } from '../src/client.ts';
import { ZoomError } from '../src/errors.ts';
import { parseSmsPage } from '../src/response.ts';
import type { Transport } from '../src/transport.ts';
import { instantSleep, manualClock } from './support/fakes.ts';

const TOKEN = 'eyJhbGciOiJIUzUxMiJ9SECRET';
const PHONE = '+14155550123';
const MARKERS = [TOKEN, PHONE, 'SECRET'];

/** Every message and cause in the chain, as text. */
function chainText(error: unknown): string[] {
  const out: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && e !== null && depth < 10; depth++) {
    if (e instanceof Error) {
      out.push(e.message, String(e), JSON.stringify(e));
      e = e.cause;
    } else {
      out.push(String(e));
      break;
    }
  }
  return out;
}

function expectNoBodyText(error: unknown): void {
  for (const text of chainText(error)) {
    for (const marker of MARKERS) expect(text).not.toContain(marker);
  }
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(TOKEN, PHONE, '\u0000', `${PHONE}\u0000${TOKEN}`, '', '2025-13-45T25:61:61Z'),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.bigInt().map((n) => n.toString()),
  fc.constantFrom(null, true, false, 1e308, -0, Number.MAX_SAFE_INTEGER + 2),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);
const record = fc.record(
  {
    engagement_id: fc.oneof(hostileString, hostileValue),
    start_time: hostileValue,
    end_time: hostileValue,
    consumer_number: fc.oneof(fc.constant(PHONE), hostileValue),
    consumer_display_name: hostileValue,
    total_sent_messages: hostileValue,
    queues: hostileValue,
    agents: hostileValue,
  },
  { requiredKeys: [] },
);
const page = fc.record(
  {
    next_page_token: fc.oneof(fc.constant(TOKEN), hostileValue),
    page_size: hostileValue,
    total_records: fc.oneof(fc.constantFrom(0, '0', 1e21, -5, '99999999999999999999999'), hostileValue),
    from: hostileValue,
    to: hostileValue,
    sms: fc.oneof(fc.array(record, { maxLength: 4 }), hostileValue),
    code: fc.oneof(fc.constantFrom(124, 300, 4700, -1, '124'), hostileValue),
    message: fc.oneof(fc.constant(`Invalid access token ${TOKEN} for ${PHONE}`), hostileValue),
    extra: hostileValue,
  },
  { requiredKeys: [] },
);
/** A page's JSON, or that JSON cut anywhere, or not JSON at all. */
const body = fc.oneof(
  page.map((p) => JSON.stringify(p)),
  fc.tuple(page, fc.nat()).map(([p, at]) => {
    const text = JSON.stringify(p);
    return text.slice(0, at % (text.length + 1));
  }),
  hostileValue.map((v) => JSON.stringify(v) ?? ''),
  hostileString,
);

describe('parseSmsPage (property-based)', () => {
  it('returns a page only when the body has sms (or says total_records 0); else a Zoom error without body text', () => {
    fc.assert(
      fc.property(body, (text) => {
        let parsed: ReturnType<typeof parseSmsPage> | undefined;
        try {
          parsed = parseSmsPage(text, { trackingId: 'v=2.0;rid=T' });
        } catch (error) {
          expect(error).toBeInstanceOf(ZoomError);
          expectNoBodyText(error);
          return;
        }
        const json = JSON.parse(text) as Record<string, unknown>;
        expect(Array.isArray(parsed.sms)).toBe(true);
        if (!Array.isArray(json.sms)) {
          expect(parsed.sms).toEqual([]);
          expect(json.total_records === 0 || json.total_records === '0').toBe(true);
        } else {
          expect(parsed.sms.length).toBe(json.sms.length);
        }
      }),
      { numRuns: 2000 },
    );
  }, 60_000);
});

describe('paging over hostile pages (property-based)', () => {
  it('delivers each engagement id once, stops within bounds, and fails only with Zoom errors', async () => {
    const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '\u0000x', 'ü'), {
      maxLength: 5,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(ids, fc.constantFrom('T1', 'T2', 'T3', 'T4', 'T5', 'T6', '')), {
          minLength: 1,
          maxLength: 12,
        }),
        async (script) => {
          let served = 0;
          const transport: Transport = async () => {
            const [pageIds, next] = script[Math.min(served, script.length - 1)]!;
            served += 1;
            const sms = pageIds.map((id) => ({ engagement_id: id }));
            const body = { next_page_token: next, total_records: 40, sms };
            return { status: 200, headers: {}, body: JSON.stringify(body) };
          };
          const clock = manualClock();
          const client = createZoomClient({
            auth: { accessToken: 'x' },
            baseUrl: 'https://api.zoom.test/v2',
            transport,
            clock,
            sleep: instantSleep(clock),
            budget: { perSecond: 1000, daily: 1_000_000 },
          });
          const got: string[] = [];
          try {
            for await (const r of client.sms.records(
              { from: '2026-01-01', to: '2026-01-31' },
              { pageSize: 10 },
            )) {
              got.push(r.engagement_id);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(ZoomError);
          }
          expect(new Set(got).size).toBe(got.length);
          // ⌈40 ÷ 10⌉ + the margin, however the tokens and ids go round.
          expect(served).toBeLessThanOrEqual(9);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});
