/**
 * The sandbox in a child process (its own core), so the benchmark's CPU figures are the client's alone and
 * the sandbox never competes with the client for one event loop. Controlled through its admin endpoints.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export interface RemoteSandbox {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly credentials: { accountId: string; clientId: string; clientSecret: string };
  /** Sandbox clock (epoch ms) when the process was ready, and the wall time it was read at. */
  readonly clockAtStart: { sandboxMs: number; wallMs: number };
  groundTruth(query: Record<string, string>): Promise<string[]>;
  stats(): Promise<{
    apiRequests: number;
    recordsServed: number;
    rateLimited: { perSecond: number; daily: number };
  }>;
  /** The `export ZOOM_…` environment the sandbox printed, for spawning the CLI at it. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export interface SandboxProcessOptions {
  readonly from: string;
  readonly to: string;
  readonly records: number;
  readonly profile: string;
  readonly seed: number;
  readonly perSecond: number;
  readonly daily: number;
  readonly latencyMs: number;
  readonly speedup: number;
  readonly clockStart: string;
}

const BIN = fileURLToPath(new URL('../../packages/sandbox/src/bin.ts', import.meta.url));

async function getJson<T>(url: string): Promise<T> {
  const res = await request(url);
  return (await res.body.json()) as T;
}

export async function startSandboxProcess(o: SandboxProcessOptions): Promise<RemoteSandbox> {
  const args = [
    BIN,
    ['--records', o.records],
    ['--from', o.from],
    ['--to', o.to],
    ['--profile', o.profile],
    ['--seed', o.seed],
    ['--late-fraction', 0],
    ['--plan', `${o.perSecond}/${o.daily}`],
    ['--latency-ms', o.latencyMs],
    ['--clock', `accelerated:${o.speedup}@${o.clockStart}`],
  ]
    .flat()
    .map(String);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const env: Record<string, string> = {};
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const m = /^export (ZOOM_[A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replace(/^'(.*)'$/, '$1');
    if (Object.keys(env).length === 5) break;
  }
  if (Object.keys(env).length < 5) throw new Error('the sandbox process did not print its ZOOM_* lines');
  const origin = new URL(env.ZOOM_API_BASE_URL!).origin;
  const wallMs = Date.now();
  const clock = await getJson<{ nowMs: number }>(`${origin}/_sandbox/clock`);
  return {
    baseUrl: env.ZOOM_API_BASE_URL!,
    tokenUrl: env.ZOOM_OAUTH_TOKEN_URL!,
    credentials: {
      accountId: env.ZOOM_ACCOUNT_ID!,
      clientId: env.ZOOM_CLIENT_ID!,
      clientSecret: env.ZOOM_CLIENT_SECRET!,
    },
    clockAtStart: { sandboxMs: clock.nowMs, wallMs },
    env,
    groundTruth: async (query) =>
      (
        await getJson<{ engagement_ids: string[] }>(
          `${origin}/_sandbox/ground-truth?${new URLSearchParams(query)}`,
        )
      ).engagement_ids,
    stats: () => getJson(`${origin}/_sandbox/stats`),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
