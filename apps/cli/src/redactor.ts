/**
 * Last line of defence before the terminal: the core's `redactSecrets` (token shapes) plus every secret
 * value this process knows literally (the client secret from any source, the secrets of the environment
 * and `.env` — `addEnvSecrets`), so a secret is never printed, even inside a `--debug` stack trace, an
 * error's cause chain or an echoed URL.
 */
import { redactSecrets } from '@zcc-sms/core';

export interface Redactor {
  redact(text: string): string;
  /** Adds a value to hide from now on (ignored when too short to be a secret). */
  add(secret: string | undefined): void;
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  return {
    redact(text) {
      let out = redactSecrets(text);
      // Longest first, so a secret that contains another is hidden whole.
      for (const secret of [...secrets].sort((a, b) => b.length - a.length))
        out = out.split(secret).join('[redacted]');
      return out;
    },
    add(secret) {
      if (secret !== undefined && secret.length >= 4) secrets.add(secret);
    },
  };
}

/** Variables whose whole value is a secret. */
const SECRET_VARIABLES = [
  'ZOOM_CLIENT_SECRET',
  'ZCC_CODEC_KEY',
  'TEMPORAL_API_KEY',
  'PGPASSWORD',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
];

/** The password of a connection string, URL (`postgres://u:p@h/db`) or keyword form (`password=p`). */
export function connectionPassword(value: string): string | undefined {
  if (URL.canParse(value)) {
    const password = new URL(value).password;
    return password === '' ? undefined : password;
  }
  return /(?:^|\s)password\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S+))/.exec(value)?.slice(1).find(Boolean);
}

/** Registers every secret the environment holds: API keys, codec keys, PostgreSQL passwords. */
export function addEnvSecrets(redactor: Redactor, env: Readonly<Record<string, string | undefined>>): void {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value.trim() === '') continue;
    if (SECRET_VARIABLES.includes(key)) redactor.add(value.trim());
    if (key === 'ZCC_CODEC_OLD_KEYS') {
      for (const entry of value.split(',')) redactor.add(entry.slice(entry.indexOf(':') + 1).trim());
    }
    if (key === 'ZCC_PG_URL' || key.startsWith('ZCC_PG_URL_')) {
      const password = connectionPassword(value.trim());
      redactor.add(password);
      if (password !== undefined) redactor.add(safeDecode(password));
    }
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
