/**
 * What the codec and its endpoint refuse, and how the user hears about it: configuration mistakes named
 * by variable and key id (never a key), unencrypted payloads without the migration opt-in, and requests to
 * the codec endpoint without the token, from a foreign page (Origin), under a rebound host name (Host), or
 * with an oversized body.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Payload } from '@temporalio/common';
import { ZoomInputError } from '@zcc-sms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodecServer, codecFromEnv, startCodecServer } from '../src/index.ts';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
const plain: Payload = {
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from('"+15550001234"'),
};

function configError(env: Record<string, string>): ZoomInputError {
  try {
    codecFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ZoomInputError);
    return error as ZoomInputError;
  }
  throw new Error('expected a configuration error');
}

describe('codec configuration', () => {
  it('refuses an old key under the current key id, naming the variable and the id, never a key', () => {
    const error = configError({ ZCC_CODEC_KEY: k2, ZCC_CODEC_KEY_ID: 'k1', ZCC_CODEC_OLD_KEYS: `k1:${k1}` });
    expect(error.field).toBe('ZCC_CODEC_OLD_KEYS');
    expect(error.message).toMatch(/reuses the current key id "k1" \(ZCC_CODEC_KEY_ID\)/);
    expect(error.message).not.toContain(k1);
    expect(error.message).not.toContain(k2);
    // With the default id too.
    expect(configError({ ZCC_CODEC_KEY: k2, ZCC_CODEC_OLD_KEYS: `default:${k1}` }).message).toMatch(
      /current key id "default"/,
    );
  });

  it('refuses malformed entries and keys of the wrong size instead of ignoring them', () => {
    expect(configError({ ZCC_CODEC_KEY: k2, ZCC_CODEC_OLD_KEYS: k1 }).problem).toMatch(
      /not an id:base64 entry/,
    );
    const short = randomBytes(16).toString('base64');
    const error = configError({
      ZCC_CODEC_KEY: k2,
      ZCC_CODEC_KEY_ID: 'k2',
      ZCC_CODEC_OLD_KEYS: `k1:${short}`,
    });
    expect(error.message).toMatch(/ZCC_CODEC_OLD_KEYS: "k1:…" holds a key that is not base64 of 32 bytes/);
    expect(error.message).not.toContain(short);
    expect(configError({ ZCC_CODEC_KEY: 'not a key' }).field).toBe('ZCC_CODEC_KEY');
    expect(
      configError({ ZCC_CODEC_KEY: k2, ZCC_CODEC_KEY_ID: 'k2', ZCC_CODEC_OLD_KEYS: `k1:${k1},k1:${k1}` })
        .problem,
    ).toMatch(/twice/);
  });

  it('rotation: payloads sealed under the old key open with it in ZCC_CODEC_OLD_KEYS; new ones use the new key', async () => {
    const before = codecFromEnv({ ZCC_CODEC_KEY: k1, ZCC_CODEC_KEY_ID: 'k1' })!;
    const after = codecFromEnv({
      ZCC_CODEC_KEY: k2,
      ZCC_CODEC_KEY_ID: 'k2',
      ZCC_CODEC_OLD_KEYS: `k1:${k1}`,
    })!;
    const sealed = await before.encode([plain]);
    expect(await after.decode(sealed)).toEqual([plain]);
    const resealed = await after.encode([plain]);
    expect(Buffer.from(resealed[0]!.metadata!['encryption-key-id']!).toString()).toBe('k2');
    await expect(before.decode(resealed)).rejects.toThrow(/codec key "k2", which this process does not have/);
  });

  it('a wrong key names the key id and says it does not match, instead of "unable to authenticate data"', async () => {
    const sealed = await codecFromEnv({ ZCC_CODEC_KEY: k1, ZCC_CODEC_KEY_ID: 'k1' })!.encode([plain]);
    const wrong = codecFromEnv({ ZCC_CODEC_KEY: k2, ZCC_CODEC_KEY_ID: 'k1' })!;
    const error = await wrong.decode(sealed).catch((e: Error) => e);
    expect(String(error)).toMatch(/codec key "k1" does not decrypt .*the key does not match/);
    expect(String(error)).not.toMatch(/unable to authenticate/);
    expect(String(error)).not.toContain(k1);
    expect(String(error)).not.toContain(k2);
  });

  it('refuses unencrypted payloads unless ZCC_CODEC_ACCEPT_PLAINTEXT=true (migrating old histories)', async () => {
    const strict = codecFromEnv({ ZCC_CODEC_KEY: k1 })!;
    await expect(strict.decode([plain])).rejects.toThrow(
      /Refusing an unencrypted payload .*ZCC_CODEC_ACCEPT_PLAINTEXT=true/,
    );
    const migrating = codecFromEnv({ ZCC_CODEC_KEY: k1, ZCC_CODEC_ACCEPT_PLAINTEXT: 'true' })!;
    expect(await migrating.decode([plain])).toEqual([plain]);
    expect(configError({ ZCC_CODEC_KEY: k1, ZCC_CODEC_ACCEPT_PLAINTEXT: 'maybe' }).field).toBe(
      'ZCC_CODEC_ACCEPT_PLAINTEXT',
    );
  });
});

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** A raw request (fetch cannot set `Host`). */
function post(
  server: CodecServer,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<Answer> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    // The server may close the connection before reading an oversized body.
    req.on('error', reject);
    req.end(body);
  });
}

