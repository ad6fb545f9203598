/**
 * `node bench/accounts-throughput.ts`: many accounts at once (issue 14). One multi-account backfill fans out a
 * child per account; one worker holds every account's credentials (as `ZOOM_ACCOUNTS_FILE` gives them); a real
 * Temporal dev server; the sandbox in this process, each account with its own data and its own per-second limit,
 * in real time. Prints the aggregate request rate ÷ the sum of the accounts' limits, wall ÷ floor, 429s, the
 * worker's CPU per 1,000 records and whether every account landed its exact set. Not part of `pnpm bench`: its
 * row in REPORT.md is kept by hand. Knobs: ZCC_ACCOUNTS (default 10), ZCC_ACCOUNT_RECORDS (records per
 * account, default 6,000 over 6 months), ZCC_ACCOUNT_RPS (each account's limit, default 5: Pro),
 * ZCC_ACCOUNT_LATENCY_MS (default 100).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { type SandboxAccountOptions, startSandbox } from '@zcc-sms/sandbox';
import {
  bundleBackfillWorkflows,
  createBackfillWorker,
  parseZoomAccounts,
  startMultiAccountBackfill,
} from '@zcc-sms/temporal';
import { startTemporalDevServer } from '@zcc-sms/testkit';

const accounts = Number(process.env.ZCC_ACCOUNTS ?? 10);
const recordsEach = Number(process.env.ZCC_ACCOUNT_RECORDS ?? 6_000);
const perSecond = Number(process.env.ZCC_ACCOUNT_RPS ?? 5);
const latencyMs = Number(process.env.ZCC_ACCOUNT_LATENCY_MS ?? 100);
const range = { from: '2025-01-01', to: '2025-06-30' };
const data = { from: '2025-01-01', to: '2025-07-01', lateFraction: 0 };
const names = Array.from({ length: accounts }, (_, i) => `acct-${String(i).padStart(2, '0')}`);

Runtime.install({ logger: new DefaultLogger('ERROR') });
const others: SandboxAccountOptions[] = names.slice(1).map((name) => ({
  name,
  dataset: { ...data, records: recordsEach },
  rateLimit: { perSecond, daily: null },
}));
const sandbox = await startSandbox({
  seed: 1414,
  clock: { mode: 'accelerated', factor: 1, start: '2025-08-01T12:00:00Z' },
  name: names[0],
  dataset: { ...data, records: recordsEach },
  rateLimit: { perSecond, daily: null },
  latencyMs,
  accounts: others,
});
const temporal = await startTemporalDevServer();
const root = await mkdtemp(join(tmpdir(), 'zcc-bench-accounts-'));
const connection = await Connection.connect({ address: temporal.address });
const client = new Client({ connection });
const taskQueue = 'bench-accounts';
const worker = await createBackfillWorker(
  {
    temporal: { connection: { address: temporal.address }, namespace: 'default' },
    taskQueue,
    zoom: { baseUrl: sandbox.baseUrl, tokenUrl: sandbox.tokenUrl },
    accounts: parseZoomAccounts(
      {
        accounts: Object.fromEntries(
          names.map((name) => {
            const c = sandbox.account(name).credentials;
            return [name, { accountId: c.accountId, clientId: c.clientId, clientSecret: c.clientSecret }];
          }),
        ),
      },
      'bench accounts',
    ),
    postgres: {},
    ndjsonRoot: root,
    workerShare: 1,
    maxConcurrentWindows: 6 * accounts,
  },
  { workflowBundle: await bundleBackfillWorkflows() },
);
const running = worker.run();

try {
  sandbox.control.resetStats();
  const cpu = process.cpuUsage();
  const started = Date.now();
  const { handle } = await startMultiAccountBackfill(
    client,
    {
      ...range,
      accounts: names.map((account) => ({ account, sink: { type: 'ndjson', dir: join(root, account) } })),
      options: { rate: { perSecond, daily: 10_000_000 }, pageSize: 100, windowConcurrency: 6 },
    },
    { taskQueue },
  );
  await handle.result();
  const wallS = (Date.now() - started) / 1000;
  const used = process.cpuUsage(cpu);

  let landed = 0;
  let minimum = 0;
  let floorS = 0;
  let exact = true;
  for (const name of names) {
    const ids = await ndjsonIds(join(root, name));
    const truth = new Set(sandbox.account(name).groundTruth(range));
    exact &&=
      ids.length === truth.size && new Set(ids).size === ids.length && ids.every((id) => truth.has(id));
    landed += ids.length;
    const pages = monthlyPages((query) => sandbox.account(name).groundTruth(query).length);
    minimum += pages;
    floorS = Math.max(floorS, pages / perSecond);
  }
  const stats = sandbox.stats();
  const rate = stats.apiRequests / wallS;
  console.log(
    `${accounts} accounts × 6 months, ${recordsEach.toLocaleString('en-US')} records each, ${perSecond} req/s each ` +
      `(Σ ${accounts * perSecond} req/s), ${latencyMs} ms latency, 1 worker, ${cpus().length} cores: ` +
      `${landed.toLocaleString('en-US')} records, ${stats.apiRequests} requests (minimum ${minimum}), ` +
      `${stats.rateLimited.perSecond + stats.rateLimited.daily} × 429, wall ${wallS.toFixed(1)} s, floor ${floorS.toFixed(1)} s, ` +
      `wall ÷ floor ${(wallS / floorS).toFixed(2)}, aggregate ${rate.toFixed(1)} req/s = ` +
      `${(rate / (accounts * perSecond)).toFixed(2)} of the sum of the limits, ` +
      `worker + sandbox CPU ${(((used.user + used.system) / 1000 / landed) * 1000).toFixed(0)} ms per 1,000 records, ` +
      `exact sets: ${exact ? 'yes' : 'NO'}`,
  );
} finally {
  worker.shutdown();
  await running.catch(() => undefined);
  await connection.close();
  await temporal.stop();
  await sandbox.stop();
  await rm(root, { recursive: true, force: true });
}

/** Σ ⌈records of a month ÷ 100⌉ over the range's six months: the fewest requests one account can take. */
function monthlyPages(count: (query: { from: string; to: string }) => number): number {
  let pages = 0;
  for (let month = 1; month <= 6; month++) {
    const from = `2025-${String(month).padStart(2, '0')}-01`;
    const last = new Date(Date.UTC(2025, month, 0)).getUTCDate();
    pages += Math.ceil(count({ from, to: `2025-${String(month).padStart(2, '0')}-${last}` }) / 100);
  }
  return pages;
}

async function ndjsonIds(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.ndjson'))) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n'))
      if (line !== '') ids.push((JSON.parse(line) as { engagement_id: string }).engagement_id);
  }
  return ids;
}
