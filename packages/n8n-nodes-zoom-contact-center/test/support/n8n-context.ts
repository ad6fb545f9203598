/**
 * Just enough of n8n's node execution context to run the node and the trigger in-process against the
 * sandbox over real HTTP. Its `httpRequestWithAuthentication` follows n8n-core's
 * `request-helpers/authentication.ts`: `preAuthentication` when the expirable token is empty, the
 * credential's `authenticate` header, and on a thrown 401 one refresh and one replay, everything else
 * wrapped in `NodeApiError`. The real n8n runs in test/e2e; this covers output shapes and error paths fast.
 */
import { type IDataObject, type IHttpRequestOptions, type INode, NodeApiError } from 'n8n-workflow';
import { ZoomContactCenterApi } from '../../credentials/ZoomContactCenterApi.credentials.ts';

export const NODE: INode = {
  id: 'node-1',
  name: 'Zoom Contact Center',
  type: 'n8n-nodes-zoom-contact-center.zoomContactCenter',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

async function httpRequest(options: IHttpRequestOptions) {
  const res = await fetch(options.url, {
    method: options.method ?? 'GET',
    headers: options.headers as Record<string, string>,
    body: typeof options.body === 'string' && options.body !== '' ? options.body : undefined,
    signal: options.abortSignal as AbortSignal | undefined,
  });
  const body = await res.text();
  const headers = Object.fromEntries(res.headers);
  const ignore = options.ignoreHttpStatusErrors;
  const ignored = ignore === true || (typeof ignore === 'object' && !ignore.except.includes(res.status));
  if (res.status >= 400 && !ignored) {
    throw Object.assign(new Error(`Request failed with status code ${res.status}`), {
      response: { status: res.status, data: body, headers },
    });
  }
  return { statusCode: res.status, headers, body };
}

export interface FakeContextOptions {
  credentials: IDataObject;
  /** Parameters per input item. */
  items: IDataObject[];
  continueOnFail?: boolean;
  mode?: 'manual' | 'trigger';
  staticData?: IDataObject;
  /** A trigger's poll context: `getNodeParameter(name, fallback)` has no item index. */
  poll?: boolean;
}

export function fakeContext(options: FakeContextOptions) {
  const credentialType = new ZoomContactCenterApi();
  const stored: IDataObject = { accessToken: '', ...options.credentials };
  const preAuthenticate = async () => {
    const output = await credentialType.preAuthentication.call(
      { helpers: { httpRequest } } as never,
      { ...stored } as never,
    );
    Object.assign(stored, output);
  };
  const authenticated = (o: IHttpRequestOptions): IHttpRequestOptions => ({
    ...o,
    headers: { ...o.headers, Authorization: `Bearer ${String(stored.accessToken)}` },
  });
  const httpRequestWithAuthentication = async (_type: string, o: IHttpRequestOptions) => {
    try {
      if (stored.accessToken === '') await preAuthenticate();
      return await httpRequest(authenticated(o));
    } catch (error) {
      if ((error as { response?: { status?: number } }).response?.status === 401) {
        try {
          await preAuthenticate();
          return await httpRequest(authenticated(o));
        } catch (retryError) {
          throw new NodeApiError(NODE, retryError as never);
        }
      }
      throw new NodeApiError(NODE, error as never);
    }
  };
  const param = (name: string, itemIndexOrFallback?: unknown, fallback?: unknown) => {
    const [index, def] =
      typeof itemIndexOrFallback === 'number' && options.poll !== true
        ? [itemIndexOrFallback, fallback]
        : [0, itemIndexOrFallback];
    const value = options.items[index]?.[name];
    return value === undefined ? def : value;
  };
  const staticData = options.staticData ?? {};
  return {
    stored,
    staticData,
    context: {
      getInputData: () => options.items.map(() => ({ json: {} })),
      getNodeParameter: param,
      getTimezone: () => 'UTC',
      getNode: () => NODE,
      getMode: () => options.mode ?? 'manual',
      continueOnFail: () => options.continueOnFail === true,
      getCredentials: async () => ({ ...stored }),
      getWorkflowStaticData: () => staticData,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      helpers: { httpRequest, httpRequestWithAuthentication },
    } as never,
  };
}
