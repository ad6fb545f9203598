/**
 * The SMS resource: its operations and their parameters.
 */
import type { INodeProperties } from 'n8n-workflow';
import * as getMany from './getMany.operation.ts';

export { getMany };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['sms'] } },
    options: [
      {
        name: 'Get Many',
        value: 'getAll',
        description: 'Get many SMS engagement logs',
        action: 'Get many SMS engagement logs',
      },
    ],
    default: 'getAll',
  },
  ...getMany.description,
];
