/**
 * Core benchmark (prints figures; never asserted in tests).
 * 1. Records/s of fetch-parse-validate for 100-record pages through the whole client stack (in-process
 *    transport, no sockets) relative to `JSON.parse` alone on the same bytes.
 * 2. Peak RSS while streaming 1,000,000 records through `client.sms.records` from an in-process source.
 * Run: pnpm --filter @zcc-sms/core bench
 */
import { createZoomClient, type Transport } from '../src/index.ts';

const PAGE = 100;

function record(i: number) {
  const t = `${new Date(Date.UTC(2026, 0, 31, 23, 59, 59) - i * 1000).toISOString().slice(0, 19)}Z`;
  return {
    direction: i % 2 ? 'inbound' : 'outbound',
    engagement_id: `eng-${i.toString(16).padStart(12, '0')}`,
    contact_center_number: '+14155550100',
    start_time: t,
    end_time: t,
    consumer_number: `+1415555${String(i % 10_000).padStart(4, '0')}`,
    consumer_display_name: i % 7 ? `Customer ${i}` : 'O"Brien, Zoë 🚀\nשלום',
    queues: [{ queue_id: 'q1', cc_queue_id: 'ccq1', queue_name: 'Support' }],
    agents: [{ user_id: 'u1', display_name: 'Agent One' }],
    country_name: 'United States',
    sms_types: ['sms'],
    total_sent_messages: '4',
    total_received_messages: 3,
    total_sent_files: 0,
    total_received_files: 0,
  };
}

function pageBody(pageIndex: number, pages: number): string {
  const sms = Array.from({ length: PAGE }, (_, k) => record(pageIndex * PAGE + k));
  return JSON.stringify({
    next_page_token: pageIndex + 1 < pages ? `p${pageIndex + 1}` : '',
    page_size: PAGE,
    total_records: pages * PAGE,
    sms,
  });
}

/** In-process Zoom: pages generated on demand (or from a fixed body), token endpoint answered too. */
function inProcess(pages: number, fixedBody?: string): Transport {
  return async (req) => {
    if (req.method === 'POST')
      return { status: 200, headers: {}, body: '{"access_token":"t","expires_in":3600}' };
    const token = new URL(req.url).searchParams.get('next_page_token');
    const index = token ? Number(token.slice(1)) : 0;
    const body =
      fixedBody && index + 1 < pages
        ? fixedBody.replace('"next_page_token":"p1"', `"next_page_token":"p${index + 1}"`)
        : pageBody(index, pages);
    return { status: 200, headers: {}, body };
  };
}

function client(transport: Transport) {
  let now = Date.UTC(2026, 1, 1);
  return createZoomClient({
    auth: { accessToken: 'bench' },
    transport,
    clock: { now: () => now },
    sleep: async (ms) => {
      now += ms;
    },
    budget: { perSecond: 1e6, daily: 1e12 },
  });
}

async function parseThroughput(): Promise<void> {
  const pages = 2000;
  const body = pageBody(0, pages);
  const bytes = Buffer.byteLength(body);
  // Baseline: JSON.parse alone on the same bytes.
  let t = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < pages; i++) sink += (JSON.parse(body) as { sms: unknown[] }).sms.length;
  const parseOnlyS = Number(process.hrtime.bigint() - t) / 1e9;
  // Whole stack: request → parse → validate → paginate.
  const c = client(inProcess(pages, body));
  t = process.hrtime.bigint();
  let n = 0;
  // Counts records as received (the fixed body repeats its ids, so the dedupe would hide them).
  for await (const page of c.sms.pages({ from: '2026-01-01', to: '2026-01-31' }, { concurrency: 1 }))
    n += page.page.sms.length;
  const stackS = Number(process.hrtime.bigint() - t) / 1e9;
  const parseRate = sink / parseOnlyS;
  const stackRate = n / stackS;
  console.log(`page: ${PAGE} records, ${(bytes / 1024).toFixed(1)} KiB`);
  console.log(`JSON.parse alone:            ${Math.round(parseRate).toLocaleString('en-US')} records/s`);
  console.log(`fetch-parse-validate (core): ${Math.round(stackRate).toLocaleString('en-US')} records/s`);
  console.log(`ratio core / JSON.parse:     ${(stackRate / parseRate).toFixed(2)}`);
}

async function streamingMemory(label: string, from: string, to: string, concurrency: number): Promise<void> {
  const records = 1_000_000;
  const c0 = client(inProcess(1));
  const windows = c0.windowsFor({ from, to }).length;
  const pagesPerWindow = Math.ceil(records / PAGE / windows);
  const before = process.memoryUsage().rss;
  let peak = before;
  let peakLive = 0;
  const c = client(inProcessWindows(pagesPerWindow));
  let n = 0;
  const t = process.hrtime.bigint();
  for await (const _ of c.sms.records({ from, to }, { concurrency })) {
    if (++n % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    if (n % 100_000 === 0 && globalThis.gc) {
      globalThis.gc();
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
    }
  }
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  const mib = (b: number) => (b / 1024 / 1024).toFixed(0);
  console.log(
    `${label}: ${n.toLocaleString('en-US')} records in ${windows} window(s), ${s.toFixed(1)} s ` +
      `(${Math.round(n / s).toLocaleString('en-US')} records/s); RSS before ${mib(before)} MiB, peak ${mib(peak)} MiB; live heap after GC peak ${mib(peakLive)} MiB`,
  );
}

/** Like inProcess, but each window (by its `from`) gets its own ids. */
function inProcessWindows(pagesPerWindow: number): Transport {
  return async (req) => {
    if (req.method === 'POST')
      return { status: 200, headers: {}, body: '{"access_token":"t","expires_in":3600}' };
    const url = new URL(req.url);
    const token = url.searchParams.get('next_page_token');
    const index = token ? Number(token.slice(1)) : 0;
    const windowOffset = (Date.parse(url.searchParams.get('from') ?? '') || 0) / 1000;
    const sms = Array.from({ length: PAGE }, (_, k) => record(windowOffset * 1000 + index * PAGE + k));
    const next = index + 1 < pagesPerWindow ? `p${index + 1}` : '';
    return {
      status: 200,
      headers: {},
      body: JSON.stringify({ next_page_token: next, page_size: PAGE, sms }),
    };
  };
}

await parseThroughput();
await streamingMemory('a year (12 month windows, 4 at once)', '2025-01-01', '2025-12-31', 4);
await streamingMemory('one window of 1,000,000', '2026-01-01', '2026-01-31', 1);
