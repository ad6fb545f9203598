/**
 * Routes each input item to its resource/operation and turns failures into n8n errors (or error items
 * when "Continue On Fail" is on). One core client — one rate budget — serves every item of the execution.
 */
import type { RatePlanName, ZoomClient } from '@zcc-sms/core';
import { type IExecuteFunctions, type INodeExecutionData, NodeOperationError } from 'n8n-workflow';
import { toNodeError } from '../transport/node-errors.ts';
import { n8nZoomClient } from '../transport/zoom-client.ts';
import * as sms from './sms/sms.resource.ts';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const out: INodeExecutionData[] = [];
  // One client per (plan, account): a sub-account read through the master-account twin has its own limits.
  const clients = new Map<string, Promise<ZoomClient>>();
  const clientFor = (plan: RatePlanName, accountId: string | undefined): Promise<ZoomClient> => {
    const key = `${plan}|${accountId ?? ''}`;
    let client = clients.get(key);
    if (!client) {
      client = n8nZoomClient(this, { plan, accountId });
      clients.set(key, client);
    }
    return client;
  };

  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    try {
      const resource = this.getNodeParameter('resource', itemIndex) as string;
      const operation = this.getNodeParameter('operation', itemIndex) as string;
      if (resource !== 'sms' || operation !== 'getAll') {
        throw new NodeOperationError(
          this.getNode(),
          `The operation "${operation}" on "${resource}" is not supported`,
          {
            itemIndex,
          },
        );
      }
      const request = sms.getMany.readRequest.call(this, itemIndex);
      out.push(
        ...(await sms.getMany.execute.call(
          this,
          itemIndex,
          request,
          await clientFor(request.ratePlan, request.accountId),
        )),
      );
    } catch (error) {
      const nodeError = toNodeError(this.getNode(), error, itemIndex);
      if (this.continueOnFail()) {
        out.push({
          json: { error: nodeError.message, description: nodeError.description ?? null },
          pairedItem: { item: itemIndex },
        });
        continue;
      }
      throw nodeError;
    }
  }
  return [out];
}
