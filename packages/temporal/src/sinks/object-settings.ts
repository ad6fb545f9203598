/**
 * Where the object-storage sink connects, from the worker's environment only. Workflow input names a
 * bucket and a prefix; the endpoint and the credentials stay worker configuration, so whoever can start a
 * workflow can neither read the keys nor send them to a host of their choosing.
 *
 *   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   the standard AWS variables
 *   AWS_REGION (or AWS_DEFAULT_REGION)                            default us-east-1
 *   ZCC_S3_ENDPOINT                 an S3-compatible endpoint: MinIO, R2, GCS's XML API (default AWS)
 *   ZCC_S3_FORCE_PATH_STYLE         1/true: `endpoint/bucket/key` addressing (MinIO, most self-hosted stores)
 *   ZCC_S3_CONDITIONAL_WRITES       0/false for stores without `If-None-Match`/`If-Match` on PutObject
 *                                   (object-store.ts says what is assumed then)
 */
import { ZoomInputError } from '@zcc-sms/core';

/** How a worker reaches its object store. Holds secrets: worker memory only, never logged. */
export interface ObjectStoreSettings {
  /** Signing region. */
  readonly region: string;
  /** A non-AWS endpoint (`https://…`); `undefined` for AWS S3. */
  readonly endpoint?: string | undefined;
  /** Path-style addressing (`endpoint/bucket/key`) instead of virtual-hosted (`bucket.endpoint/key`). */
  readonly forcePathStyle: boolean;
  /** The worker's keys; `undefined` when the environment has none (the sink then refuses to start). */
  readonly credentials?:
    | {
        readonly accessKeyId: string;
        readonly secretAccessKey: string;
        readonly sessionToken?: string | undefined;
      }
    | undefined;
  /** Whether the store honours `If-None-Match: *` and `If-Match` on PutObject (AWS since 2024, R2, MinIO). */
  readonly conditionalWrites: boolean;
}

/**
 * The object store settings from `AWS_*` and `ZCC_S3_*`; throws `ZoomInputError` naming a malformed variable.
 *
 * @example
 * const s3 = objectStoreSettingsFromEnv(process.env); // ZCC_S3_ENDPOINT=http://127.0.0.1:9000, ZCC_S3_FORCE_PATH_STYLE=1
 */
export function objectStoreSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): ObjectStoreSettings {
  const endpoint = env.ZCC_S3_ENDPOINT?.trim() || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    throw new ZoomInputError(
      'ZCC_S3_ENDPOINT',
      endpoint,
      'is not an http(s) URL',
      'use e.g. http://127.0.0.1:9000 (MinIO) or https://<account>.r2.cloudflarestorage.com',
    );
  }
  if (endpoint !== undefined && new URL(endpoint).password !== '') {
    throw new ZoomInputError(
      'ZCC_S3_ENDPOINT',
      'a URL with a password',
      'holds credentials',
      'put the keys in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
    );
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (accessKeyId && !secretAccessKey) {
    throw new ZoomInputError(
      'AWS_SECRET_ACCESS_KEY',
      '(empty)',
      'is missing while AWS_ACCESS_KEY_ID is set',
      'set both keys of the object store',
    );
  }
  const sessionToken = env.AWS_SESSION_TOKEN?.trim() || undefined;
  return {
    region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1',
    endpoint,
    forcePathStyle: flag(env, 'ZCC_S3_FORCE_PATH_STYLE', false),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken } : undefined,
    conditionalWrites: flag(env, 'ZCC_S3_CONDITIONAL_WRITES', true),
  };
}

function flag(env: Readonly<Record<string, string | undefined>>, name: string, fallback: boolean): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (!text) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new ZoomInputError(name, text, 'is not a yes/no value', 'use 1 or 0');
}
