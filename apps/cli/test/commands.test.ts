/**
 * The command surface: `--help` for every command (with examples), `--version`, and `sandbox` printing
 * the ZOOM_* lines that another shell (or .env) uses to point the CLI at it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { COMMANDS } from '../src/commands/index.ts';
import { runCli } from './support/cli-process.ts';

describe('help and version', () => {
  it('prints the version', async () => {
    const run = await runCli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('lists every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command.name} `);
  });

  it.each(COMMANDS.filter((c) => !c.rawArgs).map((c) => c.name))(
    '%s --help has usage, flags and examples',
    async (name) => {
      const run = await runCli([name, '--help']);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^Usage: zcc-sms ${name}`));
      expect(run.stdout).toContain('--debug');
      expect(run.stdout).toMatch(/\nExamples:\n {2}zcc-sms /);
    },
  );
});

describe('sandbox', () => {
  it('prints export lines that point an export at it, until Ctrl-C', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'zcc-cli-sandbox-'));
    try {
      let lines = '';
      const sandbox = runCli(['sandbox', '--records', '300', '--from', '2026-01-01', '--to', '2026-01-31'], {
        onStdout: (text, child) => {
          lines += text;
          if (lines.split('\n').filter((l) => l.startsWith('export ZOOM_')).length === 5) {
            void (async () => {
              // The printed lines as a .env file (the dotenv reader accepts `export KEY=value`).
              await writeFile(join(cwd, '.env'), lines);
              const run = await runCli(
                ['export', '--from', '2026-01-01', '--to', '2026-01-31', '--max-rps', '100'],
                { cwd, env: {} },
              );
              expect(run.stderr).toMatch(/^Exported 300 engagements from 1 window in/);
              expect(run.stdout.trim().split('\n')).toHaveLength(300);
              child.kill('SIGINT');
            })();
          }
        },
      });
      const result = await sandbox;
      expect(result.stdout).toMatch(
        /^export ZOOM_ACCOUNT_ID=\S+\nexport ZOOM_CLIENT_ID=\S+\nexport ZOOM_CLIENT_SECRET=\S+\nexport ZOOM_API_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/v2\nexport ZOOM_OAUTH_TOKEN_URL=http:\/\/127\.0\.0\.1:\d+\/oauth\/token\n$/,
      );
      expect(result.stderr).toContain('# zcc-sms sandbox: 300 records');
      expect(result.code).toBe(0);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
