/**
 * An `s3` sink spec (workflow input: bucket, prefix, format — never an endpoint or a key) checked and
 * normalised, and the sink made from it with the worker's store settings.
 */
import { OBJECT_FORMATS, type ObjectFormat } from './object-format.ts';
import type { ObjectStoreSettings } from './object-settings.ts';
import { createObjectSink } from './object-sink.ts';
import { createObjectStore } from './object-store.ts';
import { type BackfillSink, SinkConfigError, type SinkSpec } from './sink.ts';

/** What an `s3` spec selects, normalised: `prefix` is `''` or ends with `/`. */
export interface ObjectTarget {
  readonly bucket: string;
  readonly prefix: string;
  readonly format: ObjectFormat;
}

// S3's bucket naming rules (3–63 characters; lower-case letters, digits, dots, hyphens), which R2, MinIO
// and GCS share.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Checks an `s3` spec; `SinkConfigError` names the field, the value and the fix. */
export function objectTarget(spec: SinkSpec): ObjectTarget {
  const unknown = Object.keys(spec).find((k) => !['type', 'bucket', 'prefix', 'format'].includes(k));
  if (unknown !== undefined) {
    // An endpoint or a key in workflow input would let whoever starts a workflow aim this worker's
    // credentials at a host of their choosing, and put secrets in history.
    throw new SinkConfigError(
      `sink.${unknown}: the s3 sink takes only bucket, prefix and format; the endpoint, region and keys are the worker's (ZCC_S3_ENDPOINT, AWS_REGION, AWS_ACCESS_KEY_ID)`,
    );
  }
  const bucket = spec.bucket;
  if (typeof bucket !== 'string' || !BUCKET.test(bucket)) {
    throw new SinkConfigError(
      `sink.bucket: ${JSON.stringify(bucket ?? null)} is not a bucket name; use 3–63 lower-case letters, digits, dots or hyphens, e.g. sms-archive`,
    );
  }
  const rawPrefix = spec.prefix ?? '';
  if (typeof rawPrefix !== 'string' || rawPrefix.length > 512) {
    throw new SinkConfigError(
      `sink.prefix: ${JSON.stringify(rawPrefix)} is not a key prefix; use a path such as zoom/sms/`,
    );
  }
  const trimmed = rawPrefix.replace(/^\/+/, '');
  const prefix = trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
  const format = spec.format ?? 'ndjson';
  if (!OBJECT_FORMATS.includes(format as ObjectFormat)) {
    throw new SinkConfigError(
      `sink.format: ${JSON.stringify(format)} is not a format of the s3 sink; use ${OBJECT_FORMATS.join(' or ')}`,
    );
  }
  return { bucket, prefix, format: format as ObjectFormat };
}

/** The sink for an `s3` spec, on the worker's store (`SinkConfigError` without settings or keys). */
export function createObjectSinkFromSpec(
  spec: SinkSpec,
  settings: ObjectStoreSettings | undefined,
): BackfillSink {
  const target = objectTarget(spec);
  if (!settings) {
    throw new SinkConfigError(
      'sink s3: this worker has no object store configured; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and ZCC_S3_ENDPOINT for a non-AWS store) in the worker environment',
    );
  }
  return createObjectSink({
    store: createObjectStore(target.bucket, settings),
    prefix: target.prefix,
    format: target.format,
  });
}
