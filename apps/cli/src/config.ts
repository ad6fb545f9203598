/**
 * Configuration, in order of precedence: flags, then the process environment, then a `.env` file in the
 * working directory (or `--env-file`). The environment beats `.env`, as with dotenv: a value exported in
 * the shell is the one the user meant for this run.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkAccountId, DEFAULT_BASE_URL, DEFAULT_TOKEN_URL } from '@zcc-sms/core';
import { UsageError } from './cli-error.ts';
import { type CommandContext, type FlagTable, type FlagValues, stringFlag } from './command.ts';
import { parseDotenv } from './dotenv.ts';
import { addEnvSecrets, type Redactor } from './redactor.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export const ENV_FILE_FLAG: FlagTable = {
  'env-file': {
    type: 'string',
    value: 'FILE',
    description: 'Read variables from FILE instead of ./.env',
    group: 'Configuration',
  },
};

export const ZOOM_FLAGS: FlagTable = {
  'account-id': {
    type: 'string',
    value: 'ID',
    description: 'Zoom account ID (overrides ZOOM_ACCOUNT_ID)',
    group: 'Zoom connection',
  },
  'sub-account': {
    type: 'string',
    value: 'ID',
    description:
      "Read this sub-account through Zoom's master-account API (/accounts/ID/contact_center/sms) with a master account's credentials (overrides ZOOM_SUB_ACCOUNT_ID)",
    group: 'Zoom connection',
  },
  'client-id': {
    type: 'string',
    value: 'ID',
    description: 'S2S OAuth client ID (overrides ZOOM_CLIENT_ID)',
    group: 'Zoom connection',
  },
  'client-secret': {
    type: 'string',
    value: 'SECRET',
    description:
      'S2S OAuth client secret (overrides ZOOM_CLIENT_SECRET; visible to `ps`, prefer the environment)',
    group: 'Zoom connection',
  },
  'api-base-url': {
    type: 'string',
    value: 'URL',
    description: `API base URL (ZOOM_API_BASE_URL, default ${DEFAULT_BASE_URL})`,
    group: 'Zoom connection',
  },
  'token-url': {
    type: 'string',
    value: 'URL',
    description: `OAuth token URL (ZOOM_OAUTH_TOKEN_URL, default ${DEFAULT_TOKEN_URL})`,
    group: 'Zoom connection',
  },
  ...ENV_FILE_FLAG,
};

/**
 * Variables that make zcc-sms run a program or send the client credentials somewhere: a `.env` in the
 * working directory (perhaps a cloned repository's) may set them, so the user is told where they came from.
 */
const NOTICED: Readonly<Record<string, string>> = {
  TEMPORAL_CLI_PATH: 'zcc-sms runs that program to start the embedded Temporal',
  ZOOM_OAUTH_TOKEN_URL: 'your Zoom client ID and secret are sent there',
};

/**
 * The process environment layered over `.env` (missing default `.env` is fine; a missing `--env-file` is
 * not). Registers the environment's secrets with the redactor and says which risky variables came from the
 * file (one notice line each on stderr).
 */
export function loadEnv(ctx: Pick<CommandContext, 'io' | 'flags' | 'redactor' | 'message'>): Env {
  const { io, flags } = ctx;
  const explicit = stringFlag(flags, 'env-file');
  const name = explicit ?? './.env';
  const path = resolve(io.cwd, explicit ?? '.env');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (explicit === undefined && code === 'ENOENT') {
      addEnvSecrets(ctx.redactor, io.env);
      return io.env;
    }
    throw new UsageError(
      `--env-file ${JSON.stringify(explicit ?? '.env')} cannot be read (${code ?? 'error'}); check the path`,
    );
  }
  const file = parseDotenv(text, explicit ?? '.env');
  const env = { ...file, ...io.env };
  addEnvSecrets(ctx.redactor, env);
  for (const [key, consequence] of Object.entries(NOTICED)) {
    const value = file[key]?.trim();
    if (!value || io.env[key] !== undefined) continue;
    // A token URL beside the client secret in the same file sends that file's own secret (the user's
    // .env, or `zcc-sms sandbox > .env`): only a secret from elsewhere could be led away by it.
    if (key === 'ZOOM_OAUTH_TOKEN_URL' && secretFromFile(file, io.env, flags)) continue;
    ctx.message(`notice: ${key}=${value} comes from ${name}: ${consequence}`);
  }
  return env;
}

function secretFromFile(file: Env, env: Env, flags: FlagValues): boolean {
  return (
    Boolean(file.ZOOM_CLIENT_SECRET?.trim()) &&
    env.ZOOM_CLIENT_SECRET === undefined &&
    stringFlag(flags, 'client-secret') === undefined
  );
}

export interface ZoomConfig {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly baseUrl: string;
  readonly tokenUrl: string;
  /**
   * A sub-account read through the master-account twin (`--sub-account`, `ZOOM_SUB_ACCOUNT_ID`). Not
   * `--account-id`: that flag already names the credential's own account (`ZOOM_ACCOUNT_ID`).
   */
  readonly subAccountId?: string | undefined;
}

function checkUrl(value: string, name: string, flag: string, example: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // fall through to the error below
  }
  throw new UsageError(
    `${flag} (${name}) ${JSON.stringify(value)} is not an http(s) URL; use a URL such as ${example}`,
  );
}

/** Zoom settings from flags > environment > `.env`. Registers the secret with the redactor at once. */
export function zoomConfig(env: Env, flags: FlagValues, redactor: Redactor): ZoomConfig {
  const pick = (flag: string, name: string): string | undefined => {
    const value = stringFlag(flags, flag) ?? env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const clientSecret = pick('client-secret', 'ZOOM_CLIENT_SECRET');
  redactor.add(clientSecret);
  const need = (flag: string, name: string, value: string | undefined): string => {
    if (value !== undefined) return value;
    throw new UsageError(
      `${name} is not set; set it in the environment or in .env (or pass --${flag}) to the value from your Server-to-Server OAuth app in the Zoom App Marketplace. No Zoom account? Try \`zcc-sms sandbox\` or \`zcc-sms demo\`.`,
    );
  };
  const subAccount = pick('sub-account', 'ZOOM_SUB_ACCOUNT_ID');
  return {
    subAccountId: checkAccountId(
      stringFlag(flags, 'sub-account') === undefined ? 'ZOOM_SUB_ACCOUNT_ID' : '--sub-account',
      subAccount,
    ),
    accountId: need('account-id', 'ZOOM_ACCOUNT_ID', pick('account-id', 'ZOOM_ACCOUNT_ID')),
    clientId: need('client-id', 'ZOOM_CLIENT_ID', pick('client-id', 'ZOOM_CLIENT_ID')),
    clientSecret: need('client-secret', 'ZOOM_CLIENT_SECRET', clientSecret),
    baseUrl: checkUrl(
      pick('api-base-url', 'ZOOM_API_BASE_URL') ?? DEFAULT_BASE_URL,
      'ZOOM_API_BASE_URL',
      '--api-base-url',
      DEFAULT_BASE_URL,
    ),
    tokenUrl: checkUrl(
      pick('token-url', 'ZOOM_OAUTH_TOKEN_URL') ?? DEFAULT_TOKEN_URL,
      'ZOOM_OAUTH_TOKEN_URL',
      '--token-url',
      DEFAULT_TOKEN_URL,
    ),
  };
}
