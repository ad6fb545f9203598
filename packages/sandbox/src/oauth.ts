/**
 * Server-to-Server OAuth: `POST /oauth/token?grant_type=account_credentials&account_id=…` with HTTP Basic
 * client credentials (Zoom S2S OAuth docs). Tokens live on the sandbox clock.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ErrorResponse } from './zoom-errors.ts';
import { INVALID_ACCOUNT, INVALID_CLIENT, UNSUPPORTED_GRANT } from './zoom-errors.ts';

/** The Server-to-Server OAuth credentials the sandbox's token endpoint accepts. */
export interface SandboxCredentials {
  /** Account id. */
  accountId: string;
  /** Client id. */
  clientId: string;
  /** Client secret. */
  clientSecret: string;
}

export interface TokenPolicy {
  /** Sandbox seconds a token lives; reported as `expires_in` (Zoom: 3600). */
  lifetimeSec: number;
  /** Uses after which a token stops working (null: unlimited). */
  maxUses: number | null;
  /** Old Zoom behaviour: issuing a token revokes all earlier ones (changelog: no longer the case). */
  newTokenRevokesOld: boolean;
}

interface TokenState {
  expiresAtMs: number;
  uses: number;
  revoked: boolean;
}

export interface TokenStore {
  issue(nowMs: number): string;
  /** Validates and counts one use; `extraMaxUses` is the fault "revoke after N uses". */
  use(token: string, nowMs: number, extraMaxUses: number | null): boolean;
  revokeAll(): void;
  policy(): TokenPolicy;
  setPolicy(patch: Partial<TokenPolicy>): void;
}

export function createTokenStore(initial: TokenPolicy): TokenStore {
  const tokens = new Map<string, TokenState>();
  let policy = { ...initial };
  const prune = (nowMs: number): void => {
    if (tokens.size < 1000) return;
    for (const [token, state] of tokens)
      if (state.revoked || state.expiresAtMs <= nowMs) tokens.delete(token);
  };
  return {
    issue: (nowMs) => {
      prune(nowMs);
      if (policy.newTokenRevokesOld) for (const state of tokens.values()) state.revoked = true;
      // JWT-looking opaque string, like Zoom's; content carries no meaning.
      const token = `eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIn0.${randomBytes(48).toString('base64url')}`;
      tokens.set(token, { expiresAtMs: nowMs + policy.lifetimeSec * 1000, uses: 0, revoked: false });
      return token;
    },
    use: (token, nowMs, extraMaxUses) => {
      const state = tokens.get(token);
      if (!state || state.revoked || nowMs >= state.expiresAtMs) return false;
      let maxUses = policy.maxUses;
      if (extraMaxUses !== null && (maxUses === null || extraMaxUses < maxUses)) maxUses = extraMaxUses;
      if (maxUses !== null && state.uses >= maxUses) return false;
      state.uses++;
      return true;
    },
    revokeAll: () => {
      for (const state of tokens.values()) state.revoked = true;
    },
    policy: () => ({ ...policy }),
    setPolicy: (patch) => {
      policy = { ...policy, ...patch };
    },
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The client id and secret of an HTTP Basic header, or null. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const m = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export interface TokenRequest {
  query: URLSearchParams;
  /** x-www-form-urlencoded body, already parsed (empty when none). */
  form: URLSearchParams;
  authorization: string | undefined;
}

export interface TokenContext {
  credentials: SandboxCredentials;
  store: TokenStore;
  /** The `scope` granted with each token. */
  scope: string;
  nowMs: number;
  apiOrigin: string;
}

export type TokenResult = ErrorResponse | { status: 200; body: Record<string, unknown>; issued: true };

/**
 * Checks in the order an OAuth server authenticates: client first, then grant, then account
 * (order between the three is assumed).
 */
export function handleTokenRequest(req: TokenRequest, ctx: TokenContext): TokenResult {
  const client = basicCredentials(req.authorization);
  if (
    !client ||
    !safeEqual(client.id, ctx.credentials.clientId) ||
    !safeEqual(client.secret, ctx.credentials.clientSecret)
  ) {
    return INVALID_CLIENT;
  }
  const grant = req.query.get('grant_type') ?? req.form.get('grant_type');
  if (grant !== 'account_credentials') return UNSUPPORTED_GRANT;
  const account = req.query.get('account_id') ?? req.form.get('account_id');
  if (account !== ctx.credentials.accountId) return INVALID_ACCOUNT;
  const token = ctx.store.issue(ctx.nowMs);
  return {
    status: 200,
    issued: true,
    body: {
      access_token: token,
      token_type: 'bearer',
      expires_in: ctx.store.policy().lifetimeSec,
      scope: ctx.scope,
      // Zoom's S2S response carries api_url; here it points at the sandbox.
      api_url: ctx.apiOrigin,
    },
  };
}