describe('codec server', () => {
  const codec = codecFromEnv({ ZCC_CODEC_KEY: k1 })!;
  const token = randomBytes(16).toString('hex');
  const body = JSON.stringify({
    payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: 'IjEi' }],
  });
  let server: CodecServer;
  beforeAll(async () => {
    server = await startCodecServer({
      codec,
      port: 0,
      bearerToken: token,
      corsOrigins: ['http://localhost:8233'],
      maxBodyBytes: 64 * 1024,
    });
  });
  afterAll(() => server?.stop());

  it('needs a token, or an explicit loopback-only opt-in', async () => {
    await expect(startCodecServer({ codec, port: 0 })).rejects.toThrow(/bearerToken is not set/);
    await expect(
      startCodecServer({ codec, port: 0, host: '0.0.0.0', unauthenticatedLoopback: true }),
    ).rejects.toThrow(/needs a loopback host/);
  });

  it('rejects requests without the right bearer token', async () => {
    expect((await post(server, '/encode', {}, body)).status).toBe(401);
    expect((await post(server, '/encode', { authorization: 'Bearer wrong' }, body)).status).toBe(401);
    expect((await post(server, '/encode', { authorization: `Bearer ${token}` }, body)).status).toBe(200);
  });

  it('rejects a foreign Origin and a non-loopback Host (DNS rebinding)', async () => {
    const auth = { authorization: `Bearer ${token}` };
    expect((await post(server, '/encode', { ...auth, origin: 'https://evil.example' }, body)).status).toBe(
      403,
    );
    expect((await post(server, '/encode', { ...auth, host: 'evil.example:8888' }, body)).status).toBe(403);
    expect((await post(server, '/encode', { ...auth, origin: 'http://localhost:8233' }, body)).status).toBe(
      200,
    );
    expect((await post(server, '/encode', { ...auth, host: 'localhost:8888' }, body)).status).toBe(200);
  });

  it('rejects an oversized body with 413, declared or streamed', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const huge = JSON.stringify({ payloads: [{ data: 'A'.repeat(200 * 1024) }] });
    expect((await post(server, '/decode', auth, huge)).status).toBe(413);
    expect((await post(server, '/decode', { ...auth, 'transfer-encoding': 'chunked' }, huge)).status).toBe(
      413,
    );
  });

  it('answers a payload it cannot open with the reason, never a key; shows unencrypted ones as they are', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const other = codecFromEnv({ ZCC_CODEC_KEY: k2 })!;
    const [sealed] = await other.encode([plain]);
    const foreign = JSON.stringify({
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(sealed!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
          ),
          data: Buffer.from(sealed!.data!).toString('base64'),
        },
      ],
    });
    const answer = await post(server, '/decode', auth, foreign);
    expect(answer.status).toBe(422);
    expect((JSON.parse(answer.body) as { message: string }).message).toMatch(
      /codec key "default" does not decrypt/,
    );
    expect(answer.body).not.toContain(k1);
    expect(answer.body).not.toContain(k2);
    // A history from before encryption: the UI shows it; only workers refuse plain input.
    const shown = await post(server, '/decode', auth, body);
    expect(shown.status).toBe(200);
    expect(JSON.parse(shown.body)).toEqual(JSON.parse(body));
  });
});
