/**
 * The embedded mode without a `temporal` CLI: the SDK's download either works, or the command stops with
 * what to install — never a silent wait. The deadline is injected, so no test waits minutes.
 */
import { describe, expect, it } from 'vitest';
import { CliError } from '../src/cli-error.ts';
import { EXIT } from '../src/exit-codes.ts';
import { downloadOrExplain } from '../src/temporal/temporal-binary.ts';

describe('downloadOrExplain', () => {
  it('returns what the download started', async () => {
    await expect(downloadOrExplain(async () => 'server', 1_000)).resolves.toBe('server');
  });

  it('turns a failed download into one error that names what to install, keeping the cause', async () => {
    const failure = new Error('dns error: failed to lookup address information');
    const error = await downloadOrExplain(() => Promise.reject(failure), 1_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.failure);
    expect((error as CliError).message).toMatch(/dns error/);
    expect((error as CliError).message).toMatch(/TEMPORAL_CLI_PATH/);
    expect((error as CliError).message).toMatch(/--temporal-address HOST:PORT/);
    expect((error as CliError).cause).toBe(failure);
  });

  it('stops a download that never answers at the deadline instead of hanging', async () => {
    const error = await downloadOrExplain(() => new Promise<never>(() => {}), 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(/no dev server after 0 s.*install the temporal CLI/);
  });
});
