/**
 * The export loop: a plan first (the core's `planExport`: each month's first page tells its size and is the
 * month's first page of the export too), then every window paged by cursors that split the busiest one while
 * paging (`split: 'steal'`, the default: no probes, about a page per split; or, with `probe`, busy months
 * bisected into sub-windows before paging when `favor` is `time`), then every window paged concurrently under one rate
 * budget (the core's `sms.pages`, which also drops records repeated across shared window edges and
 * page-token restarts), each record written once to the sink, progress sampled after every page.
 */
import { type CostEstimate, etaMs, type Favor, planExport, type SmsQuery } from '@zcc-sms/core';
import type { NodeZoomClient } from '@zcc-sms/core/node';
import type { RecordFormat } from './output/record-format.ts';
import type { TextSink } from './output/text-sink.ts';
import type { ProgressSnapshot, WindowProgress } from './progress/format.ts';
import { createRateMeter } from './progress/rate-meter.ts';

export interface ExportOptions {
  readonly client: NodeZoomClient;
  readonly query: SmsQuery;
  readonly format: RecordFormat;
  readonly sink: TextSink;
  /** Windows paged at once; default: the plan's recommendation. */
  readonly concurrency: number | undefined;
  readonly favor: Favor;
  /** How busy months get several cursors: split lazily while paging (`steal`) or bisected first (`probe`). */
  readonly split: 'steal' | 'probe';
  readonly pageSize: number;
  readonly signal: AbortSignal;
  readonly now: () => number;
  readonly onProgress: (snapshot: ProgressSnapshot) => void;
  /** The latest retry or rate-limit wait, for the display (progress/retry-notice.ts). */
  readonly notice?: ((now: number) => string | undefined) | undefined;
}

export interface ExportResult {
  readonly records: number;
  readonly windows: number;
  readonly concurrency: number;
  readonly estimate: CostEstimate;
  readonly elapsedMs: number;
  /** Records per month (`yyyy-mm` of `start_time`), for summaries. */
  readonly perMonth: Readonly<Record<string, number>>;
}

export async function exportRecords(options: ExportOptions): Promise<ExportResult> {
  const { client, sink, format } = options;
  const started = options.now();
  const { estimate, windows, concurrency, prefetched } = await planExport(client, options.query, {
    favor: options.favor,
    split: options.split,
    pageSize: options.pageSize,
    concurrency: options.concurrency,
    signal: options.signal,
  });
  const plannedRequests = new Map(estimate.windows.map((w) => [w.window.id, w.requests]));
  const meter = createRateMeter();
  const totals = new Map<string, number>();
  const done = new Set<string>();
  const perMonth: Record<string, number> = {};
  let records = 0;

  const snapshot = (): ProgressSnapshot => {
    const now = options.now();
    const stats = client.stats();
    meter.sample(now, stats.requests, records);
    return {
      windowsDone: done.size,
      windowsTotal: windows.length,
      records,
      requests: stats.requests,
      requestRate: meter.requestRate(),
      recordRate: meter.recordRate(),
      estimatedTotal: done.size === windows.length ? records : estimatedRecords(),
      etaMs: etaMs(remainingRequests(), estimate.limits, now, stats.usedToday),
      elapsedMs: now - started,
      waitingUntil: stats.waitingUntil,
      pagesDone: [...pagesDone.values()].reduce((a, b) => a + b, 0),
      pagesPlanned: estimate.totalRequests,
      rateLimit: stats.rate,
      quotaLeft: stats.dailyLimit - stats.usedToday,
      dailyLimit: stats.dailyLimit,
      windows: inFlight(stats.waitingUntil !== undefined && stats.waitingUntil > now),
      notice: options.notice?.(now),
    };
  };

  // Windows with a page fetched and more to come. The core does not say which window a retry or a 429
  // belongs to, so a window is `fetching` unless the whole run waits for the daily quota.
  const inFlight = (waitingForQuota: boolean): WindowProgress[] =>
    [...pagesDone]
      .filter(([id]) => !done.has(id))
      .map(([id, pages]) => ({
        id,
        pages,
        records: windowRecords.get(id) ?? 0,
        plannedPages: plannedRequests.get(id),
        state: waitingForQuota ? 'waiting for the daily quota' : 'fetching',
      }));
  const windowRecords = new Map<string, number>();

  // The plan's records per window, corrected by what Zoom's `total_records` said since for each window
  // paged (records may arrive late): the bar's denominator.
  const plannedRecords = new Map(estimate.windows.map((w) => [w.window.id, w.records]));
  const estimatedRecords = (): number => {
    let sum = 0;
    for (const [id, planned] of plannedRecords) sum += totals.get(id) ?? planned;
    return sum;
  };

  // Requests still to make: each window's planned requests minus the pages it has fetched.
  const pagesDone = new Map<string, number>();
  const remainingRequests = (): number => {
    let left = 0;
    for (const [id, planned] of plannedRequests) left += Math.max(0, planned - (pagesDone.get(id) ?? 0));
    return left;
  };

  await sink.write(format.header);
  const ticker = setInterval(() => options.onProgress(snapshot()), 250);
  try {
    for await (const page of client.sms.pages(options.query, {
      concurrency,
      pageSize: options.pageSize,
      windows,
      prefetched,
      estimate,
      steal: options.split === 'steal',
      signal: options.signal,
    })) {
      let text = '';
      for (const record of page.records) {
        text += format.line(record);
        const month = record.start_time?.slice(0, 7) ?? 'unknown';
        perMonth[month] = (perMonth[month] ?? 0) + 1;
      }
      records += page.records.length;
      windowRecords.set(page.window.id, page.cursor.records);
      if (page.cursor.totalRecords !== undefined) totals.set(page.window.id, page.cursor.totalRecords);
      pagesDone.set(page.window.id, (pagesDone.get(page.window.id) ?? 0) + 1);
      // With splits a month has several cursors: its own one finishing is the best sign it is done.
      if (page.cursor.done && page.cursor.windowId === page.window.id) done.add(page.window.id);
      await sink.write(text);
      options.onProgress(snapshot());
    }
  } finally {
    clearInterval(ticker);
  }
  return {
    records,
    windows: windows.length,
    concurrency,
    estimate,
    elapsedMs: options.now() - started,
    perMonth,
  };
}
