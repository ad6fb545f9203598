/**
 * The HTTP front: tracking id on every response, routing, request log and concurrency accounting.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { handleAdmin } from './admin-handler.ts';
import type { SandboxControl } from './control.ts';
import { readBody, sendJson } from './http-io.ts';
import { handleTokenRequest } from './oauth.ts';
import type { SandboxState } from './sandbox-state.ts';
import { nextTrackingId } from './sandbox-state.ts';
import { handleSms } from './sms-handler.ts';
import { INTERNAL_ERROR, METHOD_NOT_ALLOWED, NOT_FOUND } from './zoom-errors.ts';

const SMS_PATH = /^\/v2\/(?:accounts\/([^/]+)\/)?contact_center\/sms\/?$/;

async function handleToken(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  origin: string,
) {
  const body = await readBody(req);
  const isForm = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
  const result = handleTokenRequest(
    {
      query: url.searchParams,
      form: new URLSearchParams(isForm ? body : ''),
      authorization: req.headers.authorization,
    },
    { credentials: state.credentials, store: state.tokens, nowMs: state.clock.now(), apiOrigin: origin },
  );
  if ('issued' in result) state.stats.count('tokensIssued');
  sendJson(res, result.status, result.body, { 'cache-control': 'no-store' });
}

export function createRequestListener(
  state: SandboxState,
  control: SandboxControl,
  origin: () => string,
): RequestListener {
  return (req, res) => {
    res.setHeader('x-zm-trackingid', nextTrackingId(state));
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname;
    if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
      void handleAdmin(state, control, req, res, url);
      return;
    }
    const sms = SMS_PATH.exec(path);
    const startedAt = performance.now();
    const atMs = state.clock.now();
    state.stats.begin();
    res.on('close', () => {
      state.stats.end(
        {
          atMs,
          method: req.method ?? 'GET',
          path,
          search: url.search,
          status: res.headersSent ? res.statusCode : 0,
          durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
        },
        sms !== null,
      );
    });
    const work = async (): Promise<void> => {
      if (path === '/oauth/token') {
        if (req.method !== 'POST') return sendJson(res, 405, METHOD_NOT_ALLOWED.body);
        return handleToken(state, req, res, url, origin());
      }
      if (sms) {
        if (req.method !== 'GET') return sendJson(res, 405, METHOD_NOT_ALLOWED.body);
        return handleSms(state, req, res, url, sms[1] ?? null);
      }
      sendJson(res, NOT_FOUND.status, NOT_FOUND.body);
    };
    work().catch(() => {
      if (!res.headersSent) sendJson(res, INTERNAL_ERROR.status, INTERNAL_ERROR.body);
      else res.destroy();
    });
  };
}
