/**
 * Credential and workflow documents in the shape `n8n import:credentials` / `import:workflow` read.
 */
import type { Sandbox } from '@zcc-sms/sandbox';

export const NODE_TYPE = 'n8n-nodes-zoom-contact-center.zoomContactCenter';
export const TRIGGER_TYPE = 'n8n-nodes-zoom-contact-center.zoomContactCenterTrigger';
export const CREDENTIAL_TYPE = 'zoomContactCenterApi';

/** A credential pointing at the sandbox (Environment: Custom). `data` is encrypted by the import. */
export function sandboxCredential(id: string, sandbox: Sandbox, overrides: Record<string, string> = {}) {
  return {
    id,
    name: `Zoom sandbox ${id}`,
    type: CREDENTIAL_TYPE,
    data: {
      accountId: sandbox.credentials.accountId,
      clientId: sandbox.credentials.clientId,
      clientSecret: sandbox.credentials.clientSecret,
      environment: 'custom',
      apiBaseUrl: sandbox.baseUrl,
      tokenUrl: sandbox.tokenUrl,
      accessToken: '',
      ...overrides,
    },
  };
}

interface NodeSpec {
  name: string;
  type: string;
  parameters: Record<string, unknown>;
  credentialId?: string;
  typeVersion?: number;
}

/** A linear workflow: each node feeds the next. */
export function linearWorkflow(
  id: string,
  name: string,
  nodes: NodeSpec[],
  extra: Record<string, unknown> = {},
) {
  const connections: Record<string, unknown> = {};
  nodes.forEach((node, i) => {
    const next = nodes[i + 1];
    if (next) connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
  });
  return {
    id,
    name,
    active: false,
    nodes: nodes.map((node, i) => ({
      id: `${id}-node-${i}`,
      name: node.name,
      type: node.type,
      typeVersion: node.typeVersion ?? 1,
      position: [i * 220, 0],
      parameters: node.parameters,
      ...(node.credentialId
        ? {
            credentials: {
              [CREDENTIAL_TYPE]: { id: node.credentialId, name: `Zoom sandbox ${node.credentialId}` },
            },
          }
        : {}),
    })),
    connections,
    settings: { executionOrder: 'v1' },
    pinData: {},
    ...extra,
  };
}

export const manualTrigger = (): NodeSpec => ({
  name: 'Start',
  type: 'n8n-nodes-base.manualTrigger',
  parameters: {},
});
