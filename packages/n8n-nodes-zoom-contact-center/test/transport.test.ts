import { ZoomAbortError, ZoomCredentialsError, ZoomNetworkError, ZoomServerError } from '@zcc-sms/core';
import { describe, expect, it } from 'vitest';
import {
  bodyText,
  fromThrown,
  lowerCaseHeaders,
  type N8nSend,
  n8nTransport,
} from '../nodes/ZoomContactCenter/transport/n8n-transport.ts';

/** What n8n throws: a NodeApiError-like wrapper whose `cause` is the original error. */
const wrapped = (cause: unknown) => Object.assign(new Error('wrapped by n8n'), { cause });

describe('fromThrown: what n8n threw → a response or a typed core error', () => {
  it('a 401 that survived n8n’s credential refresh becomes a 401 response for the core to replay', () => {
    const res = fromThrown(wrapped({ response: { status: 401 } }), undefined);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ code: 124 });
  });

  it('rebuilds Zoom errors from the credential bundle by name, keeping retry semantics', () => {
    // A class from another bundle: same name, not instanceof this bundle's classes.
    class ZoomCredentialsErrorCopy extends Error {
      override name = 'ZoomCredentialsError';
      status = 400;
      code = 'invalid_client';
    }
    const credentials = (() => {
      try {
        fromThrown(wrapped(new ZoomCredentialsErrorCopy('Zoom rejected the credentials')), undefined);
      } catch (e) {
        return e;
      }
    })();
    expect(credentials).toBeInstanceOf(ZoomCredentialsError);
    expect((credentials as ZoomCredentialsError).message).toBe('Zoom rejected the credentials');

    class ZoomServerErrorCopy extends Error {
      override name = 'ZoomServerError';
    }
    expect(() => fromThrown(wrapped(new ZoomServerErrorCopy('token endpoint 503')), undefined)).toThrow(
      ZoomServerError,
    );
  });

  it('connection faults are retryable network errors; cancellation is an abort', () => {
    expect(() =>
      fromThrown(wrapped(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), undefined),
    ).toThrow(ZoomNetworkError);
    const controller = new AbortController();
    controller.abort();
    expect(() => fromThrown(new Error('canceled'), controller.signal)).toThrow(ZoomAbortError);
  });

  it('a cause chain that loops ends in a network error instead of hanging', () => {
    const looped: Error & { cause?: unknown } = new Error('wrapped by n8n');
    looped.cause = wrapped(looped);
    expect(() => fromThrown(looped, undefined)).toThrow(ZoomNetworkError);
  });
});

describe('n8nTransport', () => {
  it('lets n8n authenticate, asks for text, and only lets 401 throw on API calls', async () => {
    const seen: Parameters<N8nSend>[0][] = [];
    const send: N8nSend = async (options) => {
      seen.push(options);
      return {
        statusCode: 429,
        headers: { 'X-ZM-TrackingId': 't-1', 'Retry-After': 2 },
        body: '{"code":429}',
      };
    };
    const res = await n8nTransport(send, { authenticated: true })({
      method: 'GET',
      url: 'https://api.zoom.us/v2/contact_center/sms?page_size=1',
      headers: { authorization: 'Bearer core-token', accept: 'application/json' },
    });
    expect(res).toEqual({
      status: 429,
      headers: { 'x-zm-trackingid': 't-1', 'retry-after': '2' },
      body: '{"code":429}',
    });
    expect(seen[0]).toMatchObject({
      headers: { accept: 'application/json' },
      json: false,
      encoding: 'text',
      returnFullResponse: true,
      ignoreHttpStatusErrors: { ignore: true, except: [401] },
    });
    expect(Object.keys(seen[0]!.headers ?? {})).not.toContain('authorization');
  });

  it('normalises bodies and headers whatever shape n8n returns', () => {
    expect(bodyText(new TextEncoder().encode('{"a":1}'))).toBe('{"a":1}');
    expect(bodyText({ a: 1 })).toBe('{"a":1}');
    expect(bodyText(undefined)).toBe('');
    expect(lowerCaseHeaders({ 'Set-Cookie': ['a', 'b'], N: 1, skip: undefined })).toEqual({
      'set-cookie': 'a, b',
      n: '1',
    });
  });
});
