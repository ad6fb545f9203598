/** authStage alone: a scripted token provider and an inner `Send` that answers by the bearer it was sent. */
import { describe, expect, it } from 'vitest';
import type { TokenProvider } from '../src/auth.ts';
import { authStage, MAX_TOKENS_PER_REQUEST } from '../src/auth-stage.ts';
import { ZoomAuthError, ZoomNetworkError, ZoomServerError } from '../src/errors.ts';
import { silentLogger } from '../src/logger.ts';
import type { Call, Send } from '../src/request-stage.ts';

const CALL: Call = { url: 'https://api.zoom.test/v2/x', target: 'https://api.zoom.test/v2/x', headers: {} };

type TokenRequest = Parameters<TokenProvider['getToken']>[0];

/** tok-1, tok-2, …: a fresh token for each forced refresh of the current one, like the S2S provider. */
function rotatingTokens() {
  const asked: TokenRequest[] = [];
  let current = 1;
  const tokens: TokenProvider = {
    async getToken(request) {
      asked.push(request);
      if (request?.force && request.rejected === `tok-${current}`) current += 1;
      return `tok-${current}`;
    },
  };
  return { tokens, asked };
}

/** Sends through `authorization` as sendStage would, and answers with `answer(bearer)`. */
function inner(answer: (bearer: string) => string): { send: Send<string>; bearers: string[] } {
  const bearers: string[] = [];
  const send: Send<string> = async (call) => {
    const bearer = (await call.authorization?.()) ?? '(none)';
    bearers.push(bearer);
    return answer(bearer);
  };
  return { send, bearers };
}

const reject401 = () => {
  throw new ZoomAuthError('HTTP 401', { status: 401 });
};

function stage(tokens: TokenProvider) {
  const stats = { tokenRefreshes: 0 };
  return { stats, wrap: authStage({ tokens, logger: silentLogger, stats }) };
}

describe('authStage', () => {
  it('hands down a bearer that fetches the token only when the request is sent', async () => {
    const { tokens, asked } = rotatingTokens();
    let sent: Call | undefined;
    const send = stage(tokens).wrap(async (call: Call) => {
      sent = call;
      return 'ok';
    });
    await send(CALL);
    expect(asked).toEqual([]);
    expect(await sent?.authorization?.()).toBe('Bearer tok-1');
  });

  it('refreshes once on a 401 and replays with the fresh token', async () => {
    const { tokens, asked } = rotatingTokens();
    const { stats, wrap } = stage(tokens);
    const wire = inner((bearer) => (bearer === 'Bearer tok-1' ? reject401() : 'ok'));
    await expect(wrap(wire.send)(CALL)).resolves.toBe('ok');
    expect(wire.bearers).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(asked[1]).toMatchObject({ force: true, rejected: 'tok-1' });
    expect(stats.tokenRefreshes).toBe(1);
  });

  it('a token rejected twice ends the request (a static token is not refreshed in a loop)', async () => {
    const fixed: TokenProvider = { getToken: async () => 'fixed' };
    const { stats, wrap } = stage(fixed);
    const wire = inner(reject401);
    await expect(wrap(wire.send)(CALL)).rejects.toBeInstanceOf(ZoomAuthError);
    expect(wire.bearers).toEqual(['Bearer fixed', 'Bearer fixed']);
    expect(stats.tokenRefreshes).toBe(1);
  });

  it(`tries at most ${MAX_TOKENS_PER_REQUEST} distinct tokens before the 401 is final`, async () => {
    const { tokens } = rotatingTokens();
    const wire = inner(reject401);
    await expect(stage(tokens).wrap(wire.send)(CALL)).rejects.toBeInstanceOf(ZoomAuthError);
    expect(wire.bearers).toHaveLength(MAX_TOKENS_PER_REQUEST + 1);
  });

  it('remembers rejected tokens across the retries of one request', async () => {
    const fixed: TokenProvider = { getToken: async () => 'fixed' };
    const { stats, wrap } = stage(fixed);
    let sends = 0;
    const send = wrap(async (call: Call) => {
      await call.authorization?.();
      sends += 1;
      // 401, then (after the replay) a 503 the retry stage would retry, then 401 again.
      if (sends === 2) throw new ZoomServerError('HTTP 503', { status: 503 });
      return reject401();
    });
    await expect(send(CALL)).rejects.toBeInstanceOf(ZoomServerError);
    await expect(send(CALL)).rejects.toBeInstanceOf(ZoomAuthError);
    expect(sends).toBe(3);
    expect(stats.tokenRefreshes).toBe(1);
  });

  it('a 401 before any token was used (the token endpoint) is passed on, not replayed', async () => {
    const failing: TokenProvider = {
      getToken: async () => {
        throw new ZoomAuthError('token endpoint HTTP 401', { status: 401 });
      },
    };
    const { stats, wrap } = stage(failing);
    await expect(wrap(inner(() => 'ok').send)(CALL)).rejects.toBeInstanceOf(ZoomAuthError);
    expect(stats.tokenRefreshes).toBe(0);
  });

  it('a refresh that fails is that attempt’s failure; the next attempt asks for the refresh again', async () => {
    const asked: TokenRequest[] = [];
    let refreshFails = true;
    const tokens: TokenProvider = {
      async getToken(request) {
        asked.push(request);
        if (!request?.force) return 'tok-1';
        if (refreshFails) throw new ZoomNetworkError('connect ECONNREFUSED');
        return 'tok-2';
      },
    };
    const send = stage(tokens).wrap(inner((bearer) => (bearer === 'Bearer tok-1' ? reject401() : 'ok')).send);
    await expect(send(CALL)).rejects.toBeInstanceOf(ZoomNetworkError);
    refreshFails = false;
    await expect(send(CALL)).resolves.toBe('ok');
    expect(asked.map((r) => r?.force === true)).toEqual([false, true, true]);
  });
});
