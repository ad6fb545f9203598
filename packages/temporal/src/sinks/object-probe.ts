/**
 * `zcc-sms doctor`'s object-store check: the sink's own client puts a tiny object under the prefix's
 * `_zcc-sms/` and deletes it again, with the keys and endpoint the worker would use. A refusal surfaces
 * as the sink reports it (`SinkConfigError` naming the fix); nothing is left behind.
 */
import { randomBytes } from 'node:crypto';
import type { ObjectStoreSettings } from './object-settings.ts';
import { objectTarget } from './object-spec.ts';
import { createObjectStore } from './object-store.ts';
import type { SinkSpec } from './sink.ts';

/**
 * Puts and deletes a probe object under an `s3` spec's prefix; resolves with the `s3://` URL it wrote to.
 *
 * @example
 * const where = await probeObjectSink({ type: 's3', bucket: 'sms-archive', prefix: 'zoom/' }, objectStoreSettingsFromEnv(process.env));
 */
export async function probeObjectSink(spec: SinkSpec, settings: ObjectStoreSettings): Promise<string> {
  const target = objectTarget(spec);
  const store = createObjectStore(target.bucket, settings);
  const key = `${target.prefix}_zcc-sms/doctor-${randomBytes(6).toString('hex')}`;
  try {
    await store.put(key, Buffer.from('probe\n'));
    await store.delete(key);
    return `s3://${target.bucket}/${target.prefix}`;
  } finally {
    store.close();
  }
}
