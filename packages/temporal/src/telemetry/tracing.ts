/**
 * OpenTelemetry tracing, off unless the standard environment turns it on (OpenTelemetry's SDK environment
 * variables: https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/):
 *
 * - on when `OTEL_TRACES_EXPORTER` is `otlp`, or when it is unset and `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
 *   or `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the spec's default exporter is `otlp`; ours is off, so that
 *   a worker does not post spans to localhost:4318 nobody listens on);
 * - off when `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`.
 *
 * Spans go over OTLP/HTTP with JSON bodies (`@opentelemetry/exporter-trace-otlp-http`; OTLP/HTTP receivers
 * accept JSON as well as protobuf). The exporter reads `OTEL_EXPORTER_OTLP_HEADERS` and the timeout
 * variables itself. Temporal's interceptors (`@temporalio/interceptors-opentelemetry`) trace workflows,
 * activities and the client calls that start them; `observer` adds one span per Zoom request attempt.
 */
import { createRequire } from 'node:module';
import { context, type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import { type RequestEvent, type RequestObserver, ZoomInputError } from '@zcc-sms/core';
import { statusLabel } from './backfill-metrics.ts';

/** The workflow interceptor module of `@temporalio/interceptors-opentelemetry`, for workflow bundles. */
export const tracingWorkflowModule = createRequire(import.meta.url).resolve(
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
);

/** Tracing of one process, from `tracingFromEnv`. */
export interface Tracing {
  /** Where spans go (the traces endpoint), for a startup line. */
  readonly endpoint: string;
  /** Pass to the Zoom clients (`observer`): one span per HTTP attempt. */
  readonly observer: RequestObserver;
  /** Spread into `Worker.create` options: workflow and activity interceptors, the workflow span sink. */
  workerOptions(): Pick<WorkerOptions, 'interceptors' | 'sinks'>;
  /** For `new Client({ interceptors })`: workflow starts, signals and queries carry the trace. */
  clientInterceptors(): { workflow: OpenTelemetryWorkflowClientInterceptor[] };
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

/** The OTLP traces URL the environment names, or `undefined` when tracing is off. Throws for bad values. */
export function tracesEndpoint(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const unsupported = exporters.filter((e) => e !== 'otlp' && e !== 'none');
  if (unsupported.length > 0) {
    throw new ZoomInputError(
      'OTEL_TRACES_EXPORTER',
      env.OTEL_TRACES_EXPORTER,
      'is not supported',
      'use otlp, or none to turn tracing off',
    );
  }
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  const signal = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const on = exporters.includes('otlp') || (exporters.length === 0 && Boolean(signal || base));
  if (!on) return undefined;
  if (protocol !== undefined && protocol.trim() !== '' && !protocol.startsWith('http/')) {
    throw new ZoomInputError(
      env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL
        ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
        : 'OTEL_EXPORTER_OTLP_PROTOCOL',
      protocol,
      'is not supported',
      'use http/json or http/protobuf (zcc-sms sends OTLP over HTTP; point it at the collector port 4318)',
    );
  }
  // The spec: a signal endpoint is used as is; the base endpoint gets `/v1/traces` appended.
  const url = signal || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : 'http://localhost:4318/v1/traces');
  const name = signal ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new ZoomInputError(name, signal || base, 'is not an http(s) URL', 'use e.g. http://collector:4318');
  }
  return url;
}

/**
 * `OTEL_EXPORTER_OTLP_TRACES_HEADERS` (else `OTEL_EXPORTER_OTLP_HEADERS`): `key=value` pairs separated by
 * commas, values URL-encoded (the spec's format). Read here rather than by the exporter from
 * `process.env`, so headers set in a CLI's `.env` apply too.
 *
 * @example
 * otlpHeaders({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s3cr%3Dt,x-team=etl' }); // { 'api-key': 's3cr=t', 'x-team': 'etl' }
 */
export function otlpHeaders(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const text = env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS ?? '';
  const headers: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    const raw = pair.slice(at + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // Not URL-encoded after all: used as written.
    }
    if (key !== '') headers[key] = value;
  }
  return headers;
}

/** Span attributes of one attempt: counts and kinds only (no URL, query, header or record content). */
export function requestSpanAttributes(event: RequestEvent): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {
    'http.request.method': 'GET',
    'http.request.resend_count': event.attempt - 1,
    'zcc_sms.attempt': event.attempt,
    'zcc_sms.rate_limit': event.rateLimit,
    'zcc_sms.token_refresh': event.tokenRefresh,
  };
  if (event.status !== undefined) attributes['http.response.status_code'] = event.status;
  if (event.windowId !== undefined) attributes['zcc_sms.window_id'] = event.windowId;
  if (event.pageSize !== undefined) attributes['zcc_sms.page_size'] = event.pageSize;
  if (event.records !== undefined) attributes['zcc_sms.records'] = event.records;
  if (event.error !== undefined || event.networkError !== undefined)
    attributes['error.type'] = event.error ?? statusLabel(event);
  return attributes;
}

/** One span per attempt, ended as it is reported (its start is the attempt's send time). */
function requestSpans(tracer: Tracer): RequestObserver {
  return {
    onRequest(event) {
      const end = Date.now();
      const span: Span = tracer.startSpan(
        'GET /contact_center/sms',
        { kind: SpanKind.CLIENT, startTime: end - event.latencyMs, attributes: requestSpanAttributes(event) },
        context.active(),
      );
      if (event.error !== undefined || event.networkError !== undefined)
        span.setStatus({ code: SpanStatusCode.ERROR, message: event.error ?? event.networkError });
      span.end(end);
    },
  };
}

/**
 * Tracing as the environment asks (see the module comment), or `undefined` when it is off. Throws
 * `ZoomInputError` for a setting it cannot honour, before anything is sent.
 *
 * @example
 * const tracing = tracingFromEnv(process.env); // OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318
 * const clients = createZoomClientPool({ auth, observer: tracing?.observer });
 * const worker = await Worker.create({ ...options, ...tracing?.workerOptions() });
 * // on exit: await tracing?.shutdown();
 */
export function tracingFromEnv(env: Readonly<Record<string, string | undefined>>): Tracing | undefined {
  const endpoint = tracesEndpoint(env);
  if (endpoint === undefined) return undefined;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || 'zcc-sms' });
  const exporter = new OTLPTraceExporter({ url: endpoint, headers: otlpHeaders(env) });
  const processor = new BatchSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  const tracer = provider.getTracer('zcc-sms');
  // Request spans find their activity's span through the active context across awaits; a process
  // that registered a context manager already keeps its own (this returns false then).
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return {
    endpoint,
    observer: requestSpans(tracer),
    workerOptions: () => ({
      interceptors: {
        workflowModules: [tracingWorkflowModule],
        activity: [
          (ctx) => ({
            inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }),
            outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
        ],
      },
      sinks: { exporter: makeWorkflowExporter(processor, resource) },
    }),
    clientInterceptors: () => ({ workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer })] }),
    shutdown: () => provider.shutdown(),
  };
}
