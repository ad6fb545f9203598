/**
 * The few S3 operations the object sink needs, over `@aws-sdk/client-s3` (its SigV4 signing, endpoint
 * and path-style handling are what every S3-compatible store is tested against; moto, our test server,
 * does not verify signatures, so a hand-written signer would go untested).
 *
 * Conditional writes: `putIfAbsent` sends `If-None-Match: *` and `putIfMatch` sends `If-Match: <etag>`,
 * both answered 412 when the condition fails (AWS S3 since 2024, R2, MinIO, moto). With
 * `conditionalWrites: false` (GCS's XML API, older MinIO) they become a HEAD then a plain PUT. ASSUMED
 * then: no two writers race on one key between the HEAD and the PUT — Temporal runs one attempt of a
 * window at a time, so only a zombie attempt past its timeout, or neighbours landing the same edge record
 * in the same instant, could; the docs say so.
 *
 * The SDK is loaded on first use: it costs ~200 ms to import, which commands that never touch object
 * storage (every CLI command imports this package) should not pay.
 *
 * One retry layer: the SDK makes a single attempt; a failed write fails the activity, which Temporal runs
 * again from the window's checkpoint. Errors carry the operation, key, S3 code and status only — never
 * the SDK error (its metadata and cause chain) and never a key: they travel into workflow history.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectStoreSettings } from './object-settings.ts';
import { SinkConfigError } from './sink.ts';

/** An object read back with the ETag a conditional replace needs. */
export interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
}

