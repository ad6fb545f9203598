/**
 * `/_sandbox/…`: control over HTTP for demos, other processes and the CLI. No authentication — the
 * sandbox listens on 127.0.0.1 by default; never expose it beyond loopback.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxControl } from './control.ts';
import type { FaultKind } from './faults.ts';
import { groundTruthIds, groundTruthRecords } from './ground-truth.ts';
import { readBody, sendJson } from './http-io.ts';
import type { RateLimitSetting } from './rate-limit.ts';
import type { SandboxState } from './sandbox-state.ts';

export const ADMIN_ENDPOINTS = [
  'GET  /_sandbox/stats',
  'POST /_sandbox/stats/reset',
  'GET  /_sandbox/requests?limit=N',
  'GET  /_sandbox/ground-truth?<List SMS params>',
  'GET  /_sandbox/records?<List SMS params>',
  'GET  /_sandbox/clock | POST {"advanceMs":n} or {"set":"ISO"}',
  'GET  /_sandbox/variants | POST {partial variants}',
  'GET  /_sandbox/faults | POST {fault config} (replaces)',
  'POST /_sandbox/fail-next {"kind":"…","count":n}',
  'GET  /_sandbox/rate-limit | POST "pro"|"business"|"none"|{"perSecond":n,"daily":n}',
  'POST /_sandbox/tokens/revoke',
  'POST /_sandbox/page-tokens/expire',
  'GET  /_sandbox/process (memory and CPU usage of the sandbox process)',
];

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

function clockBody(control: SandboxControl): Record<string, unknown> {
  return { now: control.clock.nowIso(), nowMs: control.clock.now() };
}

async function route(
  state: SandboxState,
  control: SandboxControl,
  method: string,
  path: string,
  url: URL,
  req: IncomingMessage,
): Promise<unknown> {
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /_sandbox':
    case 'GET /_sandbox/':
      return { endpoints: ADMIN_ENDPOINTS, dataset: { records: state.dataset.size } };
    case 'GET /_sandbox/stats':
      return state.stats.snapshot();
    case 'POST /_sandbox/stats/reset':
      control.resetStats();
      return state.stats.snapshot();
    case 'GET /_sandbox/requests':
      return { requests: control.requestLog(Number(url.searchParams.get('limit') ?? 1000)) };
    case 'GET /_sandbox/ground-truth': {
      const ids = groundTruthIds(state, url.searchParams);
      return { engagement_ids: ids, count: ids.length };
    }
    case 'GET /_sandbox/records': {
      const sms = groundTruthRecords(state, url.searchParams);
      return { sms, count: sms.length };
    }
    case 'GET /_sandbox/clock':
      return clockBody(control);
    case 'POST /_sandbox/clock': {
      const body = (await jsonBody(req)) as { advanceMs?: number; set?: string | number };
      if (body.set !== undefined) control.clock.set(body.set);
      if (typeof body.advanceMs === 'number') control.clock.advance(body.advanceMs);
      return clockBody(control);
    }
    case 'GET /_sandbox/variants':
      return control.variants();
    case 'POST /_sandbox/variants':
      return control.setVariants((await jsonBody(req)) as Record<string, never>);
    case 'GET /_sandbox/faults':
      return control.faults();
    case 'POST /_sandbox/faults':
      control.setFaults((await jsonBody(req)) as Record<string, never>);
      return control.faults();
    case 'POST /_sandbox/fail-next': {
      const body = (await jsonBody(req)) as { kind?: FaultKind; count?: number };
      control.failNext(body.kind as FaultKind, body.count ?? 1);
      return { ok: true };
    }
    case 'GET /_sandbox/rate-limit':
      return control.rateLimit();
    case 'POST /_sandbox/rate-limit':
      return control.setRateLimit((await jsonBody(req)) as RateLimitSetting);
    case 'POST /_sandbox/tokens/revoke':
      control.revokeTokens();
      return { ok: true };
    case 'POST /_sandbox/page-tokens/expire':
      control.expirePageTokens();
      return { ok: true };
    case 'GET /_sandbox/process':
      return { memory: process.memoryUsage(), cpu: process.cpuUsage(), uptimeSec: process.uptime() };
    default:
      return undefined;
  }
}

export async function handleAdmin(
  state: SandboxState,
  control: SandboxControl,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  try {
    const result = await route(state, control, req.method ?? 'GET', url.pathname, url, req);
    if (result === undefined)
      sendJson(res, 404, { error: `No admin endpoint ${req.method} ${url.pathname}` });
    else sendJson(res, 200, result);
  } catch (error) {
    sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}
