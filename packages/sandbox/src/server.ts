/**
 * The HTTP front: tracking id on every response, routing, request log and concurrency accounting.
 * The List SMS path is kept free of per-request URL objects and promises (a page should cost its search and
 * encoding, not its framing): the target is split once (request-target.ts), the handler runs synchronously
 * unless latency is configured, and the page writes the tracking id with its own headers.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { accountForClient } from './accounts.ts';
import { handleAdmin } from './admin-handler.ts';
import type { SandboxControl } from './control.ts';
import { httpDate, readBody, sendJson, TRACKING_HEADER } from './http-io.ts';
import { basicCredentials, handleTokenRequest } from './oauth.ts';
import { parseTarget, splitRequestTarget } from './request-target.ts';
import type { SandboxState } from './sandbox-state.ts';
import { nextTrackingId } from './sandbox-state.ts';
import { handleSms } from './sms-handler.ts';
import { INTERNAL_ERROR, METHOD_NOT_ALLOWED, NOT_FOUND } from './zoom-errors.ts';

const SMS_PATH = /^\/v2\/(?:accounts\/([^/]+)\/)?contact_center\/sms\/?$/;

async function handleToken(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  search: string,
  origin: string,
) {
  const body = await readBody(req);
  const isForm = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
  // Each S2S app belongs to one account: the client id picks whose credentials, scope and tokens apply.
  const account = accountForClient(state, basicCredentials(req.headers.authorization)?.id);
  const result = handleTokenRequest(
    {
      query: new URLSearchParams(search),
      form: new URLSearchParams(isForm ? body : ''),
      authorization: req.headers.authorization,
    },
    {
      credentials: account.credentials,
      store: account.tokens,
      scope: account.grantedScope,
      nowMs: state.clock.now(),
      apiOrigin: origin,
    },
  );
  if ('issued' in result) state.stats.count('tokensIssued');
  sendJson(res, result.status, result.body, {
    'cache-control': 'no-store',
    date: httpDate(state.clock.now()),
  });
}

function failed(res: ServerResponse, trackingId: string): void {
  if (!res.headersSent) {
    res.setHeader(TRACKING_HEADER, trackingId);
    sendJson(res, INTERNAL_ERROR.status, INTERNAL_ERROR.body);
  } else res.destroy();
}

export function createRequestListener(
  state: SandboxState,
  control: SandboxControl,
  origin: () => string,
): RequestListener {
  return (req, res) => {
    const trackingId = nextTrackingId(state);
    const target = req.url ?? '/';
    const { path, search } = splitRequestTarget(target);
    if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
      res.setHeader(TRACKING_HEADER, trackingId);
      void handleAdmin(state, control, req, res, parseTarget(target));
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
          search,
          status: res.headersSent ? res.statusCode : 0,
          durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
        },
        sms !== null,
      );
    });
    if (sms !== null && req.method === 'GET') {
      try {
        handleSms(state, req, res, search, sms[1] ?? null, trackingId)?.catch(() => failed(res, trackingId));
      } catch {
        failed(res, trackingId);
      }
      return;
    }
    res.setHeader(TRACKING_HEADER, trackingId);
    const work = async (): Promise<void> => {
      if (path === '/oauth/token') {
        if (req.method !== 'POST') return sendJson(res, 405, METHOD_NOT_ALLOWED.body);
        return handleToken(state, req, res, search, origin());
      }
      if (sms) return sendJson(res, 405, METHOD_NOT_ALLOWED.body);
      sendJson(res, NOT_FOUND.status, NOT_FOUND.body);
    };
    work().catch(() => failed(res, trackingId));
  };
}
