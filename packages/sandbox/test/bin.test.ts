import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { runSandboxCli } from '../src/index.ts';
import { basicAuth } from './support/http.ts';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

describe('zcc-sms-sandbox bin', () => {
  it('prints eval-able export lines, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '--port', '0', '--records', '500', '--seed', '4'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines: string[] = [];
      const rl = createInterface({ input: child.stdout });
      for await (const line of rl) {
        lines.push(line);
        if (lines.length === 5) break;
      }
      for (const line of lines) expect(line).toMatch(/^export ZOOM_[A-Z_]+=\S+$/);
      const script = `${lines.join('\n')}\nprintf '%s\\n' "$ZOOM_ACCOUNT_ID" "$ZOOM_CLIENT_ID" "$ZOOM_CLIENT_SECRET" "$ZOOM_API_BASE_URL" "$ZOOM_OAUTH_TOKEN_URL"`;
      const [accountId, clientId, clientSecret, baseUrl, tokenUrl] = execFileSync('sh', ['-c', script], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n');
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
      const token = await fetch(`${tokenUrl}?grant_type=account_credentials&account_id=${accountId}`, {
        method: 'POST',
        headers: { authorization: basicAuth(clientId!, clientSecret!) },
      });
      expect(token.status).toBe(200);
      const { access_token } = (await token.json()) as { access_token: string };
      const list = await fetch(`${baseUrl}/contact_center/sms`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(list.status).toBe(200);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('runSandboxCli prints help, rejects bad flags, and stops on an AbortSignal', async () => {
    let out = '';
    let err = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } };
    expect(await runSandboxCli(['--help'], io)).toBe(0);
    expect(out).toContain('Usage: zcc-sms-sandbox');
    expect(await runSandboxCli(['--plan', 'gold'], io)).toBe(2);
    expect(err).toContain('Invalid --plan "gold"');

    out = '';
    const controller = new AbortController();
    let started: Sandbox | undefined;
    const running = runSandboxCli(
      [
        '--records',
        '200',
        '--plan',
        '5/100',
        '--clock',
        'accelerated:60',
        '--variant',
        'boundField=end_time',
      ],
      { ...io, signal: controller.signal, onStarted: (s) => (started = s) },
    );
    while (!started) await new Promise((r) => setTimeout(r, 5));
    expect(started.control.variants().boundField).toBe('end_time');
    expect(started.control.rateLimit()).toEqual({ perSecond: 5, daily: 100 });
    expect(out.split('\n').filter((l) => l.startsWith('export ZOOM_'))).toHaveLength(5);
    controller.abort();
    expect(await running).toBe(0);
  });
});