export interface ObjectStore {
  readonly bucket: string;
  get(key: string): Promise<StoredObject | undefined>;
  put(key: string, body: Uint8Array): Promise<void>;
  /** Creates `key` unless it exists; false when it does. */
  putIfAbsent(key: string, body: Uint8Array): Promise<boolean>;
  /** Replaces `key` while its ETag is still `etag`; false when another writer changed it first. */
  putIfMatch(key: string, body: Uint8Array, etag: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Every key under `prefix`, sorted (pages of 1,000; at most `MAX_LIST_PAGES` pages); with `topLevel`,
   * only those with no further `/` (not the sink's `_zcc-sms/` state).
   */
  list(prefix: string, options?: { topLevel?: boolean }): Promise<string[]>;
  close(): void;
}

/** A listing longer than this many pages (1,000,000 keys) is refused rather than walked without end. */
const MAX_LIST_PAGES = 1_000;

/** A transient object-store failure (network, 5xx, throttling): the activity runs again from its checkpoint. */
export class ObjectStoreError extends Error {
  override readonly name = 'ObjectStoreError';
}

/** S3 error codes no retry can fix: the bucket, the keys or their rights are wrong. */
const CONFIG_CODES: Readonly<Record<string, string>> = {
  NoSuchBucket: 'create the bucket or fix the name in the sink',
  AccessDenied: "grant the worker's keys s3:PutObject, s3:GetObject, s3:DeleteObject and s3:ListBucket on it",
  AllAccessDisabled: 'the bucket is disabled; use another one',
  InvalidAccessKeyId: 'AWS_ACCESS_KEY_ID on the worker is unknown to this store; fix the worker environment',
  SignatureDoesNotMatch:
    'AWS_SECRET_ACCESS_KEY on the worker does not match its key id; fix the worker environment',
  ExpiredToken: 'AWS_SESSION_TOKEN on the worker has expired; renew it and restart the worker',
  InvalidToken: 'AWS_SESSION_TOKEN on the worker is not valid; fix the worker environment',
  PermanentRedirect: 'the bucket is in another region; set AWS_REGION on the worker to it',
  AuthorizationHeaderMalformed: 'the bucket is in another region; set AWS_REGION on the worker to it',
  InvalidBucketName: 'bucket names are 3–63 lower-case letters, digits, dots and hyphens',
};

/**
 * An object store over the S3 API for `bucket`.
 *
 * @example
 * const store = createObjectStore('sms-archive', objectStoreSettingsFromEnv(process.env));
 */
export function createObjectStore(bucket: string, settings: ObjectStoreSettings): ObjectStore {
  const credentials = settings.credentials;
  if (!credentials) {
    throw new SinkConfigError(
      'sink s3: the worker has no object-store credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ' +
        '(and AWS_SESSION_TOKEN for temporary keys) in the worker environment',
    );
  }
  let loading: Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | undefined;
  const connect = () => {
    loading ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: settings.region,
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        forcePathStyle: settings.forcePathStyle,
        credentials,
        maxAttempts: 1,
        // Checksum headers only where S3 requires them: R2, GCS and older MinIO reject the newer defaults.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    }));
    return loading;
  };
  const secrets = [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken];
  const call = async <T>(operation: string, key: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw storeError(operation, `s3://${bucket}/${key}`, error, secrets);
    }
  };

  async function head(key: string): Promise<string | undefined> {
    try {
      const { client, sdk } = await connect();
      const out = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
      return out.ETag ?? '';
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw storeError('HeadObject', `s3://${bucket}/${key}`, error, secrets);
    }
  }

  async function conditionalPut(key: string, body: Uint8Array, condition: object): Promise<boolean> {
    try {
      const { client, sdk } = await connect();
      await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...condition }));
      return true;
    } catch (error) {
      // 409 ConditionalRequestConflict: a concurrent conditional write to the key is in flight.
      if (status(error) === 412 || status(error) === 409) return false;
      throw storeError('PutObject', `s3://${bucket}/${key}`, error, secrets);
    }
  }

  return {
    bucket,
    async get(key) {
      try {
        const { client, sdk } = await connect();
        const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array());
        return { body, etag: out.ETag ?? '' };
      } catch (error) {
        if (status(error) === 404 && errorCode(error) !== 'NoSuchBucket') return undefined;
        throw storeError('GetObject', `s3://${bucket}/${key}`, error, secrets);
      }
    },
    async put(key, body) {
      const { client, sdk } = await connect();
      await call('PutObject', key, () =>
        client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body })),
      );
    },
    async putIfAbsent(key, body) {
      if (settings.conditionalWrites) return await conditionalPut(key, body, { IfNoneMatch: '*' });
      if ((await head(key)) !== undefined) return false;
      await this.put(key, body);
      return true;
    },
    async putIfMatch(key, body, etag) {
      if (settings.conditionalWrites) return await conditionalPut(key, body, { IfMatch: etag });
      if ((await head(key)) !== etag) return false;
      await this.put(key, body);
      return true;
    },
    async delete(key) {
      const { client, sdk } = await connect();
      await call('DeleteObject', key, () =>
        client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key })),
      );
    },
    async list(prefix, options = {}) {
      const { client, sdk } = await connect();
      const keys: string[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        const out = await call('ListObjectsV2', prefix, () =>
          client.send(
            new sdk.ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ContinuationToken: token,
              ...(options.topLevel ? { Delimiter: '/' } : {}),
            }),
          ),
        );
        for (const item of out.Contents ?? []) if (item.Key !== undefined) keys.push(item.Key);
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
        if (token === undefined) return keys.sort();
      }
      throw new SinkConfigError(
        `sink s3: s3://${bucket}/${prefix} holds more than ${MAX_LIST_PAGES * 1000} objects; use a fresh prefix`,
      );
    },
    close() {
      void loading?.then(({ client }) => client.destroy()).catch(() => undefined);
    },
  };
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function errorCode(error: unknown): string {
  const e = error as { Code?: unknown; name?: unknown; code?: unknown };
  // S3's code, else the SDK's error name, else a network errno (`ECONNREFUSED` beats a bare `Error`).
  for (const c of [e?.Code, e?.name === 'Error' ? undefined : e?.name, e?.code]) {
    if (typeof c === 'string' && c !== '') return c;
  }
  return 'Error';
}

/** A configuration mistake becomes `SinkConfigError` (stops the backfill), anything else stays retryable. */
function storeError(
  operation: string,
  where: string,
  error: unknown,
  secrets: ReadonlyArray<string | undefined>,
): Error {
  const code = errorCode(error);
  const http = status(error);
  let detail = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) if (secret) detail = detail.split(secret).join('[redacted]');
  const text = `${operation} ${where}: ${code}${http ? ` (HTTP ${http})` : ''}: ${detail}`;
  const fix = CONFIG_CODES[code];
  if (fix !== undefined || http === 403) {
    return new SinkConfigError(`sink s3: ${text}; ${fix ?? CONFIG_CODES.AccessDenied}`);
  }
  return new ObjectStoreError(`object store: ${text}`);
}
