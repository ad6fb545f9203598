import {
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  NodeConnectionTypes,
} from 'n8n-workflow';
import { router } from './actions/router.ts';
import * as sms from './actions/sms/sms.resource.ts';

/**
 * Zoom Contact Center: SMS engagement logs (`GET /contact_center/sms`) through `@zcc-sms/core`, bundled.
 */
export class ZoomContactCenter implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Zoom Contact Center',
    name: 'zoomContactCenter',
    icon: { light: 'file:zoomContactCenter.svg', dark: 'file:zoomContactCenter.dark.svg' },
    group: ['input'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Read SMS engagement logs from Zoom Contact Center',
    defaults: { name: 'Zoom Contact Center' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'zoomContactCenterApi', required: true }],
    properties: [
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [{ name: 'SMS', value: 'sms' }],
        default: 'sms',
      },
      ...sms.description,
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await router.call(this);
  }
}
