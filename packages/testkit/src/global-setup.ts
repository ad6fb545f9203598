import { type PostgresServer, startPostgres } from './postgres.ts';
import { startTemporalDevServer, type TemporalDevServer } from './temporal-dev-server.ts';

/** What a vitest `globalSetup` receives (structural, so this package does not depend on vitest). */
export interface ProvideContext {
  provide(key: string, value: unknown): void;
}

/** Keys under which {@link setupServices} provides its addresses: read them with vitest's `inject(key)`. */
export const TEMPORAL_ADDRESS_KEY = 'zccTemporalAddress';
export const POSTGRES_URL_KEY = 'zccPostgresUrl';

/**
 * One Temporal dev server and/or one PostgreSQL for a whole vitest run. Returns the teardown.
 *
 * @example
 * // test/support/global-setup.ts
 * import { setupServices } from '@zcc-sms/testkit';
 * export default (project) => setupServices(project, { temporal: true, postgres: true });
 * // in a test: const address = inject('zccTemporalAddress');
 */
export async function setupServices(
  context: ProvideContext,
  wanted: { temporal?: boolean; postgres?: boolean },
): Promise<() => Promise<void>> {
  const started: Array<TemporalDevServer | PostgresServer> = [];
  const stopAll = async () => {
    await Promise.allSettled(started.map((s) => s.stop()));
  };
  const [temporal, postgres] = await Promise.allSettled([
    wanted.temporal ? startTemporalDevServer() : undefined,
    wanted.postgres ? startPostgres() : undefined,
  ]);
  if (temporal.status === 'fulfilled' && temporal.value) started.push(temporal.value);
  if (postgres.status === 'fulfilled' && postgres.value) started.push(postgres.value);
  for (const result of [temporal, postgres]) {
    if (result.status === 'rejected') {
      await stopAll();
      throw result.reason;
    }
  }
  if (temporal.status === 'fulfilled' && temporal.value)
    context.provide(TEMPORAL_ADDRESS_KEY, temporal.value.address);
  if (postgres.status === 'fulfilled' && postgres.value)
    context.provide(POSTGRES_URL_KEY, postgres.value.url);
  return stopAll;
}
