import type { SmsRecord } from '@zcc-sms/core';
import {
  type IDataObject,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  type IPollFunctions,
  NodeConnectionTypes,
  NodeOperationError,
} from 'n8n-workflow';
import { simplifySms } from '../ZoomContactCenter/actions/sms/simplify.ts';
import {
  accountIdOption,
  filterFields,
  planOption,
  toAccountId,
  toRatePlan,
  toSmsFilters,
} from '../ZoomContactCenter/actions/sms/sms-filters.ts';
import { toNodeError } from '../ZoomContactCenter/transport/node-errors.ts';
import { cancelSignalOf, n8nZoomClient } from '../ZoomContactCenter/transport/zoom-client.ts';
import { admitRecords, nextPollStep, readPollState } from './poll-state.ts';

const TEST_EVENT_DAYS = 7;

/**
 * Emits SMS engagements as Zoom completes them. Each poll reads [previous end − look-back, now] and drops
 * engagements already emitted (ids kept in workflow static data), so late-listed engagements are caught and
 * none is emitted twice. See poll-state.ts for the policy.
 */
export class ZoomContactCenterTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Zoom Contact Center Trigger',
    name: 'zoomContactCenterTrigger',
    icon: {
      light: 'file:../ZoomContactCenter/zoomContactCenter.svg',
      dark: 'file:../ZoomContactCenter/zoomContactCenter.dark.svg',
    },
    group: ['trigger'],
    version: 1,
    description: 'Starts the workflow when SMS engagements are completed in Zoom Contact Center',
    subtitle: 'SMS engagement completed',
    defaults: { name: 'Zoom Contact Center Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'zoomContactCenterApi', required: true }],
    properties: [
      {
        displayName: 'On First Activation',
        name: 'firstRun',
        type: 'options',
        options: [
          {
            name: 'Start From Now',
            value: 'now',
            description: 'Emit only engagements completed after the workflow is activated',
          },
          {
            name: 'Include the Last Days',
            value: 'lastDays',
            description: 'The first poll also emits the engagements of the last days',
          },
        ],
        default: 'now',
      },
      {
        displayName: 'Days',
        name: 'firstRunDays',
        type: 'number',
        typeOptions: { minValue: 1, maxValue: 366 },
        default: 7,
        description: 'How many days back the first poll reads',
        displayOptions: { show: { firstRun: ['lastDays'] } },
      },
      {
        displayName: 'Look-Back (Minutes)',
        name: 'lookbackMinutes',
        type: 'number',
        typeOptions: { minValue: 0, maxValue: 43200 },
        default: 60,
        description:
          'Each poll re-reads this many minutes before the previous poll, because Zoom lists an engagement only once it is completed. Use at least your longest SMS conversation; engagements already emitted are skipped.',
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
    ],
  };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    const options = this.getNodeParameter('options', {}) as {
      plan?: string;
      simplify?: boolean;
      accountId?: string;
    };
    const toItems = (records: readonly SmsRecord[]): INodeExecutionData[] =>
      records.map((record) => ({
        json: options.simplify === true ? simplifySms(record) : (record as IDataObject),
      }));
    try {
      const filters = toSmsFilters(this.getNodeParameter('filters', {}) as IDataObject);
      const firstRun = this.getNodeParameter('firstRun', 'now') === 'lastDays' ? 'lastDays' : 'now';
      const firstRunDays = Number(this.getNodeParameter('firstRunDays', 7));
      const lookbackMs = Math.max(0, Number(this.getNodeParameter('lookbackMinutes', 60))) * 60_000;
      const client = await n8nZoomClient(this, {
        plan: toRatePlan(options.plan),
        accountId: toAccountId(options.accountId),
      });
      const signal = cancelSignalOf(this);

      if (this.getMode() === 'manual') {
        // "Fetch Test Event": the most recent engagement, newest window first; static data is left alone.
        const days = firstRun === 'lastDays' ? firstRunDays : TEST_EVENT_DAYS;
        const now = Date.now();
        const step = nextPollStep({ version: 1, seen: {} }, now, {
          firstRun: 'lastDays',
          firstRunDays: days,
          lookbackMs,
        });
        if (step.kind !== 'fetch') return null;
        const query = { ...filters, from: step.from, to: step.to };
        const windows = client.windowsFor(query).reverse();
        for await (const page of client.sms.pages(query, { windows, concurrency: 1, pageSize: 10, signal })) {
          const latest = [...page.records].sort((a, b) =>
            (b.end_time ?? '').localeCompare(a.end_time ?? ''),
          )[0];
          if (latest) return [toItems([latest])];
        }
        throw new NodeOperationError(
          this.getNode(),
          `No SMS engagement matching the filters was completed in the last ${days} days`,
          {
            description: 'Widen the filters or the number of days, or wait for an engagement to complete.',
          },
        );
      }

      const staticData = this.getWorkflowStaticData('node');
      const state = readPollState(staticData);
      const step = nextPollStep(state, Date.now(), { firstRun, firstRunDays, lookbackMs });
      if (step.kind === 'initialize') {
        Object.assign(staticData, step.state);
        return null;
      }
      const records: SmsRecord[] = [];
      for await (const record of client.sms.records(
        { ...filters, from: step.from, to: step.to },
        { signal },
      )) {
        records.push(record);
      }
      const { fresh, state: next } = admitRecords(state, records, { to: step.to, lookbackMs });
      // Saved only once the whole window was read: a failed poll is retried whole and dedupe drops repeats.
      Object.assign(staticData, next);
      return fresh.length === 0 ? null : [toItems(fresh)];
    } catch (error) {
      throw toNodeError(this.getNode(), error, 0);
    }
  }
}
