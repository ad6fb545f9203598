import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './dev-server-launcher.ts';

const execFileAsync = promisify(execFile);

export interface PostgresOptions {
  /** Directory holding initdb/pg_ctl/createdb. Default: `ZCC_PG_BIN`, else the newest `/usr/lib/postgresql/<v>/bin`. */
  binDir?: string;
  /** Database created for the caller (default `zcc`). */
  database?: string;
}

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/<database>` (trust authentication, loopback only). */
  url: string;
  port: number;
  database: string;
  /**
   * Stops the server abruptly (`-m immediate`: open connections die, crash recovery on start) and starts
   * it again on the same port and data — for fault tests.
   */
  restart(): Promise<void>;
  /** Stops the server (immediate shutdown) and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a throw-away PostgreSQL cluster (Debian's binaries) on a free loopback port, with fsync off,
 * and creates one database. Commits stay synchronous: `restart()` crashes the server (`-m immediate`),
 * and with `synchronous_commit=off` it lost transactions it had already acknowledged — a page and its
 * checkpoint the sink was told were landed (restarts.e2e once landed 2,990 of 3,000). fsync off only
 * risks what a power loss would; the OS keeps the written WAL across a server crash. Works as root (initdb refuses root, so the cluster runs as the `postgres`
 * OS user through `runuser`) and as a normal user.
 *
 * @example
 * const server = await startPostgres();
 * const client = new pg.Client({ connectionString: server.url });
 * // …
 * await server.stop();
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = resolvePgBin(options.binDir);
  const database = options.database ?? 'zcc';
  const dir = await mkdtemp(join(tmpdir(), 'zcc-pg-'));
  const dataDir = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? 'postgres' : userInfo().username;
  const run = async (tool: string, args: string[]): Promise<void> => {
    const file = join(bin, tool);
    try {
      if (asRoot) await execFileAsync('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: dir });
      else await execFileAsync(file, args, { cwd: dir });
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
      throw new Error(`${tool} ${args.join(' ')} failed (as ${owner}): ${detail}`);
    }
  };
  try {
    if (asRoot) {
      // The `postgres` user must own the cluster directory; it also needs to traverse the temp dir.
      const { uid, gid } = postgresIds();
      chownSync(dir, uid, gid);
      await chmod(dir, 0o700);
    }
    await run('initdb', [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      '--no-locale',
    ]);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const start = () =>
        run('pg_ctl', [
          'start',
          '-w',
          '-t',
          '60',
          '-D',
          dataDir,
          '-l',
          join(dir, 'postgres.log'),
          '-o',
          `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
        ]);
      try {
        await start();
        await run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
        return {
          url: `postgres://postgres@127.0.0.1:${port}/${database}`,
          port,
          database,
          restart: async () => {
            await run('pg_ctl', ['stop', '-m', 'immediate', '-w', '-D', dataDir]);
            await start();
          },
          stop: async () => {
            await run('pg_ctl', ['stop', '-m', 'immediate', '-w', '-D', dataDir]).catch(() => undefined);
            await rm(dir, { recursive: true, force: true });
          },
        };
      } catch (error) {
        // Most likely the port was taken between freePort() and bind: try another one.
        lastError = error;
        await run('pg_ctl', ['stop', '-m', 'immediate', '-w', '-D', dataDir]).catch(() => undefined);
      }
    }
    throw lastError;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The PostgreSQL binaries directory, or a clear error naming how to install them. */
export function resolvePgBin(explicit?: string): string {
  const candidate = explicit ?? process.env.ZCC_PG_BIN;
  if (candidate) {
    if (!existsSync(join(candidate, 'initdb'))) {
      throw new Error(`ZCC_PG_BIN=${candidate} has no initdb. Run scripts/bootstrap (installs postgresql).`);
    }
    return candidate;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) {
    throw new Error(
      'PostgreSQL binaries not found (no ZCC_PG_BIN, no /usr/lib/postgresql/*/bin). Run scripts/bootstrap.',
    );
  }
  return join(root, newest, 'bin');
}

function postgresIds(): { uid: number; gid: number } {
  // `id` is the portable way to read the passwd entry without a native module.
  let uid = Number.NaN;
  let gid = Number.NaN;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    // handled below
  }
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error('Running as root needs the `postgres` OS user (created by the postgresql package).');
  }
  return { uid, gid };
}
