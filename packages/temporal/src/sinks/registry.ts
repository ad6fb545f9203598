/**
 * Sinks on a worker, by spec. Specs come from workflow input and hold no secrets; connection strings are
 * worker configuration, looked up by name. Sinks are cached per spec, so every window of a worker shares
 * one PostgreSQL pool.
 */
import { stableJson } from '../stable-json.ts';
import { createNdjsonSink } from './ndjson-sink.ts';
import type { ObjectStoreSettings } from './object-settings.ts';
import { createObjectSinkFromSpec } from './object-spec.ts';
import { createPostgresSink } from './postgres-sink.ts';
import { type BackfillSink, SinkConfigError, type SinkFactory, type SinkSpec } from './sink.ts';
import { checkPostgresTarget, confinedDir } from './sink-guards.ts';

/** Options of `createSinkRegistry`: PostgreSQL connections by name, the NDJSON root and extra sink types. */
export interface SinkRegistryOptions {
  /** PostgreSQL connection strings by name; `default` is used when a spec names none. */
  readonly postgres?: Readonly<Record<string, string>> | undefined;
  /**
   * NDJSON specs may write only inside this directory (workflow input chooses the `dir`, the worker the
   * root). Default: the worker's working directory.
   */
  readonly ndjsonRoot?: string | undefined;
  /** Extra sink types (your own implementations), by `type`. */
  readonly factories?: Readonly<Record<string, SinkFactory>> | undefined;
  /** The object store `s3` specs write to (`objectStoreSettingsFromEnv`); without it they are refused. */
  readonly s3?: ObjectStoreSettings | undefined;
}

/** Sinks by spec, made once and shared by a worker's activities; `close()` releases them all. */
export interface SinkRegistry {
  /** The sink for a spec (made once per spec); `SinkConfigError` for a spec that cannot work. */
  get(spec: SinkSpec): BackfillSink;
  /** Closes every sink made. */
  close(): Promise<void>;
}

/**
 * The sinks a worker can write to: `ndjson`, `postgres`, `s3` and any `factories` you add.
 *
 * @example
 * const sinks = createSinkRegistry({ postgres: { default: process.env.ZCC_PG_URL! } });
 * const sink = sinks.get({ type: 'postgres', table: 'zoom_sms' });
 */
export function createSinkRegistry(options: SinkRegistryOptions = {}): SinkRegistry {
  const cache = new Map<string, BackfillSink>();
  const factories: Record<string, SinkFactory> = {
    ndjson: (spec) => {
      if (typeof spec.dir !== 'string' || spec.dir === '') {
        throw new SinkConfigError('sink.dir: missing; pass the directory for the .ndjson files, e.g. ./sms');
      }
      const dedupe = spec.dedupe === 'all' ? 'all' : 'edges';
      return createNdjsonSink({ dir: confinedDir(spec.dir, options.ndjsonRoot ?? process.cwd()), dedupe });
    },
    postgres: (spec) => {
      const name = typeof spec.connection === 'string' ? spec.connection : 'default';
      const connectionString = options.postgres?.[name];
      if (!connectionString) {
        throw new SinkConfigError(
          `sink.connection: no PostgreSQL connection "${name}" on this worker; set ZCC_PG_URL ` +
            '(or ZCC_PG_URL_<NAME> for a named one) in the worker environment',
        );
      }
      checkPostgresTarget(spec.target, connectionString, name);
      const table = typeof spec.table === 'string' ? spec.table : undefined;
      return createPostgresSink({ connectionString, table });
    },
    s3: (spec) => createObjectSinkFromSpec(spec, options.s3),
    ...options.factories,
  };
  return {
    get(spec) {
      const key = stableJson(spec);
      const cached = cache.get(key);
      if (cached) return cached;
      const factory = factories[spec.type];
      if (!factory) {
        throw new SinkConfigError(
          `sink.type: ${JSON.stringify(spec.type)} is not registered on this worker; use ${Object.keys(factories).join(' or ')}`,
        );
      }
      const sink = factory(spec);
      cache.set(key, sink);
      return sink;
    },
    async close() {
      const sinks = [...cache.values()];
      cache.clear();
      await Promise.allSettled(sinks.map((s) => s.close()));
    },
  };
}
