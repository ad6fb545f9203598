/**
 * PII: with the AES-GCM codec, a consumer phone number used as a filter never reaches Temporal history in
 * clear — neither in the input nor in a failure message — while the backfill still lands the exact set.
 * The codec endpoint for the Temporal UI round-trips payloads.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  codecFromEnv,
  createAesGcmCodec,
  encryptedDataConverter,
  startBackfill,
  startCodecServer,
} from '../../src/index.ts';
import { expectExactSet, FAST, type Harness, ndjsonIds, RANGE, startHarness } from '../support/helpers.ts';

const k1 = randomBytes(32);
const codec = createAesGcmCodec({ keys: { k1 }, currentKeyId: 'k1' });

/** History as JSON plus every payload's data decoded from base64: where clear text would show. */
async function rawHistoryText(workflowId: string): Promise<string> {
  const connection = await Connection.connect({ address: inject('zccTemporalAddress') });
  try {
    const plain = new Client({ connection });
    const json = historyToJSON(await plain.workflow.getHandle(workflowId).fetchHistory());
    const decoded: string[] = [];
    JSON.parse(json, (key, value: unknown) => {
      if (key === 'data' && typeof value === 'string')
        decoded.push(Buffer.from(value, 'base64').toString('latin1'));
      return value;
    });
    return `${json}\n${decoded.join('\n')}`;
  } finally {
    await connection.close();
  }
}

describe('payload codec', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness(undefined, { codec });
    dir = await mkdtemp(join(tmpdir(), 'zcc-ndjson-'));
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps a consumer number filter out of history and lands the exact set', async () => {
    const phone = h.sandbox.records(RANGE)[0]!.consumer_number;
    const filters = { consumer_number: phone };
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...RANGE, filters, sink: { type: 'ndjson', dir }, options: FAST },
      { taskQueue: h.taskQueue },
    );
    await handle.result();
    expectExactSet(await ndjsonIds(dir), h.sandbox.groundTruth({ ...RANGE, ...filters }));
    const raw = await rawHistoryText(workflowId);
    expect(raw).toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(raw).not.toContain(phone);
    expect(raw).not.toContain(phone.replace('+', ''));
  });

  it('encodes failure messages too', async () => {
    const secretish = '+15550001234';
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'postgres', connection: secretish }, options: FAST },
      { taskQueue: h.taskQueue },
    );
    const error = await handle.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    // Decoded by the codec-aware client: the user sees the real reason.
    const cause = (error as WorkflowFailedError).cause as Error & { cause?: Error };
    expect(String(cause.cause?.message)).toContain('no PostgreSQL connection');
    const raw = await rawHistoryText(workflowId);
    expect(raw).toContain('Encoded failure');
    expect(raw).not.toContain(secretish);
  });

  it('serves /encode and /decode for the Temporal UI, with CORS for its origin', async () => {
    const server = await startCodecServer({
      codec,
      port: 0,
      corsOrigins: ['http://localhost:8233'],
      unauthenticatedLoopback: true,
    });
    try {
      const payload = {
        metadata: { encoding: Buffer.from('json/plain').toString('base64') },
        data: Buffer.from('"+15550001234"').toString('base64'),
      };
      const post = (path: string, body: unknown) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            origin: 'http://localhost:8233',
            'x-namespace': 'default',
          },
          body: JSON.stringify(body),
        });
      const encoded = await post('/encode', { payloads: [payload] });
      expect(encoded.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      const sealed = (await encoded.json()) as { payloads: Array<{ data: string }> };
      expect(Buffer.from(sealed.payloads[0]!.data, 'base64').toString('latin1')).not.toContain('15550001234');
      const decoded = (await (await post('/decode', sealed)).json()) as { payloads: unknown[] };
      expect(decoded.payloads[0]).toEqual(payload);
    } finally {
      await server.stop();
    }
  });

  it('histories sealed under the old key decode after a rotation; a wrong or missing key says which id', async () => {
    const { handle, workflowId } = await startBackfill(
      h.client,
      { ...RANGE, sink: { type: 'ndjson', dir: join(dir, 'rotation') }, options: FAST },
      { taskQueue: h.taskQueue },
    );
    const sealed = await handle.result();
    const clientWith = async (env: Record<string, string>) => {
      const connection = await Connection.connect({ address: inject('zccTemporalAddress') });
      const client = new Client({ connection, dataConverter: encryptedDataConverter(codecFromEnv(env)) });
      return { client, close: () => connection.close() };
    };
    // Rotated: a new current key k2, k1 kept to open what it sealed.
    const rotated = await clientWith({
      ZCC_CODEC_KEY: randomBytes(32).toString('base64'),
      ZCC_CODEC_KEY_ID: 'k2',
      ZCC_CODEC_OLD_KEYS: `k1:${k1.toString('base64')}`,
    });
    // The same id with other bytes: the key does not match.
    const wrongKey = randomBytes(32).toString('base64');
    const wrong = await clientWith({ ZCC_CODEC_KEY: wrongKey, ZCC_CODEC_KEY_ID: 'k1' });
    // k1 dropped from the configuration.
    const missing = await clientWith({
      ZCC_CODEC_KEY: randomBytes(32).toString('base64'),
      ZCC_CODEC_KEY_ID: 'k2',
    });
    try {
      expect(await rotated.client.workflow.getHandle(workflowId).result()).toEqual(sealed);
      const wrongError = await wrong.client.workflow
        .getHandle(workflowId)
        .result()
        .catch((e: unknown) => e as Error);
      expect(String(wrongError)).toMatch(/codec key "k1" does not decrypt .*the key does not match/);
      expect(String(wrongError)).not.toContain(wrongKey);
      expect(String(wrongError)).not.toContain(k1.toString('base64'));
      const missingError = await missing.client.workflow
        .getHandle(workflowId)
        .result()
        .catch((e: unknown) => e as Error);
      expect(String(missingError)).toMatch(/codec key "k1", which this process does not have/);
    } finally {
      await Promise.all([rotated.close(), wrong.close(), missing.close()]);
    }
  });
});
