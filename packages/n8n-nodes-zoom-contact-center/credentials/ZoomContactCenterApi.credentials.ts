import { serverToServerTokenProvider } from '@zcc-sms/core';
import type {
  DeclarativeRestApiSettings,
  IAuthenticateGeneric,
  ICredentialDataDecryptedObject,
  ICredentialTestRequest,
  ICredentialType,
  IDataObject,
  IHttpRequestHelper,
  INodeProperties,
} from 'n8n-workflow';
import { API_BASE_URL_EXPRESSION, endpointsOf } from '../nodes/ZoomContactCenter/transport/endpoints.ts';
import { type N8nFullResponse, n8nTransport } from '../nodes/ZoomContactCenter/transport/n8n-transport.ts';

/**
 * Zoom Server-to-Server OAuth for the Contact Center API. The access token is fetched by
 * `preAuthentication` into the hidden `expirable` field `accessToken`: n8n stores it with the credential,
 * reuses it across executions and fetches a new one after a 401 (n8n `CredentialsHelper.preAuthentication`).
 * The token request and its errors are the core's (`serverToServerTokenProvider`): a wrong secret fails
 * with a message that says which fields to check, and is never retried.
 */
export class ZoomContactCenterApi implements ICredentialType {
  name = 'zoomContactCenterApi';

  displayName = 'Zoom Contact Center API';

  icon = {
    light: 'file:../nodes/ZoomContactCenter/zoomContactCenter.svg',
    dark: 'file:../nodes/ZoomContactCenter/zoomContactCenter.dark.svg',
  } as const;

  documentationUrl =
    'https://github.com/zcc-sms/zcc-sms/tree/main/packages/n8n-nodes-zoom-contact-center#credentials';

  properties: INodeProperties[] = [
    {
      displayName:
        'Create a Server-to-Server OAuth app in the Zoom App Marketplace with the scope contact_center_sms:read:admin (or contact_center:read:sms_log:admin), activate it, and copy its credentials here.',
      name: 'notice',
      type: 'notice',
      default: '',
    },
    {
      displayName: 'Account ID',
      name: 'accountId',
      type: 'string',
      required: true,
      default: '',
    },
    {
      displayName: 'Client ID',
      name: 'clientId',
      type: 'string',
      required: true,
      default: '',
    },
    {
      displayName: 'Client Secret',
      name: 'clientSecret',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
    },
    {
      displayName: 'Environment',
      name: 'environment',
      type: 'options',
      options: [
        { name: 'Zoom', value: 'zoom', description: 'api.zoom.us and zoom.us/oauth/token' },
        { name: 'ZoomGov', value: 'zoomGov', description: 'api.zoomgov.com and zoomgov.com/oauth/token' },
        {
          name: 'Custom',
          value: 'custom',
          description: 'Other hosts, for example a proxy or a test sandbox',
        },
      ],
      default: 'zoom',
    },
    {
      displayName: 'API Base URL',
      name: 'apiBaseUrl',
      type: 'string',
      default: 'https://api.zoom.us/v2',
      displayOptions: { show: { environment: ['custom'] } },
    },
    {
      displayName: 'Token URL',
      name: 'tokenUrl',
      type: 'string',
      default: 'https://zoom.us/oauth/token',
      displayOptions: { show: { environment: ['custom'] } },
    },
    {
      displayName: 'Access Token',
      name: 'accessToken',
      type: 'hidden',
      typeOptions: { expirable: true, password: true },
      default: '',
    },
  ];

  async preAuthentication(
    this: IHttpRequestHelper,
    credentials: ICredentialDataDecryptedObject,
  ): Promise<IDataObject> {
    const { tokenUrl } = endpointsOf(credentials);
    const send = (request: Parameters<typeof this.helpers.httpRequest>[0]) =>
      this.helpers.httpRequest(request) as Promise<N8nFullResponse>;
    const provider = serverToServerTokenProvider({
      accountId: String(credentials.accountId ?? '').trim(),
      clientId: String(credentials.clientId ?? '').trim(),
      clientSecret: String(credentials.clientSecret ?? '').trim(),
      tokenUrl,
      transport: n8nTransport(send, { authenticated: false }),
      clock: { now: () => Date.now() },
    });
    return { accessToken: await provider.getToken() };
  }

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
  };

  // One List SMS request for the last 24 hours: proves the token and the SMS scope together.
  test: ICredentialTestRequest = {
    request: {
      baseURL: API_BASE_URL_EXPRESSION,
      url: '/contact_center/sms',
      method: 'GET',
      qs: { page_size: 1 },
    } satisfies DeclarativeRestApiSettings.HttpRequestOptions,
  };
}
