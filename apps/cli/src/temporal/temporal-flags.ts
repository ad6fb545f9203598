/**
 * Flags every Temporal-facing command takes. Temporal's standard environment variables apply as well
 * (`TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS_CLIENT_CERT_PATH`, …,
 * `TEMPORAL_PROFILE`); the flags override them.
 */
import type { FlagTable } from '../command.ts';

export const TEMPORAL_FLAGS: FlagTable = {
  'temporal-address': {
    type: 'string',
    value: 'HOST:PORT',
    description:
      'Temporal frontend (TEMPORAL_ADDRESS); without it, the embedded local Temporal in ./.zcc-sms/',
    group: 'Temporal',
  },
  namespace: {
    type: 'string',
    value: 'NS',
    description: 'Temporal namespace (TEMPORAL_NAMESPACE, default "default")',
    group: 'Temporal',
  },
  'state-dir': {
    type: 'string',
    value: 'DIR',
    description: 'Where the embedded Temporal keeps its data (default ./.zcc-sms)',
    group: 'Temporal',
  },
};
