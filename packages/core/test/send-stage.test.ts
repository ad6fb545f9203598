/** sendStage, classifyStage and wire alone: a manual clock and a transport that records what it got. */
import { describe, expect, it } from 'vitest';
import { classifyStage } from '../src/classify-stage.ts';
import { ZoomDailyQuotaError, ZoomNetworkError, ZoomServerError } from '../src/errors.ts';
import { type Call, compose, type Stage } from '../src/request-stage.ts';
import { sendStage, wire } from '../src/send-stage.ts';
import type { TransportRequest, TransportResponse } from '../src/transport.ts';
import { manualClock } from './support/fakes.ts';

const URL = 'https://api.zoom.test/v2/contact_center/sms';
const CALL: Call = { url: URL, target: `${URL}?from=2026-01-01`, headers: { accept: 'application/json' } };

describe('sendStage', () => {
  it('puts the token on the request, counts it and smooths the latency of successes', async () => {
    const clock = manualClock();
    const stats = { requests: 0, latencyMs: 0 };
    const seen: Call[] = [];
    let took = 400;
    const send = sendStage({ clock, stats })(async (call: Call) => {
      seen.push(call);
      clock.advance(took);
      return 'ok';
    });
    await send({ ...CALL, authorization: async () => 'Bearer tok-1' });
    expect(seen[0]?.headers).toEqual({ authorization: 'Bearer tok-1', accept: 'application/json' });
    expect(stats).toEqual({ requests: 1, latencyMs: 400 });
    took = 900;
    await send(CALL);
    expect(seen[1]?.headers).toEqual({ accept: 'application/json' });
    expect(stats).toEqual({ requests: 2, latencyMs: 400 * 0.8 + 900 * 0.2 });
  });

  it('a token that cannot be had is no request sent; a failed request leaves the latency alone', async () => {
    const clock = manualClock();
    const stats = { requests: 0, latencyMs: 0 };
    let sent = 0;
    const send = sendStage({ clock, stats })(async () => {
      sent += 1;
      throw new ZoomServerError('HTTP 503', { status: 503 });
    });
    const noToken = async (): Promise<string> => {
      throw new ZoomNetworkError('token endpoint unreachable');
    };
    await expect(send({ ...CALL, authorization: noToken })).rejects.toBeInstanceOf(ZoomNetworkError);
    expect(sent).toBe(0);
    expect(stats.requests).toBe(0);
    await expect(send(CALL)).rejects.toBeInstanceOf(ZoomServerError);
    expect(stats).toEqual({ requests: 1, latencyMs: 0 });
  });
});

describe('classifyStage', () => {
  const clock = manualClock();
  const answer = (res: TransportResponse) => async () => res;
  const parse = (res: TransportResponse, url: string) => ({ body: res.body, url });

  it('hands a 2xx to the parser with the URL without its query', async () => {
    const send = classifyStage(parse, clock)(answer({ status: 204, headers: {}, body: '{}' }));
    await expect(send(CALL)).resolves.toEqual({ body: '{}', url: URL });
  });

  it('turns any other status into the typed error, naming the URL without its query', async () => {
    const busy = classifyStage(
      parse,
      clock,
    )(answer({ status: 503, headers: { 'x-zm-trackingid': 'TRK' }, body: '{"code":-1,"message":"busy"}' }));
    const error = (await busy(CALL).catch((e: unknown) => e)) as ZoomServerError;
    expect(error).toBeInstanceOf(ZoomServerError);
    expect(error).toMatchObject({ status: 503, trackingId: 'TRK', url: URL });
    const daily = classifyStage(
      parse,
      clock,
    )(answer({ status: 429, headers: { 'x-ratelimit-type': 'Daily-limit' }, body: '' }));
    await expect(daily(CALL)).rejects.toBeInstanceOf(ZoomDailyQuotaError);
  });

  it('lets a parser failure through as it is', async () => {
    const failure = new ZoomServerError('from the parser');
    const send = classifyStage(() => {
      throw failure;
    }, clock)(answer({ status: 200, headers: {}, body: '' }));
    await expect(send(CALL)).rejects.toBe(failure);
  });
});

describe('wire', () => {
  it('sends one GET to the target with the call’s headers and signal', async () => {
    const got: TransportRequest[] = [];
    const signal = new AbortController().signal;
    const send = wire(async (request) => {
      got.push(request);
      return { status: 200, headers: {}, body: '' };
    });
    await send({ ...CALL, signal });
    expect(got).toEqual([
      { method: 'GET', url: `${URL}?from=2026-01-01`, headers: { accept: 'application/json' }, signal },
    ]);
  });
});

describe('compose', () => {
  it('wraps the innermost send in the stages, the first one outermost', async () => {
    const order: string[] = [];
    const tagged =
      (name: string): Stage =>
      (next) =>
      async (call) => {
        order.push(`${name} in`);
        const value = await next(call);
        order.push(`${name} out`);
        return value;
      };
    const send = compose([tagged('outer'), tagged('inner')], async () => {
      order.push('wire');
      return 'ok';
    });
    await expect(send(CALL)).resolves.toBe('ok');
    expect(order).toEqual(['outer in', 'inner in', 'wire', 'inner out', 'outer out']);
  });
});
