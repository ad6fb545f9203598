/**
 * Last line of defence before the terminal: the core's `redactSecrets` (token shapes) plus every secret
 * value this process knows literally (the client secret from any source), so a secret is never printed,
 * even inside a `--debug` stack trace or an echoed URL.
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
      for (const secret of secrets) out = out.split(secret).join('[redacted]');
      return out;
    },
    add(secret) {
      if (secret !== undefined && secret.length >= 4) secrets.add(secret);
    },
  };
}
