/**
 * The object store's worker configuration from the environment: the standard AWS variables plus
 * ZCC_S3_*, with a malformed value named before anything connects.
 */
import { ZoomInputError } from '@zcc-sms/core';
import { describe, expect, it } from 'vitest';
import { objectStoreSettingsFromEnv } from '../src/index.ts';

describe('objectStoreSettingsFromEnv', () => {
  it('reads the AWS keys, region, endpoint and path style', () => {
    expect(
      objectStoreSettingsFromEnv({
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
        AWS_REGION: 'eu-west-1',
        ZCC_S3_ENDPOINT: 'http://127.0.0.1:9000',
        ZCC_S3_FORCE_PATH_STYLE: 'true',
        ZCC_S3_CONDITIONAL_WRITES: '0',
      }),
    ).toEqual({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
      conditionalWrites: false,
    });
  });

  it('defaults to AWS in us-east-1 with conditional writes, and no keys when none are set', () => {
    expect(objectStoreSettingsFromEnv({ AWS_DEFAULT_REGION: 'us-west-2' })).toEqual({
      region: 'us-west-2',
      endpoint: undefined,
      forcePathStyle: false,
      credentials: undefined,
      conditionalWrites: true,
    });
  });

  it.each([
    [{ ZCC_S3_ENDPOINT: 'minio:9000' }, /ZCC_S3_ENDPOINT: "minio:9000" is not an http\(s\) URL; use/],
    [{ ZCC_S3_ENDPOINT: 'http://u:pw@host' }, /ZCC_S3_ENDPOINT: .* holds credentials; put the keys in/],
    [
      { ZCC_S3_FORCE_PATH_STYLE: 'maybe' },
      /ZCC_S3_FORCE_PATH_STYLE: "maybe" is not a yes\/no value; use 1 or 0/,
    ],
    [
      { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' },
      /AWS_SECRET_ACCESS_KEY: .* is missing while AWS_ACCESS_KEY_ID is set/,
    ],
  ])('names a malformed variable and the fix: %j', (env, message) => {
    expect(() => objectStoreSettingsFromEnv(env)).toThrow(ZoomInputError);
    expect(() => objectStoreSettingsFromEnv(env)).toThrow(message);
  });

  it('never echoes the password of an endpoint URL', () => {
    expect(() => objectStoreSettingsFromEnv({ ZCC_S3_ENDPOINT: 'http://u:hunter22@host' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter22') }),
    );
  });
});
