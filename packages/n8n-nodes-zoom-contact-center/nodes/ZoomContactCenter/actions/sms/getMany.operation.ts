/**
 * SMS → Get Many: every SMS engagement log of a range (split into month windows by the core, which also
 * deduplicates records on shared window edges and across page-token restarts), one item per engagement.
 */
import { MAX_PAGE_SIZE, type ZoomClient } from '@zcc-sms/core';
import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeProperties,
  updateDisplayOptions,
} from 'n8n-workflow';
import { cancelSignalOf } from '../../transport/zoom-client.ts';
import { type GetManyParameters, type GetManyRequest, getManyRequest } from './get-many-request.ts';
import { simplifySms } from './simplify.ts';
import { accountIdOption, filterFields, planOption } from './sms-filters.ts';

const properties: INodeProperties[] = [
  {
    displayName: 'Return All',
    name: 'returnAll',
    type: 'boolean',
    default: false,
    description: 'Whether to return all results or only up to a given limit',
  },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    typeOptions: { minValue: 1 },
    default: 50,
    description: 'Max number of results to return',
    displayOptions: { show: { returnAll: [false] } },
  },
  {
    displayName: 'From',
    name: 'from',
    type: 'dateTime',
    default: '',
    description:
      'Start of the range (in the workflow time zone unless the value has an offset). Leave From and To empty for the last 24 hours. Ranges longer than a month are split into months automatically.',
  },
  {
    displayName: 'To',
    name: 'to',
    type: 'dateTime',
    default: '',
    description: 'End of the range; required when From is set',
  },
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    options: filterFields,
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    options: [
      {
        displayName: 'Page Size',
        name: 'pageSize',
        type: 'number',
        typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
        default: MAX_PAGE_SIZE,
        description:
          'Records per request to Zoom (at most 100). Larger pages mean fewer requests against the rate limit.',
      },
      planOption,
      accountIdOption,
      {
        displayName: 'Simplify Output',
        name: 'simplify',
        type: 'boolean',
        default: false,
        description: 'Whether to return a simplified version of the response instead of the raw data',
      },
    ],
  },
];

export const description = updateDisplayOptions(
  { show: { resource: ['sms'], operation: ['getAll'] } },
  properties,
);

/** Reads the item's parameters (they may differ per item through expressions). */
export function readRequest(this: IExecuteFunctions, itemIndex: number): GetManyRequest {
  const parameters: GetManyParameters = {
    returnAll: this.getNodeParameter('returnAll', itemIndex, false) as boolean,
    limit: this.getNodeParameter('limit', itemIndex, 50) as number,
    from: this.getNodeParameter('from', itemIndex, ''),
    to: this.getNodeParameter('to', itemIndex, ''),
    filters: this.getNodeParameter('filters', itemIndex, {}) as GetManyParameters['filters'],
    options: this.getNodeParameter('options', itemIndex, {}) as GetManyParameters['options'],
  };
  return getManyRequest(parameters, this.getTimezone());
}

/** Runs one input item: its records as items paired with it. */
export async function execute(
  this: IExecuteFunctions,
  itemIndex: number,
  request: GetManyRequest,
  client: ZoomClient,
): Promise<INodeExecutionData[]> {
  const out: INodeExecutionData[] = [];
  if (request.limit !== undefined && request.limit <= 0) return out;
  const records = client.sms.records(request.query, {
    concurrency: request.concurrency,
    pageSize: request.pageSize,
    signal: cancelSignalOf(this),
  });
  for await (const record of records) {
    const json = request.simplify ? simplifySms(record) : (record as IDataObject);
    out.push({ json, pairedItem: { item: itemIndex } });
    if (request.limit !== undefined && out.length >= request.limit) break;
  }
  return out;
}
