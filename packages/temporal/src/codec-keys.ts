/**
 * Codec configuration from the environment, checked before anything connects (pure):
 *
 * - `ZCC_CODEC_KEY`: base64 of 32 random bytes, the key that seals new payloads, under id
 *   `ZCC_CODEC_KEY_ID` (default `default`).
 * - `ZCC_CODEC_OLD_KEYS`: `id:base64,…`, keys that only open payloads sealed before a rotation. An entry
 *   with the current id is refused: it would silently replace the sealing key (or be shadowed by it), and
 *   payloads sealed under that id would stop decoding.
 * - `ZCC_CODEC_ACCEPT_PLAINTEXT`: `true` lets a codec-enabled process read unencrypted payloads — only for
 *   migrating workflows started before encryption was enabled; otherwise a plain payload is refused.
 *
 * Errors name the variable, the key id and the fix, never a key.
 */
import { ZoomInputError } from '@zcc-sms/core';

export interface CodecKeys {
  readonly keys: Readonly<Record<string, Uint8Array>>;
  readonly currentKeyId: string;
  readonly acceptPlaintext: boolean;
}

const KEY_FIX = 'use base64 of 32 random bytes, e.g. `openssl rand -base64 32`';
const ID = /^[A-Za-z0-9._-]{1,64}$/;

function decodeKey(variable: string, id: string, base64: string): Uint8Array {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32 || key.toString('base64') !== base64.replace(/\s+/g, '')) {
    throw new ZoomInputError(
      variable,
      `${id}:…`,
      `holds a key that is not base64 of 32 bytes (${key.length} decoded)`,
      KEY_FIX,
    );
  }
  return key;
}

function flag(variable: string, value: string | undefined): boolean {
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '' || text === 'false' || text === '0' || text === 'no') return false;
  if (text === 'true' || text === '1' || text === 'yes') return true;
  throw new ZoomInputError(variable, value, 'is not a boolean', 'use true or false');
}

/** The configured keys, or `undefined` when `ZCC_CODEC_KEY` is unset (no encryption). */
export function codecKeysFromEnv(env: Readonly<Record<string, string | undefined>>): CodecKeys | undefined {
  const key = env.ZCC_CODEC_KEY?.trim();
  if (!key) return undefined;
  const currentKeyId = env.ZCC_CODEC_KEY_ID?.trim() || 'default';
  if (!ID.test(currentKeyId)) {
    throw new ZoomInputError(
      'ZCC_CODEC_KEY_ID',
      currentKeyId,
      'is not a key id',
      'use 1-64 letters, digits, ".", "_" or "-"',
    );
  }
  const keys: Record<string, Uint8Array> = { [currentKeyId]: decodeKey('ZCC_CODEC_KEY', currentKeyId, key) };
  for (const entry of (env.ZCC_CODEC_OLD_KEYS ?? '').split(',')) {
    if (entry.trim() === '') continue;
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon).trim();
    if (!ID.test(id)) {
      throw new ZoomInputError(
        'ZCC_CODEC_OLD_KEYS',
        `${id || '(no id)'}:…`,
        'is not an id:base64 entry',
        'write each old key as id:base64, separated by commas, e.g. 2025-q4:BASE64',
      );
    }
    if (id === currentKeyId) {
      throw new ZoomInputError(
        'ZCC_CODEC_OLD_KEYS',
        `${id}:…`,
        `reuses the current key id "${id}" (ZCC_CODEC_KEY_ID)`,
        'give the new key its own id in ZCC_CODEC_KEY_ID and keep the old key under the id it sealed with',
      );
    }
    if (keys[id]) {
      throw new ZoomInputError(
        'ZCC_CODEC_OLD_KEYS',
        `${id}:…`,
        'names this key id twice',
        'keep one entry per id',
      );
    }
    keys[id] = decodeKey('ZCC_CODEC_OLD_KEYS', id, entry.slice(colon + 1).trim());
  }
  return {
    keys,
    currentKeyId,
    acceptPlaintext: flag('ZCC_CODEC_ACCEPT_PLAINTEXT', env.ZCC_CODEC_ACCEPT_PLAINTEXT),
  };
}
