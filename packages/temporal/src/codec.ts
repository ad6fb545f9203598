/**
 * AES-256-GCM payload codec, so consumer phone numbers (filters, failure messages, heartbeat cursors)
 * never reach Temporal's history in clear. The key is worker/client configuration (`ZCC_CODEC_KEY`,
 * base64 of 32 bytes); several keys may be given for rotation — payloads name the key that sealed them.
 *
 * Wire format of an encrypted payload: metadata `encoding: binary/encrypted`, `encryption-key-id: <id>`;
 * data = 12-byte IV ‖ ciphertext ‖ 16-byte tag, of the original payload serialised as JSON.
 *
 * A process with a codec refuses an unencrypted payload unless `acceptPlaintext` is set: otherwise anyone
 * who can write to the namespace (a signal, a workflow started without the key) could feed it clear-text
 * input, and a misconfigured client would go unnoticed. The opt-in exists for workflows started before
 * encryption was enabled.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { codecKeysFromEnv } from './codec-keys.ts';
import { sibling } from './module-path.ts';

/** `metadata.encoding` of a sealed payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
const ENCODING = ENCRYPTED_ENCODING;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Keys of the AES-256-GCM payload codec: all keys by id, the one that encrypts, and whether clear text is accepted.
 *
 * @example
 * const options: AesGcmCodecOptions = { keys: { k2: newKey, k1: oldKey }, currentKeyId: 'k2' }; // k1 still decrypts
 */
export interface AesGcmCodecOptions {
  /** Keys by id (each 32 bytes). */
  readonly keys: Readonly<Record<string, Uint8Array>>;
  /** Key used to encrypt; the others only decrypt. */
  readonly currentKeyId: string;
  /** Pass unencrypted payloads through on decode (migrating histories from before encryption). Default false. */
  readonly acceptPlaintext?: boolean | undefined;
}

/**
 * A payload this process cannot open: wrong key, unknown key id, or clear text where encryption is required.
 *
 * @example
 * if (error instanceof CodecError) console.error('check ZCC_CODEC_KEY and ZCC_CODEC_OLD_KEYS on this process');
 */
export class CodecError extends Error {
  /** The class name as a literal, so it survives bundling. */
  override readonly name = 'CodecError';
}

/**
 * A payload codec that seals workflow inputs, results and heartbeats with AES-256-GCM (32-byte keys).
 *
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
        if (!encoding || decoder.decode(encoding) !== ENCODING) {
          if (options.acceptPlaintext) return payload;
          throw new CodecError(
            `Refusing an unencrypted payload (encoding ${JSON.stringify(encoding ? decoder.decode(encoding) : null)}): this process encrypts with codec key "${options.currentKeyId}" and expects every payload sealed. Start workflows with a client that has ZCC_CODEC_KEY; to finish workflows started before encryption was enabled, set ZCC_CODEC_ACCEPT_PLAINTEXT=true until they are done.`,
          );
        }
        const keyId = decoder.decode(payload.metadata?.['encryption-key-id'] ?? new Uint8Array());
        const key = options.keys[keyId];
        if (!key) {
          throw new CodecError(
            `Payload sealed with codec key "${keyId}", which this process does not have (it has ${Object.keys(
              options.keys,
            )
              .map((id) => `"${id}"`)
              .join(', ')}); add that key to ZCC_CODEC_OLD_KEYS as ${keyId}:BASE64`,
          );
        }
        return deserialise(open(key, keyId, Buffer.from(payload.data ?? new Uint8Array())));
      });
    },
  };
}

function open(key: Uint8Array, keyId: string, data: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
  } catch {
    // Node says only "Unsupported state or unable to authenticate data".
    throw new CodecError(
      `Payload sealed with codec key "${keyId}" does not decrypt with the key this process has under that id: the key does not match (or the payload was altered). Configure the key that id had when the payload was sealed (ZCC_CODEC_KEY with ZCC_CODEC_KEY_ID, or ZCC_CODEC_OLD_KEYS after a rotation).`,
    );
  }
}

/**
 * The codec from `ZCC_CODEC_KEY`, `ZCC_CODEC_KEY_ID`, `ZCC_CODEC_OLD_KEYS` and `ZCC_CODEC_ACCEPT_PLAINTEXT`
 * (codec-keys.ts); `undefined` without a key. Throws a `ZoomInputError` naming the variable for bad input.
 *
 * @example
 * const codec = codecFromEnv(process.env); // undefined when ZCC_CODEC_KEY is not set
 */
export function codecFromEnv(env: Readonly<Record<string, string | undefined>>): PayloadCodec | undefined {
  const config = codecKeysFromEnv(env);
  return config && createAesGcmCodec(config);
}

/**
 * The data converter for workers and clients: the codec, and failure attributes encoded so it covers them.
 *
 * @example
 * const client = new Client({ connection, dataConverter: encryptedDataConverter(codecFromEnv(process.env)) });
 */
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
