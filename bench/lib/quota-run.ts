/**
 * Jobs that span days of quota, on the sandbox's manual clock: the client's sleeps (pacing, the wait for the
 * daily reset) advance that clock, so a day's wait costs no real time. Every wait for the reset outlives the
 * page tokens in flight, which is what these rows measure: requests and pages fetched again, and the days
 * taken against the fewest possible. (Wall time is not comparable here: parallel sleeps each advance the
 * clock.)
 */
import { createZoomClient, type Favor, planExport } from '@zcc-sms/core';
import { createUndiciTransport } from '@zcc-sms/core/node';
import { startSandbox } from '@zcc-sms/sandbox';
import type { Traffic } from './scenarios.ts';

export interface QuotaResult {
  readonly exact: boolean;
  readonly records: number;
  readonly minimum: number;
  readonly requests: number;
  readonly recordsServed: number;
  readonly rateLimited: number;
  readonly days: number;
  readonly minimumDays: number;
  readonly cpuMs: number;
  readonly steals: number;
  readonly restarts: number;
}

const DAY_MS = 86_400_000;

export async function runQuotaJob(
  traffic: Traffic,
  daily: number,
  split: 'steal' | 'probe',
  favor: Favor,
): Promise<QuotaResult> {
  const sandbox = await startSandbox({
    seed: 2026,
    clock: { mode: 'manual', start: '2026-03-01T18:00:00Z' },
    dataset: {
      from: traffic.from,
      to: traffic.to,
      records: traffic.records,
      profile: traffic.profile,
      seed: 2026,
      lateFraction: 0,
    },
    rateLimit: { perSecond: 1000, daily },
  });
  const http = createUndiciTransport();
  try {
    const query = { from: traffic.from, to: traffic.to };
    const truth = sandbox.groundTruth(query);
    let minimum = 0;
    const client = createZoomClient({
      auth: { ...sandbox.credentials, tokenUrl: sandbox.tokenUrl },
      baseUrl: sandbox.baseUrl,
      transport: http.transport,
      clock: { now: () => sandbox.control.clock.now() },
      sleep: async (ms) => {
        sandbox.control.clock.advance(ms);
        await new Promise((r) => setImmediate(r));
      },
      budget: { perSecond: 10, daily, onDailyQuota: 'wait' },
    });
    for (const w of client.windowsFor(query))
      minimum += Math.max(1, Math.ceil(sandbox.groundTruth({ from: w.from, to: w.to }).length / 100));
    const start = sandbox.control.clock.now();
    const cpu = process.cpuUsage();
    const plan = await planExport(client, query, {
      favor,
      split,
      latencyMs: 300,
      limits: { perSecond: 10, daily },
    });
    const ids: string[] = [];
    for await (const page of client.sms.pages(query, {
      windows: plan.windows,
      concurrency: plan.concurrency,
      prefetched: plan.prefetched,
      estimate: plan.estimate,
      steal: split === 'steal',
      latencyMs: 300,
    }))
      for (const r of page.records) ids.push(r.engagement_id);
    const used = process.cpuUsage(cpu);
    const stats = sandbox.stats();
    const end = sandbox.control.clock.now();
    const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
    return {
      exact: ids.length === truth.length && [...ids].sort().join() === [...truth].sort().join(),
      records: truth.length,
      minimum,
      requests: stats.apiRequests,
      recordsServed: stats.recordsServed,
      rateLimited: stats.rateLimited.perSecond + stats.rateLimited.daily,
      days: dayOf(end) - dayOf(start) + 1,
      minimumDays: Math.ceil(minimum / daily),
      cpuMs: (used.user + used.system) / 1000,
      steals: client.stats().steals,
      restarts: client.stats().pageTokenRestarts,
    };
  } finally {
    await http.close();
    await sandbox.stop();
  }
}
