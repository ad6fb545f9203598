/**
 * AES-256-GCM payload codec, so consumer phone numbers (filters, failure messages, heartbeat cursors)
 * never reach Temporal's history in clear. The key is worker/client configuration (`ZCC_CODEC_KEY`,
 * base64 of 32 bytes); several keys may be given for rotation — payloads name the key that sealed them.
 *
 * Wire format of an encrypted payload: metadata `encoding: binary/encrypted`, `encryption-key-id: <id>`;
 * data = 12-byte IV ‖ ciphertext ‖ 16-byte tag, of the original payload serialised as JSON.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { sibling } from './module-path.ts';

const ENCODING = 'binary/encrypted';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface AesGcmCodecOptions {
  /** Keys by id (each 32 bytes). */
  readonly keys: Readonly<Record<string, Uint8Array>>;
  /** Key used to encrypt; the others only decrypt. */
  readonly currentKeyId: string;
}

/**
 * @example
 * const codec = createAesGcmCodec({ keys: { k1: Buffer.from(process.env.ZCC_CODEC_KEY!, 'base64') }, currentKeyId: 'k1' });
 */
export function createAesGcmCodec(options: AesGcmCodecOptions): PayloadCodec {
  for (const [id, key] of Object.entries(options.keys)) {
    if (key.length !== 32)
      throw new Error(
        `Codec key "${id}" has ${key.length} bytes; AES-256 needs 32 (base64 of 32 random bytes)`,
      );
  }
  const current = options.keys[options.currentKeyId];
  if (!current) throw new Error(`Codec key id "${options.currentKeyId}" is not among the configured keys`);
  return {
    async encode(payloads) {
      return payloads.map((payload) => {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', current, iv);
        const sealed = Buffer.concat([
          cipher.update(serialise(payload)),
          cipher.final(),
          cipher.getAuthTag(),
        ]);
        return {
          metadata: {
            encoding: encoder.encode(ENCODING),
            'encryption-key-id': encoder.encode(options.currentKeyId),
          },
          data: Buffer.concat([iv, sealed]),
        };
      });
    },
    async decode(payloads) {
      return payloads.map((payload) => {
        const encoding = payload.metadata?.encoding;
        if (!encoding || decoder.decode(encoding) !== ENCODING) return payload;
        const keyId = decoder.decode(payload.metadata?.['encryption-key-id'] ?? new Uint8Array());
        const key = options.keys[keyId];
        if (!key)
          throw new Error(`Payload sealed with codec key "${keyId}", which this process does not have`);
        const data = Buffer.from(payload.data ?? new Uint8Array());
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
        decipher.setAuthTag(data.subarray(data.length - 16));
        const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
        return deserialise(plain);
      });
    },
  };
}

/** Keys from configuration: `ZCC_CODEC_KEY` (current, id `ZCC_CODEC_KEY_ID` or `default`) and optional `ZCC_CODEC_OLD_KEYS` (`id:base64,…`). */
export function codecFromEnv(env: Readonly<Record<string, string | undefined>>): PayloadCodec | undefined {
  const key = env.ZCC_CODEC_KEY?.trim();
  if (!key) return undefined;
  const currentKeyId = env.ZCC_CODEC_KEY_ID?.trim() || 'default';
  const keys: Record<string, Uint8Array> = { [currentKeyId]: Buffer.from(key, 'base64') };
  for (const entry of (env.ZCC_CODEC_OLD_KEYS ?? '').split(',').filter(Boolean)) {
    const [id, value] = entry.split(':');
    if (id && value) keys[id.trim()] = Buffer.from(value.trim(), 'base64');
  }
  return createAesGcmCodec({ keys, currentKeyId });
}

/** The data converter for workers and clients: the codec, and failure attributes encoded so it covers them. */
export function encryptedDataConverter(codec: PayloadCodec | undefined): DataConverter {
  return {
    failureConverterPath: sibling('./failure-converter', import.meta.url),
    ...(codec ? { payloadCodecs: [codec] } : {}),
  };
}

function serialise(payload: Payload): Buffer {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload.metadata ?? {}))
    if (v) metadata[k] = Buffer.from(v).toString('base64');
  return Buffer.from(
    JSON.stringify({ metadata, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') }),
  );
}

function deserialise(bytes: Buffer): Payload {
  const parsed = JSON.parse(bytes.toString('utf8')) as { metadata: Record<string, string>; data: string };
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(parsed.metadata)) metadata[k] = Buffer.from(v, 'base64');
  return { metadata, data: Buffer.from(parsed.data, 'base64') };
}
